package dev.docreactor.reactor.ctl;

import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * reactorctl: operate a reactor through its HTTP API and its Kafka topics. Run as
 * {@code java -jar reactor-app.jar ctl <subcommand>} (or {@code deploy/bin/reactorctl}).
 *
 * <p>Global options may appear before or after the subcommand. Results go to stdout (text, or JSON
 * with {@code --output json}); progress and errors go to stderr; an error is one line and a non-zero
 * exit code (1: the operation failed, 2: the command line or configuration is wrong).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true, version = "reactorctl 0.1.0",
    description = "Operate a reactor: documents through its HTTP API, its event bus and dead letters through Kafka.",
    subcommands = {CreateCommand.class, SubmitCommand.class, GetCommand.class, OpsCommand.class, TailCommand.class,
        SyncStatusCommand.class, DlqCommand.class, ResumeCommand.class})
public final class ReactorCtl {

    /** The default Kafka cluster when none is given. */
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
        defaultValue = "${env:REACTORCTL_URL:-http://localhost:" + ReactorConfig.HTTP_PORT_DEFAULT + "}",
        description = "The reactor's HTTP API (env REACTORCTL_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
        description = "File holding the bearer token for an API with http.authentication=token (env REACTORCTL_TOKEN holds "
            + "the token itself; never on the command line, where other users see it). HTTPS trusts the JVM's truststore.")
    Path tokenFile;

    @Option(names = "--bootstrap-servers", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
        defaultValue = "${env:REACTORCTL_BOOTSTRAP_SERVERS}",
        description = "Kafka cluster of the reactor's topics (env REACTORCTL_BOOTSTRAP_SERVERS; default: bootstrap.servers "
            + "of --config, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    @Option(names = "--reactor-id", scope = ScopeType.INHERIT, paramLabel = "ID",
        defaultValue = "${env:REACTORCTL_REACTOR_ID}",
        description = "The reactor's id; derives its topics: <id>.queue, <id>.dlq, reactor-<id>-operations-changelog "
            + "(env REACTORCTL_REACTOR_ID; default: reactor.id of --config, else " + ReactorConfig.REACTOR_ID_DEFAULT + ").")
    String reactorId;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
        description = "The reactor's properties file: reactor.id, bootstrap.servers, topic overrides and "
            + "streams.security.*/ssl.*/sasl.* client settings are taken from it.")
    Path config;

    @Option(names = "--command-config", scope = ScopeType.INHERIT, paramLabel = "FILE",
        description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's own tools take them.")
    Path commandConfig;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json", defaultValue = "text",
        converter = OutputFormat.Converter.class, description = "Output for people (text) or scripts (json).")
    OutputFormat output;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "60s",
        converter = DurationConverter.class,
        description = "Longest wait for the reactor or Kafka, e.g. 30s, 2m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    private Properties fileProps;

    /** A command line for reactorctl with its error handling; used by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ReactorCtl());
    }

    /** Entry point of {@code java -cp reactor-app.jar dev.docreactor.reactor.ctl.ReactorCtl}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The HTTP client for {@link #url}. */
    ReactorClient client() {
        return new ReactorClient(url, timeout, token());
    }

    private String token() {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new CtlException("cannot read --token-file " + tokenFile + ": " + e.getMessage(), 2);
            }
        }
        return System.getenv("REACTORCTL_TOKEN");
    }

    /** The reactor's configuration as far as reactorctl knows it (id and topic names). */
    ReactorConfig reactorConfig() {
        Map<String, Object> props = new HashMap<>();
        fileProps().forEach((k, v) -> props.put(k.toString(), v));
        if (reactorId != null && !reactorId.isBlank()) {
            props.put(ReactorConfig.REACTOR_ID, reactorId.trim());
        }
        try {
            return new ReactorConfig(props);
        } catch (ConfigException e) {
            throw new CtlException(e.getMessage(), 2);
        }
    }

    /** The Kafka cluster to use. */
    String bootstrapServers() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers.trim();
        }
        String fromFile = fileProps().getProperty(ReactorConfig.BOOTSTRAP_SERVERS, "").trim();
        return fromFile.isEmpty() ? DEFAULT_BOOTSTRAP : fromFile;
    }

    /** Kafka client settings: the cluster, security from --config's streams.* keys, then --command-config. */
    Properties clientProps() {
        Properties props = new Properties();
        fileProps().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(ReactorConfig.STREAMS_PREFIX)) {
                String client = key.substring(ReactorConfig.STREAMS_PREFIX.length());
                if (client.startsWith("security.") || client.startsWith("ssl.") || client.startsWith("sasl.")) {
                    props.put(client, v);
                }
            }
        });
        if (commandConfig != null) {
            props.putAll(load(commandConfig, "--command-config"));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "reactorctl");
        long ms = Math.max(1000, timeout.toMillis());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, ms));
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, Math.min(ms, 30_000)));
        return props;
    }

    /** The output format. */
    OutputFormat output() {
        return output;
    }

    /** The longest wait. */
    Duration timeout() {
        return timeout;
    }

    private Properties fileProps() {
        if (fileProps == null) {
            fileProps = config == null ? new Properties() : load(config, "--config");
        }
        return fileProps;
    }

    private static Properties load(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new CtlException("cannot read " + option + " file " + file, 2);
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new CtlException("cannot read " + option + " file " + file + ": " + e.getMessage(), 2);
        }
        return props;
    }

    /** Parses durations like {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT30S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.startsWith("pt") || v.startsWith("p")) {
                    return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 500ms, 30s, 2m");
            }
        }
    }
}
