package dev.docreactor.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each principal of the system needs, and nothing more: one definition that the
 * documentation (kafka-acls commands, Strimzi {@code KafkaUser} ACLs) is generated from and that the
 * secured integration test applies on a broker with the standard authorizer.
 *
 * <ul>
 *   <li>{@link #reactor}: a reactor on its own cluster: its queue, dead letters and job results, Kafka
 *       Streams' internal topics ({@code reactor-<id>-*}), its consumer group and transactional ids.</li>
 *   <li>{@link #syncLocal}: the sync connector's Connect worker on its home cluster: Connect's own topics,
 *       group and transactional ids ({@code sync-<name>-*} for tasks, {@code connect-cluster-sync-<name>}
 *       for the leader's writes to the config topic under exactly-once source support), the local event bus (read, push), the local
 *       queue and dead letters (write, pull), the local reactor's lag (describe).</li>
 *   <li>{@link #syncRemote}: the same connector's principal on a remote cluster: read the remote event bus,
 *       write the remote queue and dead letters.</li>
 * </ul>
 *
 * <p>Prefixed patterns ({@code reactor-<id>-}, {@code sync-<name>-}) are Kafka Streams' and Connect's own
 * naming; choose reactor ids and sync names so that none is another followed by {@code -}
 * (e.g. {@code a} and {@code a-1}), or the shorter one's ACLs cover the other's resources.
 */
public final class AccessControl {

    private static final List<AclOperation> OWN_TOPIC = List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
        AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
    private static final List<AclOperation> WRITE_TOPIC = List.of(AclOperation.DESCRIBE, AclOperation.WRITE);
    private static final List<AclOperation> READ_TOPIC = List.of(AclOperation.DESCRIBE, AclOperation.READ);
    private static final List<AclOperation> TRANSACTIONS = List.of(AclOperation.DESCRIBE, AclOperation.WRITE);

    private AccessControl() {
    }

    /**
     * What reactor {@code reactorId} needs on its cluster, as {@code principal} (e.g. {@code User:reactor-a}).
     */
    public static List<AclBinding> reactor(String principal, String reactorId) {
        List<AclBinding> acls = new ArrayList<>();
        String app = TopicNames.applicationId(reactorId);
        add(acls, principal, ResourceType.TOPIC, TopicNames.queue(reactorId), PatternType.LITERAL, OWN_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.jobResults(reactorId), PatternType.LITERAL, OWN_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.deadLetters(reactorId), PatternType.LITERAL,
            List.of(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.WRITE));
        add(acls, principal, ResourceType.TOPIC, TopicNames.internalTopicPrefix(reactorId), PatternType.PREFIXED, OWN_TOPIC);
        add(acls, principal, ResourceType.GROUP, app, PatternType.LITERAL, List.of(AclOperation.READ));
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, app + "-", PatternType.PREFIXED, TRANSACTIONS);
        return acls;
    }

    /**
     * What the sync connector's Connect worker needs on its home cluster, as {@code principal}.
     *
     * @param syncName the dedicated mode's {@code sync.name} (its worker group is {@code sync-<name>})
     * @param localReactorId the reactor on the home cluster
     * @param sinkGroups the consumer groups of the push connectors ({@code connect-<connector name>})
     */
    public static List<AclBinding> syncLocal(String principal, String syncName, String localReactorId, List<String> sinkGroups) {
        List<AclBinding> acls = new ArrayList<>();
        String worker = "sync-" + Objects.requireNonNull(syncName, "syncName");
        add(acls, principal, ResourceType.TOPIC, worker + "-", PatternType.PREFIXED, OWN_TOPIC);
        add(acls, principal, ResourceType.GROUP, worker, PatternType.LITERAL, List.of(AclOperation.READ));
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, worker + "-", PatternType.PREFIXED, TRANSACTIONS);
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, "connect-cluster-" + worker, PatternType.LITERAL, TRANSACTIONS);
        add(acls, principal, ResourceType.TOPIC, TopicNames.eventBus(localReactorId), PatternType.LITERAL, READ_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.queue(localReactorId), PatternType.LITERAL, WRITE_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.deadLetters(localReactorId), PatternType.LITERAL, WRITE_TOPIC);
        add(acls, principal, ResourceType.GROUP, TopicNames.applicationId(localReactorId), PatternType.LITERAL,
            List.of(AclOperation.DESCRIBE));
        for (String group : sinkGroups) {
            add(acls, principal, ResourceType.GROUP, group, PatternType.LITERAL, List.of(AclOperation.READ));
        }
        return acls;
    }

    /** What the sync connector needs on the cluster of remote reactor {@code remoteReactorId}, as {@code principal}. */
    public static List<AclBinding> syncRemote(String principal, String remoteReactorId) {
        List<AclBinding> acls = new ArrayList<>();
        add(acls, principal, ResourceType.TOPIC, TopicNames.eventBus(remoteReactorId), PatternType.LITERAL, READ_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.queue(remoteReactorId), PatternType.LITERAL, WRITE_TOPIC);
        add(acls, principal, ResourceType.TOPIC, TopicNames.deadLetters(remoteReactorId), PatternType.LITERAL, WRITE_TOPIC);
        return acls;
    }

    /**
     * The ACLs as {@code kafka-acls.sh} commands, one per resource; {@code $BOOTSTRAP} and
     * {@code admin.properties} (the administrator's client settings) are left to the reader.
     */
    public static String kafkaAclsCommands(List<AclBinding> acls) {
        StringBuilder out = new StringBuilder();
        byResource(acls).forEach((resource, bindings) -> {
            out.append("kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal ")
                .append(bindings.get(0).entry().principal());
            for (AclBinding binding : bindings) {
                out.append(" --operation ").append(camel(binding.entry().operation().name()));
            }
            out.append(switch (resource.resourceType()) {
                case TOPIC -> " --topic ";
                case GROUP -> " --group ";
                case TRANSACTIONAL_ID -> " --transactional-id ";
                default -> throw new IllegalArgumentException("unexpected resource " + resource);
            }).append(resource.name());
            if (resource.patternType() == PatternType.PREFIXED) {
                out.append(" --resource-pattern-type prefixed");
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** The ACLs as the {@code spec.authorization.acls} list of a Strimzi {@code KafkaUser}, indented by {@code indent}. */
    public static String strimziAcls(List<AclBinding> acls, String indent) {
        StringBuilder out = new StringBuilder();
        byResource(acls).forEach((resource, bindings) -> {
            out.append(indent).append("- resource:\n")
                .append(indent).append("    type: ").append(switch (resource.resourceType()) {
                    case TOPIC -> "topic";
                    case GROUP -> "group";
                    case TRANSACTIONAL_ID -> "transactionalId";
                    default -> throw new IllegalArgumentException("unexpected resource " + resource);
                }).append('\n')
                .append(indent).append("    name: ").append(resource.name()).append('\n')
                .append(indent).append("    patternType: ").append(resource.patternType().name().toLowerCase(Locale.ROOT)).append('\n')
                .append(indent).append("  operations: [");
            for (int i = 0; i < bindings.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(camel(bindings.get(i).entry().operation().name()));
            }
            out.append("]\n");
        });
        return out.toString();
    }

    private static Map<ResourcePattern, List<AclBinding>> byResource(List<AclBinding> acls) {
        Map<ResourcePattern, List<AclBinding>> grouped = new LinkedHashMap<>();
        acls.forEach(binding -> grouped.computeIfAbsent(binding.pattern(), p -> new ArrayList<>()).add(binding));
        return grouped;
    }

    private static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        for (String part : constant.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static void add(List<AclBinding> acls, String principal, ResourceType type, String name, PatternType pattern,
                            List<AclOperation> operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
