package dev.docreactor.reactor.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.contract.Heartbeats;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.ReactorMain;
import dev.docreactor.reactor.it.ReactorFixture;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * reactorctl against a reactor running in-process on an embedded broker: every subcommand's output,
 * its JSON form and its error path (one line on stderr, non-zero exit code).
 */
class ReactorCtlIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final String REACTOR_ID = "ctl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Reactor reactor;

    @BeforeAll
    static void startReactor() throws Exception {
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), REACTOR_ID, Files.createTempDirectory("ctl-state"),
            Map.of(ReactorConfig.WAIT_TIMEOUT_MS, "5000"));
    }

    @AfterAll
    static void stopReactor() {
        if (reactor != null) {
            reactor.close();
        }
    }

    /** One reactorctl invocation's outcome. */
    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + reactor.httpPort(),
            "--bootstrap-servers", KAFKA.bootstrapServers(), "--reactor-id", REACTOR_ID));
        all.addAll(List.of(args));
        return run(ReactorCtl.commandLine(), all);
    }

    private static Run run(CommandLine commandLine, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLineError(Run run, int exit, String message) {
        assertThat(run.exit()).as("exit code of %s", run).isEqualTo(exit);
        assertThat(run.err().strip()).as("stderr of %s", run).startsWith("error: ").contains(message);
        assertThat(run.err().strip().lines()).as("the error is one line: %s", run).hasSize(1);
    }

    private static String createTodoList(String id) {
        Run created = ctl("create", "--type", "todo-list", "--id", id, "--output", "json");
        assertThat(created.exit()).as("create %s: %s", id, created).isZero();
        return created.json().path("jobId").asText();
    }

    private static String addTodos(String documentId, String... texts) {
        List<String> args = new ArrayList<>(List.of("submit", documentId, "-o", "json"));
        for (String text : texts) {
            args.add("--action");
            args.add("{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"" + text + "\",\"text\":\"" + text + "\"}}");
        }
        Run submitted = ctl(args.toArray(String[]::new));
        assertThat(submitted.exit()).as("submit: %s", submitted).isZero();
        return submitted.json().path("jobId").asText();
    }

    @Test
    void shouldCreateDocumentsAndRejectUnknownTypeInOneLine() {
        Run created = ctl("create", "--type", "todo-list", "--id", "create-1");
        assertThat(created.exit()).as("exit code: %s", created).isZero();
        assertThat(created.out()).as("text output").startsWith("created document create-1 (job ");

        Run json = ctl("create", "--type", "json", "--initial-state", "{\"global\":{\"a\":1}}", "--output", "json");
        assertThat(json.exit()).as("exit code: %s", json).isZero();
        assertThat(json.json().path("id").asText()).as("a generated document id").isNotBlank();
        assertThat(json.json().path("jobId").asText()).as("the creating job's id").isNotBlank();

        Run unknown = ctl("create", "--type", "spreadsheet");
        assertOneLineError(unknown, 1, "unregistered document type 'spreadsheet'");
        assertThat(unknown.err()).as("the HTTP status is named").contains("(HTTP 400)");
        assertThat(unknown.out()).as("nothing on stdout").isEmpty();

        Run badJson = ctl("create", "--type", "json", "--initial-state", "{nope");
        assertOneLineError(badJson, 2, "--initial-state is not valid JSON");
    }

    @Test
    void shouldSubmitActionsAndFailOnRejectedAction() {
        createTodoList("submit-1");
        Run applied = ctl("submit", "submit-1",
            "--action", "{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"1\",\"text\":\"milk\"}}",
            "--action", "{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"2\",\"text\":\"eggs\"}}");
        assertThat(applied.exit()).as("exit code: %s", applied).isZero();
        assertThat(applied.outLines().get(0)).as("summary line").matches("job \\S+ COMPLETED: 2 operation\\(s\\)");
        assertThat(applied.outLines()).as("one line per operation").hasSize(3);
        assertThat(applied.outLines().get(2)).as("second operation").startsWith("  global#1 ");

        Run rejected = ctl("submit", "submit-1", "--action", "{\"type\":\"TOGGLE_TODO\",\"input\":{\"id\":\"missing\"}}");
        assertOneLineError(rejected, 1, "FAILED");
        assertThat(rejected.err()).as("the reducer's reason and the status").contains("missing").contains("(HTTP 422)");

        Run noActions = ctl("submit", "submit-1");
        assertOneLineError(noActions, 2, "no actions");

        String milk = "{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"3\",\"text\":\"oats\"}}";
        Run first = ctl("submit", "submit-1", "-o", "json", "--idempotency-key", "retry-3", "--action", milk);
        Run retry = ctl("submit", "submit-1", "-o", "json", "--idempotency-key", "retry-3", "--action", milk);
        assertThat(first.exit()).as("first keyed submission: %s", first).isZero();
        assertThat(retry.exit()).as("retried keyed submission: %s", retry).isZero();
        assertThat(retry.json().path("jobId").asText()).as("the retry is answered with the first attempt's job")
            .isEqualTo(first.json().path("jobId").asText());
        assertThat(ctl("get", "submit-1", "-o", "json").json().at("/state/global/todos").size())
            .as("the retried action was applied once: milk, eggs, oats").isEqualTo(3);
    }

    @Test
    void shouldGetDocumentAsTextAndJson() {
        createTodoList("get-1");
        addTodos("get-1", "bread");

        Run json = ctl("get", "get-1", "-o", "json");
        assertThat(json.exit()).as("exit code: %s", json).isZero();
        assertThat(json.json().at("/state/global/todos/0/text").asText()).as("state from the document view").isEqualTo("bread");
        assertThat(json.json().at("/revision/global").asLong()).as("global revision").isEqualTo(1L);

        Run text = ctl("get", "get-1");
        assertThat(text.exit()).as("exit code: %s", text).isZero();
        assertThat(text.out()).as("text output").startsWith("document get-1 (type todo-list, branch main)")
            .contains("  global: revision 1, hash ").contains("\"bread\"");

        assertOneLineError(ctl("get", "never-created"), 1, "document never-created not found");
    }

    @Test
    void shouldResumeADocumentWithARESUMEJob() {
        createTodoList("resume-1");
        Run resumed = ctl("resume", "resume-1");
        assertThat(resumed.exit()).as("exit code: %s", resumed).isZero();
        assertThat(resumed.out()).as("text output").startsWith("resumed resume-1: job ");
        Run json = ctl("resume", "resume-1", "-o", "json");
        assertThat(json.json().path("status").asText()).as("the RESUME job's result").isEqualTo("COMPLETED");
        assertThat(addTodos("resume-1", "after")).as("the document takes jobs afterwards").isNotBlank();
    }

    @Test
    void shouldListOperationsOfOneStream() {
        createTodoList("ops-1");
        addTodos("ops-1", "a", "b", "c");

        Run text = ctl("ops", "ops-1", "--from", "1", "--limit", "5");
        assertThat(text.exit()).as("exit code: %s", text).isZero();
        assertThat(text.outLines()).as("operations from index 1").hasSize(2);
        assertThat(text.outLines().get(0)).as("first listed").startsWith("1 ADD_TODO id=").contains("origin=" + REACTOR_ID);

        Run json = ctl("ops", "ops-1", "--scope", "document", "-o", "json");
        assertThat(json.exit()).as("exit code: %s", json).isZero();
        assertThat(json.json().at("/operations/0/action/type").asText()).as("the document scope holds the creation")
            .isEqualTo("CREATE_DOCUMENT");

        assertOneLineError(ctl("ops", "ops-1", "--limit", "5000"), 1, "'limit' must be between 1 and 1000");
    }

    @Test
    void shouldTailEventBusAsJsonLinesWithProgress() throws Exception {
        createTodoList("tail-1");
        addTodos("tail-1", "x", "y");

        Run tail = ctl("tail", "--from-beginning", "--document", "tail-1", "--count", "3", "--max-wait", "60s");
        assertThat(tail.exit()).as("exit code: %s", tail).isZero();
        assertThat(tail.outLines()).as("one JSON line per operation").hasSize(3);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : tail.outLines()) {
            lines.add(MAPPER.readTree(line));
        }
        assertThat(lines).as("all of the document").allSatisfy(l -> assertThat(l.path("documentId").asText()).isEqualTo("tail-1"));
        assertThat(lines).as("decoded like the HTTP API's operations")
            .anySatisfy(l -> assertThat(l.at("/action/type").asText()).isEqualTo("CREATE_DOCUMENT"))
            .anySatisfy(l -> {
                assertThat(l.at("/action/type").asText()).isEqualTo("ADD_TODO");
                assertThat(l.path("scope").asText()).isEqualTo("global");
                assertThat(l.path("key").asText()).startsWith("tail-1/main/global/");
                assertThat(l.path("hash").asText()).as("a version 2 state hash").matches("2:[0-9a-f]{64}");
            });
        assertThat(tail.err()).as("progress on stderr").contains("tail reactor-ctl-operations-changelog: 3/3 operations");

        assertOneLineError(ctl("tail", "--topic", "no-such-topic", "--count", "1"), 1, "topic no-such-topic does not exist");
    }

    @Test
    void shouldShowSyncStatusPerRemote() throws Exception {
        createTodoList("sync-1");
        String jobId = addTodos("sync-1", "one", "two");
        JsonNode ops = ctl("ops", "sync-1", "-o", "json").json().path("operations");
        List<Operation> acknowledged = new ArrayList<>();
        for (JsonNode op : ops) {
            acknowledged.add(Operation.newBuilder().setId(op.path("id").asText()).setDocumentId("sync-1").setDocumentType("todo-list")
                .setScope("global").setIndex(op.path("index").asLong()).setTimestampUtcMs(0).setClock(0)
                .setHash(op.path("hash").asText()).setOrigin(REACTOR_ID)
                .setAction(Action.newBuilder().setId("a").setType("ADD_TODO").build()).build());
        }
        // What a sync connector sends when it sees our operations echoed on remote 'peer's event bus.
        Job ack = Job.newBuilder().setJobId("ack-" + UUID.randomUUID()).setKind(JobKind.SYNC_ACK).setDocumentId("sync-1")
            .setOperations(acknowledged).setSource("peer").build();
        produce(REACTOR_ID + ".queue", "sync-1", AvroSerdes.job().serializer().serialize(REACTOR_ID + ".queue", ack));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ctl("sync-status", jobId, "--remote", "peer").out())
            .as("peer acknowledged").startsWith("remote peer: APPLIED (2/2 operations applied)"));

        Run both = ctl("sync-status", jobId, "--remote", "peer", "--remote", "nobody", "-o", "json");
        assertThat(both.exit()).as("exit code: %s", both).isZero();
        assertThat(both.json().at("/remotes/peer/status").asText()).as("peer").isEqualTo("APPLIED");
        assertThat(both.json().at("/remotes/nobody/status").asText()).as("a remote that never acknowledged").isEqualTo("PENDING");

        Run waited = ctl("sync-status", jobId, "--remote", "nobody", "--wait");
        assertOneLineError(waited, 1, "not applied everywhere");
        assertThat(waited.out()).as("the status is still printed").startsWith("remote nobody: PENDING (0/2 operations applied)");

        assertOneLineError(ctl("sync-status", "no-such-job", "--remote", "peer"), 1, "job no-such-job is unknown");

        assertThat(ctl("sync-status", jobId, "--remote", "peer").out()).as("no heartbeat from peer yet")
            .contains("replication from it UNKNOWN");
        // What peer's sync connector sends every second: every operation of peer older than the watermark was delivered.
        String heartbeatKey = Heartbeats.queueKey("peer");
        Job heartbeat = Job.newBuilder().setJobId("heartbeat:peer:1").setKind(JobKind.HEARTBEAT).setDocumentId(heartbeatKey)
            .setSource("peer").setSubmittedUtcMs(System.currentTimeMillis()).build();
        produce(REACTOR_ID + ".queue", heartbeatKey, AvroSerdes.job().serializer().serialize(REACTOR_ID + ".queue", heartbeat));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ctl("sync-status", jobId, "--remote", "peer").out())
            .as("the heartbeat's watermark is the replication from peer").contains("replication from it OK, lag "));
        Run json = ctl("sync-status", jobId, "--remote", "peer", "-o", "json");
        assertThat(json.json().at("/remotes/peer/replication/watermarkUtcMs").asLong()).as("the watermark, from the reactor")
            .isEqualTo(heartbeat.getSubmittedUtcMs());
    }

    @Test
    void shouldListDeadLetters() throws Exception {
        produce(REACTOR_ID + ".queue", "poison", "not a job".getBytes(StandardCharsets.UTF_8));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ctl("dlq", "list", "--reason-contains", "undecodable").outLines())
            .as("the poison record is dead-lettered").anySatisfy(l -> assertThat(l).contains("source=ctl.queue-").contains("reason=undecodable job")));

        Run json = ctl("dlq", "list", "--reason-contains", "undecodable", "-o", "json");
        assertThat(json.exit()).as("exit code: %s", json).isZero();
        assertThat(json.json().isArray()).as("a JSON array").isTrue();
        assertThat(json.json().get(0).path("originalKey").asText()).as("original key").isEqualTo("poison");
        assertThat(json.json().get(0).path("sourceTopic").asText()).as("source topic").isEqualTo("ctl.queue");

        assertOneLineError(ctl("dlq", "list", "--dlq-topic", "nowhere.dlq"), 1, "topic nowhere.dlq does not exist");
    }

    @Test
    void shouldReplayDeadLetteredJobOnceItsDocumentExists() {
        Run early = ctl("submit", "late-1", "-o", "json", "--action", "{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"1\",\"text\":\"t\"}}");
        assertThat(early.exit()).as("an action on a missing document fails: %s", early).isEqualTo(1);
        String jobId = early.json().path("jobId").asText();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ctl("dlq", "list", "--job-id", jobId).outLines())
            .as("the failed job is dead-lettered").hasSize(1));

        Run dryRun = ctl("dlq", "replay", "--job-id", jobId, "--dry-run");
        assertThat(dryRun.exit()).as("exit code: %s", dryRun).isZero();
        assertThat(dryRun.out()).as("dry run").contains("would replay ").contains("job=" + jobId).contains("dry run: would replay 1, skipped 0");

        createTodoList("late-1");
        Run replay = ctl("dlq", "replay", "--job-id", jobId, "-o", "json");
        assertThat(replay.exit()).as("exit code: %s", replay).isZero();
        assertThat(replay.json().path("replayed").asLong()).as("replayed").isEqualTo(1L);
        assertThat(replay.json().at("/items/0/as").asText()).as("the original record goes back").isEqualTo("original record");
        assertThat(replay.err()).as("progress on stderr").contains("dlq replay to ctl.queue: 1/1 (1 replayed, 0 skipped)");

        await().atMost(WAIT).untilAsserted(() -> assertThat(ctl("ops", "late-1", "-o", "json").json().at("/operations/0/action/type").asText())
            .as("the replayed job applied its action").isEqualTo("ADD_TODO"));
    }

    @Test
    void shouldFailInOneLineWhenReactorOrKafkaIsUnreachable() {
        Run noReactor = run(ReactorCtl.commandLine(), List.of("--url", "http://127.0.0.1:1", "get", "x"));
        assertOneLineError(noReactor, 1, "cannot reach reactor at http://127.0.0.1:1");

        Run noKafka = run(ReactorCtl.commandLine(), List.of("--bootstrap-servers", "127.0.0.1:1", "--timeout", "3s",
            "--reactor-id", REACTOR_ID, "dlq", "list"));
        assertOneLineError(noKafka, 1, "cannot reach Kafka at 127.0.0.1:1");

        Run usage = ctl("get");
        assertThat(usage.exit()).as("a missing parameter is a usage error: %s", usage).isEqualTo(2);
    }

    @Test
    void shouldRunAsCtlSubcommandOfTheReactorCommandLine() {
        createTodoList("main-1");
        Run run = run(new CommandLine(new ReactorMain()), List.of("ctl", "--url", "http://127.0.0.1:" + reactor.httpPort(),
            "get", "main-1", "-o", "json"));
        assertThat(run.exit()).as("exit code: %s", run).isZero();
        assertThat(run.json().path("type").asText()).as("document type").isEqualTo("todo-list");
    }

    private static void produce(String topic, String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
