package dev.docreactor.reactor.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the reactor's topics when missing and refuses to start when an existing topic is incompatible,
 * with a message saying what differs and what to change.
 */
public final class TopicManager {

    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);
    private static final long TIMEOUT_SECONDS = 60;
    /** Pause between asks for the leaders of new partitions. */
    private static final long LEADER_RETRY_MS = 50;

    /**
     * What a topic must look like.
     *
     * @param name topic name
     * @param partitions partitions to create it with; also required of an existing topic when {@code exactPartitions}
     * @param exactPartitions whether an existing topic must have exactly {@code partitions}
     * @param cleanupPolicy the cleanup policy it must have ({@code delete} or {@code compact})
     * @param purpose why the topic needs that policy, for the error message
     * @param maxMessageBytes the {@code max.message.bytes} to create it with, and the least an existing
     *     topic must accept (the largest record the reactor writes to it); 0 for no requirement
     * @param retentionMs the {@code retention.ms} to create it with, and the least an existing topic must
     *     keep records: {@value #KEEP_FOREVER} for no time retention, {@value #BROKER_DEFAULT} for no requirement
     */
    public record TopicSpec(String name, int partitions, boolean exactPartitions, String cleanupPolicy, String purpose,
            int maxMessageBytes, long retentionMs) {

        /** {@code retentionMs}: the broker's default retention, no requirement. */
        public static final long BROKER_DEFAULT = 0;
        /** {@code retentionMs}: records are never deleted for their age. */
        public static final long KEEP_FOREVER = -1;

        /** A spec without a record-size requirement. */
        public TopicSpec(String name, int partitions, boolean exactPartitions, String cleanupPolicy, String purpose) {
            this(name, partitions, exactPartitions, cleanupPolicy, purpose, 0);
        }

        /** A spec without a retention requirement. */
        public TopicSpec(String name, int partitions, boolean exactPartitions, String cleanupPolicy, String purpose,
                         int maxMessageBytes) {
            this(name, partitions, exactPartitions, cleanupPolicy, purpose, maxMessageBytes, BROKER_DEFAULT);
        }

        Map<String, String> creationConfigs() {
            Map<String, String> configs = new HashMap<>();
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
            if (maxMessageBytes > 0) {
                configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
            }
            if (retentionMs != BROKER_DEFAULT) {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
            }
            return configs;
        }
    }

    private final Admin admin;
    private final short replicationFactor;

    /**
     * @param admin admin client of the reactor's cluster
     * @param replicationFactor replication factor for created topics, -1 for the broker's default
     */
    public TopicManager(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates missing topics and checks existing ones.
     *
     * @param specs the topics required; {@code createIfMissing} is false for topics that Kafka Streams
     *     creates itself and that are only checked when they exist
     * @param checkOnly names among {@code specs} that are checked but never created
     * @throws IncompatibleTopicException when an existing topic differs from its spec
     */
    public void ensure(Collection<TopicSpec> specs, Set<String> checkOnly) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            List<TopicSpec> toCheck = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    toCheck.add(spec);
                } else if (!checkOnly.contains(spec.name())) {
                    toCreate.add(new NewTopic(spec.name(), Optional.of(spec.partitions()),
                        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                        .configs(spec.creationConfigs()));
                }
            }
            check(toCheck);
            create(toCreate);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list or create the reactor's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private void create(List<NewTopic> topics) throws InterruptedException, TimeoutException, ExecutionException {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        topics.forEach(t -> log.info("Created topic {} ({} partitions, cleanup.policy={})",
            t.name(), t.numPartitions(), t.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)));
        awaitLeaders(topics);
    }

    /**
     * Waits until the leader of every partition of {@code topics} answers (a ListOffsets request, which the
     * admin client retries while the partition is not led yet). An idempotent producer with several requests
     * in flight that writes to a partition in the moment before its leader serves it can lose its first batch
     * on Apache Kafka 4.3.1 (KAFKA-15591: the first request is refused as not led, a later one is appended,
     * every retry of the first is then out of order); the reactor's producers write only after this.
     */
    private void awaitLeaders(List<NewTopic> topics) throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                // The admin client does not retry a topic whose metadata has not reached the broker it asked.
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(LEADER_RETRY_MS, TimeUnit.MILLISECONDS)).join();
        }
    }

    private void check(List<TopicSpec> specs) throws InterruptedException, TimeoutException, ExecutionException {
        if (specs.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(specs.stream().map(TopicSpec::name).toList())
            .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, TopicSpec> resources = new HashMap<>();
        specs.forEach(s -> resources.put(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), s));
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources.keySet()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<ConfigResource, TopicSpec> entry : resources.entrySet()) {
            TopicSpec spec = entry.getValue();
            Config config = configs.get(entry.getKey());
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            problems.addAll(problems(spec, descriptions.get(spec.name()).partitions().size(), policy));
            problems.addAll(sizeProblems(spec, config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)));
            problems.addAll(retentionProblems(spec, config.get(TopicConfig.RETENTION_MS_CONFIG)));
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleTopicException("Refusing to start: " + String.join("; ", problems));
        }
    }

    /** What differs between an existing topic and its spec; empty when compatible. */
    static List<String> problems(TopicSpec spec, int partitions, String cleanupPolicy) {
        List<String> problems = new ArrayList<>();
        Set<String> policies = Set.of(cleanupPolicy.replace(" ", "").split(","));
        if (!policies.contains(spec.cleanupPolicy())) {
            problems.add("topic " + spec.name() + " has cleanup.policy=" + cleanupPolicy + " but needs "
                + spec.cleanupPolicy() + " (" + spec.purpose() + "); change it with kafka-configs --alter "
                + "--entity-type topics --entity-name " + spec.name() + " --add-config cleanup.policy=" + spec.cleanupPolicy()
                + ", or configure another topic name");
        } else if (spec.cleanupPolicy().equals(TopicConfig.CLEANUP_POLICY_DELETE) && policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            problems.add("topic " + spec.name() + " has cleanup.policy=" + cleanupPolicy + " but must not be compacted ("
                + spec.purpose() + "); set cleanup.policy=delete");
        }
        if (spec.exactPartitions() && partitions != spec.partitions()) {
            problems.add("topic " + spec.name() + " has " + partitions + " partitions but needs " + spec.partitions()
                + " (" + spec.purpose() + ")");
        }
        return problems;
    }

    /** Why an existing topic would refuse the reactor's largest record to it; empty when it accepts it. */
    static List<String> sizeProblems(TopicSpec spec, ConfigEntry maxMessageBytes) {
        if (spec.maxMessageBytes() <= 0 || maxMessageBytes == null || maxMessageBytes.value() == null) {
            return List.of();
        }
        long accepted = Long.parseLong(maxMessageBytes.value());
        if (accepted >= spec.maxMessageBytes()) {
            return List.of();
        }
        return List.of("topic " + spec.name() + " accepts records of at most " + accepted + " bytes (max.message.bytes) but the "
            + "reactor writes records of up to " + spec.maxMessageBytes() + " bytes to it (derived from reactor.max.state.bytes, "
            + "reactor.max.job.bytes and reactor.max.actions.per.job); raise it with kafka-configs --alter --entity-type topics "
            + "--entity-name " + spec.name() + " --add-config max.message.bytes=" + spec.maxMessageBytes()
            + ", or lower those limits");
    }

    /** Why an existing topic would delete records sooner than its spec promises to keep them; empty when it keeps them. */
    static List<String> retentionProblems(TopicSpec spec, ConfigEntry retentionMs) {
        if (spec.retentionMs() == TopicSpec.BROKER_DEFAULT || retentionMs == null || retentionMs.value() == null) {
            return List.of();
        }
        long kept = Long.parseLong(retentionMs.value());
        boolean forever = kept < 0;
        if (forever || (spec.retentionMs() > 0 && kept >= spec.retentionMs())) {
            return List.of();
        }
        String wanted = spec.retentionMs() < 0 ? "no time retention" : "at least " + spec.retentionMs() + " ms";
        return List.of("topic " + spec.name() + " deletes records after " + kept + " ms (retention.ms) but needs "
            + wanted + " (" + spec.purpose() + "); change it with kafka-configs --alter --entity-type topics "
            + "--entity-name " + spec.name() + " --add-config retention.ms=" + spec.retentionMs());
    }

    /** An existing topic cannot be used as it is. */
    public static final class IncompatibleTopicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompatibleTopicException(String message) {
            super(message);
        }
    }
}
