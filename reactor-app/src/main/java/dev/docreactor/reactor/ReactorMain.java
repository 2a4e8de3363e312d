package dev.docreactor.reactor;

import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.serde.AvroLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The reactor's command line: {@code java -jar reactor-app.jar run [--config FILE]}. */
@Command(name = "reactor", mixinStandardHelpOptions = true, version = "reactor 0.1.0",
    description = "An event-sourced document reactor on Kafka Streams.",
    subcommands = {ReactorMain.Run.class, ReactorMain.ConfigReference.class, ReactorMain.HashToken.class, dev.docreactor.reactor.ctl.ReactorCtl.class})
public final class ReactorMain {

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReactorMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }).execute(args));
    }

    /** Starts a reactor and runs until interrupted. */
    @Command(name = "run", description = "Start the reactor on the Kafka cluster of bootstrap.servers, or, with --embedded-kafka, "
        + "on an embedded single-node broker it starts.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", description = "Properties file; environment variables REACTOR_<KEY> override it. Unknown keys refuse the start.")
        Path config;

        @Option(names = "--embedded-kafka", description = "Start an embedded single-node Kafka broker (data under data.dir) "
            + "and use it, for trying the reactor on one machine: sets " + ReactorConfig.EMBEDDED_KAFKA_ENABLED + "=true.")
        boolean embeddedKafka;

        @Override
        public Integer call() throws Exception {
            ReactorConfig reactorConfig;
            try {
                reactorConfig = configure(load(config), config == null ? "(none)" : config.toString(), embeddedKafka, System.getenv());
            } catch (ConfigException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            // No Avro string, byte array or collection inside a record is longer than the largest record.
            AvroLimits.install(reactorConfig.limits().maxProducerRequestBytes());
            Reactor reactor = new Reactor(reactorConfig, new DocumentModelRegistry());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                reactor.close();
                stopped.countDown();
            }, "reactor-shutdown"));
            reactor.start();
            System.out.printf("Reactor %s running: HTTP http://localhost:%d, Kafka %s, queue %s, event bus %s%n",
                reactorConfig.reactorId(), reactor.httpPort(), reactor.bootstrapServers(), reactorConfig.queueTopic(),
                reactorConfig.eventBusTopic());
            stopped.await();
            return 0;
        }
    }

    /** Prints the configuration reference (Markdown), generated from the ConfigDef. */
    @Command(name = "config-reference", description = "Print the configuration reference as Markdown.")
    static final class ConfigReference implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(ReactorConfig.markdownReference());
            return 0;
        }
    }

    /** Prints the form of a bearer token the principals file holds, reading the token from stdin (never from the command line). */
    @Command(name = "hash-token", description = "Read an HTTP bearer token from stdin and print its sha256:<hex> for http.auth.principals.file.")
    static final class HashToken implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            String token = new String(System.in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                System.err.println("error: no token on stdin; e.g. openssl rand -base64 32 | tee token | reactor hash-token");
                return 2;
            }
            System.out.println(dev.docreactor.reactor.api.PrincipalsFile.hash(token));
            return 0;
        }
    }

    /**
     * The configuration {@code run} starts with: the file, the environment (which wins), and the
     * {@code --embedded-kafka} flag; refused when unknown keys are set or when there is no Kafka cluster.
     */
    static ReactorConfig configure(Properties file, String fileName, boolean embeddedFlag, Map<String, String> env) {
        Properties props = new Properties();
        props.putAll(file);
        if (embeddedFlag) {
            props.setProperty(ReactorConfig.EMBEDDED_KAFKA_ENABLED, "true");
        }
        ReactorConfig config = ReactorConfig.fromFileAndEnv(props, fileName, env);
        if (embeddedFlag && !config.embeddedKafka()) {
            throw new ConfigException("--embedded-kafka is turned off here: the environment sets " + ConfigKeys.envName(ReactorConfig.EMBEDDED_KAFKA_ENABLED)
                + "=false (as the container image does, where broker data would live off the volume); set "
                + ConfigKeys.envName(ReactorConfig.BOOTSTRAP_SERVERS) + " to your Kafka cluster");
        }
        config.requireKafka();
        return config;
    }

    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IOException("cannot read config file " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }
}
