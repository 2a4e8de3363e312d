package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of reactorctl's subcommands: reaches the global options, writes results to the command line's
 * stdout and turns every failure into one line on its stderr and an exit code.
 */
abstract class CtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CtlException e) {
            return fail(e.getMessage(), e.exitCode());
        } catch (KafkaException e) {
            return fail("Kafka at " + ctl().bootstrapServers() + ": " + rootMessage(e), CtlException.FAILED);
        } catch (RuntimeException e) {
            return fail("unexpected " + e.getClass().getSimpleName() + ": " + rootMessage(e), CtlException.FAILED);
        }
    }

    /** Runs the command; returns the exit code. */
    abstract int execute();

    /** The top-level command, holding the global options. */
    final ReactorCtl ctl() {
        CommandSpec s = spec;
        while (s != null) {
            if (s.userObject() instanceof ReactorCtl ctl) {
                return ctl;
            }
            s = s.parent();
        }
        throw new IllegalStateException("reactorctl subcommand used outside reactorctl");
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    final boolean json() {
        return ctl().output() == OutputFormat.JSON;
    }

    /** Whether the process runs on an interactive terminal (progress is then rewritten in place). */
    static boolean interactive() {
        return System.console() != null;
    }

    /** Prints one JSON document on one line. */
    final void printJson(JsonNode node) {
        try {
            out().println(ReactorClient.MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CtlException("cannot print JSON: " + e.getOriginalMessage());
        }
        out().flush();
    }

    /** Prints a line of text. */
    final void print(String line) {
        out().println(line);
        out().flush();
    }

    private int fail(String message, int exitCode) {
        String oneLine = message == null ? "failed" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        err().println("error: " + oneLine);
        err().flush();
        return exitCode;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
