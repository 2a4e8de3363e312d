package dev.docreactor.quickstart;

import dev.docreactor.embedded.KafkaCluster;
import dev.docreactor.reactor.ReactorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings every reactor of these integration tests starts with; a test adds its own. */
final class TestReactors {

    private TestReactors() {
    }

    /**
     * Reactor {@code id} on {@code cluster}: an ephemeral HTTP port, its state under {@code dir}/state-{@code id},
     * {@code partitions} partitions, one stream thread. A mutable map.
     */
    static Map<String, Object> props(String id, KafkaCluster cluster, Path dir, int partitions) {
        Map<String, Object> props = new HashMap<>();
        props.put(ReactorConfig.REACTOR_ID, id);
        props.put(ReactorConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        props.put(ReactorConfig.HTTP_PORT, 0);
        props.put(ReactorConfig.STATE_DIR, dir.resolve("state-" + id).toString());
        props.put(ReactorConfig.TOPIC_PARTITIONS, partitions);
        props.put("streams.num.stream.threads", "1");
        return props;
    }
}
