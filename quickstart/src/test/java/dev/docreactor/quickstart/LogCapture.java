package dev.docreactor.quickstart;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Every log line (message and stack trace) of this JVM from INFO up, kept in memory while attached. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    private LogCapture() {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts capturing on the root logger. */
    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** The lines captured so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
