package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Overrides;
import dev.docreactor.bench.baseline.BareProcessorApp;
import dev.docreactor.bench.child.ChildJvm;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the reactor and its bare baseline as child JVMs with the same settings. */
final class Components {

    /** Partitions of every queue / input topic (the reactor's default). */
    static final int PARTITIONS = 6;

    /**
     * Consumer-group settings of both the reactor and the bare processor: a 10 s session (Kafka's default is
     * 45 s) so that a stopped instance, which Kafka Streams does not remove from its group, is evicted sooner.
     */
    static final Map<String, Object> GROUP_SETTINGS = Map.of(
        "streams.consumer.session.timeout.ms", 10_000,
        "streams.consumer.heartbeat.interval.ms", 1_000);

    private Components() {
    }

    /** Settings of a reactor on {@code bootstrap} with its state under {@code stateDir}. */
    static Map<String, Object> reactorConfig(String reactorId, String bootstrap, Path stateDir) {
        Map<String, Object> config = new HashMap<>();
        config.put("reactor.id", reactorId);
        config.put("bootstrap.servers", bootstrap);
        config.put("http.port", 0);
        config.put("http.host", "127.0.0.1");
        config.put("state.dir", stateDir.toAbsolutePath().toString());
        config.put("reactor.topic.partitions", PARTITIONS);
        config.put("processing.guarantee", "exactly_once_v2");
        config.put("streams.num.stream.threads", 1);
        config.putAll(GROUP_SETTINGS);
        config.putAll(reactorOverrides());
        return config;
    }

    /**
     * Reactor settings given to the benchmark as system properties {@code bench.reactor.<key>=<value>}, for
     * experiments (for example {@code -Dbench.reactor.reactor.commit.eager.interval.ms=0}); every report lists
     * each component's settings in its logs folder.
     */
    static Map<String, String> reactorOverrides() {
        return Overrides.withPrefix("bench.reactor.");
    }

    /** Settings of the bare processor reading {@code input} and writing {@code output}. */
    static Map<String, Object> bareConfig(String applicationId, String bootstrap, Path stateDir, String input, String output) {
        Map<String, Object> config = new HashMap<>();
        config.put(BareProcessorApp.APPLICATION_ID, applicationId);
        config.put(BareProcessorApp.BOOTSTRAP_SERVERS, bootstrap);
        config.put(BareProcessorApp.STATE_DIR, stateDir.toAbsolutePath().toString());
        config.put(BareProcessorApp.INPUT_TOPIC, input);
        config.put(BareProcessorApp.OUTPUT_TOPIC, output);
        config.put("streams.num.stream.threads", 1);
        config.putAll(GROUP_SETTINGS);
        return config;
    }

    static ChildJvm startReactor(BenchContext context, String name, Map<String, Object> config) {
        return ChildJvm.start(name, "reactor", config, context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
    }

    static ChildJvm startBare(BenchContext context, String name, Map<String, Object> config) {
        return ChildJvm.start(name, "bare", config, context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
    }

    /** The median of a non-empty array. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
