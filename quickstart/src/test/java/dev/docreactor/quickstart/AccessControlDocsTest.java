package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.AccessControl;
import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

/**
 * The ACL documentation and the Strimzi {@code KafkaUser} resources are generated from
 * {@link AccessControl}, the ACLs {@link SecuredClusterIT} runs with, so neither can drift from what was
 * tested. Regenerate with
 * {@code mvn -pl quickstart -am test -Dtest=AccessControlDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dacls.docs.update=true}.
 */
class AccessControlDocsTest {

    private static final Path ROOT = Path.of("..");
    private static final String REGENERATE = "regenerate with mvn -pl quickstart -am test -Dtest=AccessControlDocsTest "
        + "-Dsurefire.failIfNoSpecifiedTests=false -Dacls.docs.update=true";
    private static final String PUSH_GROUP = "connect-" + DedicatedConfig.connectorName("b", SyncMode.PUSH);

    @Test
    void shouldDocumentTheTestedAclsAsKafkaAclsCommands() throws IOException {
        String doc = """
            # Kafka ACLs of each principal

            Generated from `dev.docreactor.contract.AccessControl` (the ACLs `SecuredClusterIT` runs with on a broker
            with `StandardAuthorizer`) by `AccessControlDocsTest`; do not edit. The example: reactor `a` on cluster A,
            reactor `b` on cluster B, the sync connector's dedicated mode (`sync.name=a`) on cluster A with remote `b`
            in both directions (`pull,push`). Replace the ids for yours; `admin.properties` holds the administrator's
            client settings. The prefixed `reactor-<id>-` and `sync-<name>-` patterns are Kafka Streams' and Connect's
            naming: choose ids so that none is another followed by `-`.

            ## Reactor `a` (principal `User:reactor-a`, cluster A)

            Its queue, job results and dead letters, Kafka Streams' internal topics (the event bus among them), its
            consumer group and its transactional ids (exactly-once):

            ```sh
            %s```

            ## Sync connector on its home cluster (principal `User:sync-a`, cluster A)

            Connect's own topics, group and transactional ids, the push connector's consumer group; read reactor `a`'s
            event bus (push), write `a`'s queue and dead letters (pull), describe reactor `a`'s group (queue lag):

            ```sh
            %s```

            ## Sync connector on the remote cluster (principal `User:sync-a`, cluster B)

            Read `b`'s event bus (pull), write `b`'s queue and dead letters (push). Nothing else: it cannot read the
            queue it writes, nor write the event bus it reads.

            ```sh
            %s```

            ## HTTP clients and operators

            HTTP clients get no Kafka principal at all: they reach the queue only through the reactor's HTTP API,
            which authenticates them and builds every job itself (EXECUTE and RESUME, never LOAD). Only the sync
            connector's principal may write the queue, so a LOAD job comes from a connector you configured. Operators
            running `reactorctl dlq` or `tail` need `Read`/`Describe` on the dead-letter topic or event bus, and
            `Write` on the queue to replay; give them a principal of their own.
            """.formatted(
            AccessControl.kafkaAclsCommands(AccessControl.reactor("User:reactor-a", "a")),
            AccessControl.kafkaAclsCommands(AccessControl.syncLocal("User:sync-a", "a", "a", List.of(PUSH_GROUP))),
            AccessControl.kafkaAclsCommands(AccessControl.syncRemote("User:sync-a", "b")));
        check(ROOT.resolve("docs/ACLS.md"), doc);
    }

    @Test
    void shouldGenerateTheStrimziKafkaUsersOfEveryOverlay() throws IOException {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("reactor-a", user("reactor-a", "kafka-a", "reactor a: its topics, Streams' internal topics, group, transactional ids",
            AccessControl.reactor("User:CN=reactor-a", "a")));
        base.put("sync", user("sync", "kafka-a", "the Connect cluster \"sync\" on its home cluster (KafkaConnect authenticates as it)",
            AccessControl.syncLocal("User:CN=sync", "a", "a", List.of(PUSH_GROUP))));
        check(ROOT.resolve("deploy/k8s/base/users-a.yaml"), header() + String.join("---\n", base.values()));
        for (String overlay : List.of("one-cluster", "two-clusters")) {
            String cluster = overlay.equals("one-cluster") ? "kafka-a" : "kafka-b";
            String users = user("reactor-b", cluster, "reactor b: its topics, Streams' internal topics, group, transactional ids",
                AccessControl.reactor("User:CN=reactor-b", "b"))
                + "---\n" + user("sync-on-b", cluster, "the sync connectors' clients on reactor b's cluster (read its event bus, write its queue)",
                AccessControl.syncRemote("User:CN=sync-on-b", "b"));
            check(ROOT.resolve("deploy/k8s/overlays/" + overlay + "/users-b.yaml"), header() + users);
        }
    }

    private static String header() {
        return "# Strimzi KafkaUsers (mTLS identities with ACLs) generated from dev.docreactor.contract.AccessControl by\n"
            + "# AccessControlDocsTest: do not edit. docs/ACLS.md has the same ACLs as kafka-acls commands.\n";
    }

    private static String user(String name, String cluster, String what, List<AclBinding> acls) {
        return "# " + what + "\n"
            + "apiVersion: kafka.strimzi.io/v1\n"
            + "kind: KafkaUser\n"
            + "metadata:\n"
            + "  name: " + name + "\n"
            + "  labels:\n"
            + "    strimzi.io/cluster: " + cluster + "\n"
            + "    app.kubernetes.io/part-of: docreactor\n"
            + "spec:\n"
            + "  authentication:\n"
            + "    type: tls\n"
            + "  authorization:\n"
            + "    type: simple\n"
            + "    acls:\n"
            + AccessControl.strimziAcls(acls, "      ");
    }

    private static void check(Path file, String expected) throws IOException {
        if (Boolean.getBoolean("acls.docs.update")) {
            Files.writeString(file, expected);
        }
        assertThat(Files.exists(file) ? Files.readString(file) : "").as("%s is generated from AccessControl; %s", file, REGENERATE)
            .isEqualTo(expected);
    }
}
