package dev.docreactor.bench.sync;

import dev.docreactor.bench.Overrides;
import java.util.HashMap;
import java.util.Map;

/** Settings of the sync connector's dedicated mode and of MirrorMaker 2 for one benchmark flow A → B. */
public final class SyncConfigs {

    private SyncConfigs() {
    }

    /**
     * The sync connector in pull mode on the target cluster: reads {@code sourceReactorId}'s event bus on
     * the source cluster and writes LOAD jobs into {@code targetReactorId}'s queue. Every setting not
     * named here is the connector's default, but for those given to the benchmark as system properties
     * {@code bench.sync.<key>=<value>}, for experiments; in a key, {@code remote.*.} stands for the source's
     * remote (for example {@code -Dbench.sync.remote.*.scheduler.min.interval.ms=200}).
     *
     * @param name a name unique in the run: the Connect group, its internal topics and so its offsets
     */
    public static Map<String, Object> connector(String name, String targetBootstrap, String targetReactorId,
                                                String sourceBootstrap, String sourceReactorId) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", targetBootstrap);
        props.put("sync.name", name);
        props.put("local.reactor.id", targetReactorId);
        props.put("remotes", sourceReactorId);
        props.put("remote." + sourceReactorId + ".reactor.id", sourceReactorId);
        props.put("remote." + sourceReactorId + ".bootstrap.servers", sourceBootstrap);
        props.put("remote." + sourceReactorId + ".mode", "pull");
        props.put("listeners", "http://127.0.0.1:0");
        Overrides.withPrefix("bench.sync.").forEach((key, value) ->
            props.put(key.replace("remote.*.", "remote." + sourceReactorId + "."), value));
        return props;
    }

    /**
     * MirrorMaker 2 (dedicated mode) copying {@code topic} from the source to the target cluster, one
     * task, reading committed records only, heartbeats, checkpoints and config/ACL syncing off; the copy is
     * {@code <sourceAlias>.<topic>}.
     *
     * @param sourceAlias alias of the source cluster, unique in the run (it names MM2's internal topics)
     */
    public static Map<String, Object> mirrorMaker(String sourceAlias, String sourceBootstrap, String targetAlias,
                                                  String targetBootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put("clusters", sourceAlias + "," + targetAlias);
        props.put(sourceAlias + ".bootstrap.servers", sourceBootstrap);
        props.put(targetAlias + ".bootstrap.servers", targetBootstrap);
        props.put(sourceAlias + "->" + targetAlias + ".enabled", "true");
        props.put(sourceAlias + "->" + targetAlias + ".topics", topic);
        props.put(targetAlias + "->" + sourceAlias + ".enabled", "false");
        // Copy committed operations only, like the connector (and every read_committed consumer of the event bus):
        // by default MirrorMaker 2 reads uncommitted records, which includes aborted ones.
        props.put(sourceAlias + ".consumer.isolation.level", "read_committed");
        props.put(sourceAlias + "->" + targetAlias + ".source.consumer.isolation.level", "read_committed");
        props.put("tasks.max", "1");
        props.put("replication.factor", "1");
        props.put("offset-syncs.topic.replication.factor", "1");
        props.put("heartbeats.topic.replication.factor", "1");
        props.put("checkpoints.topic.replication.factor", "1");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("emit.heartbeats.enabled", "false");
        props.put("emit.checkpoints.enabled", "false");
        props.put("sync.group.offsets.enabled", "false");
        props.put("sync.topic.configs.enabled", "false");
        props.put("sync.topic.acls.enabled", "false");
        props.put("refresh.topics.interval.seconds", "5");
        props.put("bench.mm2.source", sourceAlias);
        props.put("bench.mm2.target", targetAlias);
        return props;
    }

    /** The name of MirrorMaker 2's copy of {@code topic} on the target. */
    public static String mirroredTopic(String sourceAlias, String topic) {
        return sourceAlias + "." + topic;
    }
}
