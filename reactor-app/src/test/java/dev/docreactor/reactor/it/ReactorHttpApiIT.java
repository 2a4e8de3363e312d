package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.api.RawHttp;
import dev.docreactor.reactor.it.ReactorFixture.Response;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API end to end on a real broker, the event bus read by a plain consumer, and the DLQ path. */
class ReactorHttpApiIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static Reactor reactor;

    @BeforeAll
    static void startReactor() throws Exception {
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), "api", Files.createTempDirectory("api-state"), Map.of());
    }

    @AfterAll
    static void stopReactor() {
        if (reactor != null) {
            reactor.close();
        }
    }

    @Test
    void shouldCreateDocumentApplyActionsAndAnswerQueries() {
        Response created = post(reactor, "/documents?wait=true", "{\"type\":\"todo-list\",\"id\":\"groceries\"}");
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        assertThat(created.body().get("id").asText()).as("document id").isEqualTo("groceries");
        assertThat(created.body().get("jobId").asText()).as("job id").isNotBlank();

        Response applied = post(reactor, "/documents/groceries/actions?wait=true",
            "{\"actions\":[{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"1\",\"text\":\"milk\"}},"
                + "{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"2\",\"text\":\"eggs\"}},"
                + "{\"type\":\"TOGGLE_TODO\",\"input\":{\"id\":\"1\"}}]}");
        assertThat(applied.status()).as("apply: %s", applied.body()).isEqualTo(200);
        assertThat(applied.body().get("status").asText()).as("status").isEqualTo("COMPLETED");
        assertThat(applied.body().get("operations")).as("one operation per action").hasSize(3);
        assertThat(applied.body().get("operations").get(2).get("index").asLong()).as("third index").isEqualTo(2L);

        Response doc = get(reactor, "/documents/groceries");
        assertThat(doc.status()).as("get document").isEqualTo(200);
        assertThat(doc.body().get("type").asText()).as("type").isEqualTo("todo-list");
        assertThat(doc.body().at("/revision/global").asLong()).as("global revision").isEqualTo(3L);
        JsonNode expected = CanonicalJson.parse(
            "{\"todos\":[{\"id\":\"1\",\"text\":\"milk\",\"done\":true},{\"id\":\"2\",\"text\":\"eggs\",\"done\":false}]}");
        assertThat(doc.body().at("/state/global")).as("global state").isEqualTo(expected);
        assertThat(doc.body().at("/hash/global").asText()).as("hash of the canonical state").isEqualTo(ReactorFixture.stateHash(expected));
        assertThat(doc.body().at("/hash/global").asText()).as("hash equals the last operation's")
            .isEqualTo(applied.body().get("operations").get(2).get("hash").asText());

        Response ops = get(reactor, "/documents/groceries/operations?scope=global&from=1&limit=5");
        assertThat(ops.status()).as("operations").isEqualTo(200);
        assertThat(ops.body().get("operations")).as("from index 1").hasSize(2);
        assertThat(ops.body().at("/operations/0/index").asLong()).as("first listed index").isEqualTo(1L);
        assertThat(ops.body().at("/operations/0/action/type").asText()).as("action type").isEqualTo("ADD_TODO");
        assertThat(ops.body().at("/operations/0/origin").asText()).as("origin").isEqualTo("api");

        Response job = get(reactor, "/jobs/" + applied.body().get("jobId").asText());
        assertThat(job.status()).as("job status").isEqualTo(200);
        assertThat(job.body().get("status").asText()).as("job completed").isEqualTo("COMPLETED");
    }

    @Test
    void shouldAcceptActionsAsynchronously() {
        post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"async-doc\"}");
        Response accepted = post(reactor, "/documents/async-doc/actions",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]}]}");
        assertThat(accepted.status()).as("accepted").isEqualTo(202);
        String jobId = accepted.body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(get(reactor, "/jobs/" + jobId).body().path("status").asText()).as("job eventually completes").isEqualTo("COMPLETED"));
        assertThat(get(reactor, "/documents/async-doc").body().at("/state/global/a").asInt()).as("applied").isEqualTo(1);
    }

    @Test
    void shouldAnswerBadRequestsWithClearErrors() {
        assertError(post(reactor, "/documents", "{not json"), 400, "malformed JSON");
        assertError(post(reactor, "/documents", "{\"id\":\"x\"}"), 400, "missing field 'type'");
        assertError(post(reactor, "/documents", "{\"type\":\"spreadsheet\"}"), 400, "unregistered document type 'spreadsheet'");
        assertError(post(reactor, "/documents", "{\"type\":\"json\",\"id\":\"bad/id\"}"), 400, "invalid document id");
        assertError(post(reactor, "/documents", "{\"type\":\"json\",\"id\":\"bad id\"}"), 400, "invalid document id");
        assertError(post(reactor, "/documents/x/actions", "{\"actions\":[]}"), 400, "'actions' must be a non-empty array");
        assertError(get(reactor, "/documents/never-created"), 404, "not found");
        assertError(get(reactor, "/jobs/no-such-job"), 404, "unknown");
        assertError(get(reactor, "/documents/x/operations?limit=abc"), 400, "must be a whole number");
        assertError(get(reactor, "/nowhere"), 404, "no such resource");
    }

    @Test
    void shouldAnswer422ForRejectedActionAnd404ForMissingDocument() {
        post(reactor, "/documents?wait=true", "{\"type\":\"todo-list\",\"id\":\"rejects\"}");
        Response rejected = post(reactor, "/documents/rejects/actions?wait=true",
            "{\"actions\":[{\"type\":\"TOGGLE_TODO\",\"input\":{\"id\":\"missing\"}}]}");
        assertThat(rejected.status()).as("rejected action: %s", rejected.body()).isEqualTo(422);
        assertThat(rejected.body().get("status").asText()).as("status").isEqualTo("FAILED");
        assertThat(rejected.body().get("error").asText()).as("reason").contains("missing");

        Response missing = post(reactor, "/documents/nobody/actions?wait=true",
            "{\"actions\":[{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"1\",\"text\":\"x\"}}]}");
        assertThat(missing.status()).as("action on a missing document: %s", missing.body()).isEqualTo(404);
    }

    @Test
    void shouldServeModelsHealthAndMetrics() {
        Response models = get(reactor, "/models");
        assertThat(models.status()).as("models").isEqualTo(200);
        List<String> types = new ArrayList<>();
        models.body().get("models").forEach(m -> types.add(m.get("type").asText()));
        assertThat(types).as("built-in models").contains("json", "todo-list");

        // Under heavy machine load a missed heartbeat can rebalance the group for a moment (health 503).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(get(reactor, "/health").status()).as("healthy while RUNNING").isEqualTo(200));

        post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"metered\"}");
        String metrics = ReactorFixture.text(reactor, "/metrics");
        assertThat(metrics).as("Prometheus text with the reactor's sensors")
            .contains("# TYPE")
            .contains("jobs_total")
            .contains("operations_appended_total")
            .contains("failed_jobs_total");
    }

    @Test
    void shouldPublishOperationsOnEventBusForReadCommittedConsumers() {
        post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"bus-doc\"}");
        post(reactor, "/documents/bus-doc/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/k\",\"value\":\"v\"}]}]}");

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bus-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Operation> seen = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, Operation> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.operation().deserializer())) {
            assignFromStart(consumer, "reactor-api-operations-changelog");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    seen.add(r.value());
                    keys.add(r.key());
                });
                return seen.stream().anyMatch(op -> op.getDocumentId().equals("bus-doc") && op.getScope().equals("global"));
            });
        }
        assertThat(keys).as("event-bus key format <doc>/<branch>/<scope>/<index>")
            .contains("bus-doc/main/global/00000000000000000000", "bus-doc/main/document/00000000000000000000");
        assertThat(keys).as("keys are unique per operation").doesNotHaveDuplicates();
    }

    @Test
    void shouldDeadLetterUndecodableQueueRecordAndKeepProcessing() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("api.queue", "poison", "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer =
                 new KafkaConsumer<>(consumerProps, new StringDeserializer(), AvroSerdes.deadLetter().deserializer())) {
            assignFromStart(consumer, "api.dlq");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
                return letters.stream().anyMatch(l -> l.getReason().contains("undecodable job"));
            });
        }
        DeadLetter letter = letters.stream().filter(l -> l.getReason().contains("undecodable job")).findFirst().orElseThrow();
        assertThat(new String(letter.getOriginalValue().array(), StandardCharsets.UTF_8)).as("original bytes").isEqualTo("garbage");
        assertThat(letter.getSourceTopic()).as("source topic").isEqualTo("api.queue");

        Response next = post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"after-poison\"}");
        assertThat(next.status()).as("the reactor keeps processing after a poison record").isEqualTo(201);
    }

    @Test
    void shouldAnswerEveryHostileBodyAndUrlWith4xxAndJsonError() throws Exception {
        post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"hostile\"}");
        String deep = "[".repeat(1800) + "]".repeat(1800);
        String hugeNumber = "1e999999999";
        Map<String, byte[]> creations = new LinkedHashMap<>();
        for (String body : List.of("", "{not json", "{}", "null", "[]", "\"text\"", "123", "{\"type\":\"json\"} trailing",
                "{\"type\":\"json\",\"type\":\"json\"}", "{\"type\":\"json\",\"initialState\":{\"global\":" + deep + "}}",
                "{\"type\":\"json\",\"initialState\":{\"global\":{\"n\":" + hugeNumber + "}}}",
                "{\"type\":\"json\",\"initialState\":{\"global\":{\"n\":" + "9".repeat(20_000) + "}}}",
                "{\"type\":1}", "{\"type\":\"json\",\"id\":5}", "{\"type\":\"json\",\"id\":\"" + "x".repeat(300) + "\"}",
                "{\"type\":\"json\",\"initialState\":[]}", "{\"type\":\"json\",\"initialState\":null}",
                "{\"type\":\"json\",\"branch\":true}", "{\"type\":\"json\",\"branch\":\"a/b\"}", "{\"type\":null}",
                "{\"type\":\"json\",\"evil\":1}", "{\"type\":\"" + "t".repeat(100_000) + "\"}")) {
            creations.put("POST /documents " + abbreviate(body), body.getBytes(StandardCharsets.UTF_8));
        }
        creations.put("POST /documents 5 MB", ("{\"type\":\"json\",\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")
            .getBytes(StandardCharsets.UTF_8));
        creations.put("POST /documents invalid UTF-8", new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        Map<String, byte[]> actions = new LinkedHashMap<>();
        for (String body : List.of("", "{}", "{\"actions\":null}", "{\"actions\":{}}", "{\"actions\":\"PATCH\"}", "{\"actions\":[1]}",
                "{\"actions\":[null]}", "{\"actions\":[{}]}", "{\"actions\":[{\"type\":7}]}",
                "{\"actions\":[{\"type\":\"PATCH\",\"scope\":[]}]}", "{\"actions\":[{\"type\":\"PATCH\",\"id\":{}}]}",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":[],\"extra\":true}]}", "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + deep + "}]}",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + hugeNumber + "}]}",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + "[".repeat(150) + "]".repeat(150) + "}]}",
                "{\"actions\":[" + String.join(",", java.util.Collections.nCopies(501, "{\"type\":\"PATCH\",\"input\":[]}")) + "]}",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}],\"branch\":\"\"}")) {
            actions.put("POST /documents/hostile/actions " + abbreviate(body), body.getBytes(StandardCharsets.UTF_8));
        }
        List<String> urls = List.of("/documents/hostile/operations?limit=-1", "/documents/hostile/operations?limit=0",
            "/documents/hostile/operations?limit=99999999999999999999", "/documents/hostile/operations?from=99999999999999999999",
            "/documents/hostile/operations?from=-5", "/documents/hostile/operations?scope=..%2F..", "/documents/hostile?branch=%00",
            "/documents/hostile/sync?remote=%ZZ", "/documents/hostile/sync", "/jobs/x/sync?remote=", "/documents/%ZZ",
            "/documents/%00", "/documents/a%2Fb", "/documents/..%2F..%2Fetc", "/jobs/%FF%FE", "/jobs/" + "j".repeat(300),
            "/documents/" + "a".repeat(20_000), "/nowhere?x=%", "/documents/hostile/operations?limit=1e3");

        List<String> answers = new ArrayList<>();
        Map<String, RawHttp.Response> responses = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> request : creations.entrySet()) {
            responses.put(request.getKey(), RawHttp.send(reactor.httpPort(), "POST", "/documents", request.getValue()));
        }
        for (Map.Entry<String, byte[]> request : actions.entrySet()) {
            responses.put(request.getKey(), RawHttp.send(reactor.httpPort(), "POST", "/documents/hostile/actions", request.getValue()));
        }
        for (String url : urls) {
            responses.put("GET " + abbreviate(url), RawHttp.send(reactor.httpPort(), "GET", url, new byte[0]));
        }
        responses.put("DELETE /documents/hostile", RawHttp.send(reactor.httpPort(), "DELETE", "/documents/hostile", new byte[0]));
        for (Map.Entry<String, RawHttp.Response> answer : responses.entrySet()) {
            RawHttp.Response response = answer.getValue();
            answers.add(answer.getKey() + " -> " + response.status());
            assertThat(response.status()).as("status of %s: %s", answer.getKey(), abbreviate(response.body())).isBetween(400, 499);
            JsonNode body = ReactorFixture.MAPPER.readTree(response.body());
            assertThat(body.path("error").isTextual()).as("JSON {\"error\"} answer to %s: %s", answer.getKey(), abbreviate(response.body()))
                .isTrue();
        }
        assertThat(answers).as("every hostile request was answered").hasSize(creations.size() + actions.size() + urls.size() + 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(get(reactor, "/health").status()).as("the reactor is healthy after the barrage").isEqualTo(200));
    }

    @Test
    void shouldRejectRequestsOverConfiguredLimitsWith422() {
        String tooMany = "{\"actions\":[" + String.join(",", java.util.Collections.nCopies(501, "{\"type\":\"PATCH\",\"input\":[]}")) + "]}";
        assertError(post(reactor, "/documents/limited/actions", tooMany), 422, "too many actions: 501");
        String deep = "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + "[".repeat(101) + "]".repeat(101) + "}]}";
        assertError(post(reactor, "/documents/limited/actions", deep), 422, "nested deeper than 100");
        String deepState = "{\"type\":\"json\",\"initialState\":{\"global\":{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}}}";
        assertError(post(reactor, "/documents", deepState), 422, "initialState.global");
        // The server answers 413 as soon as the body passes the limit, then reads and drops the rest (up to
        // twice the limit) before ending the exchange, so the client reads the answer, not a reset.
        String oversized = "{\"type\":\"json\",\"pad\":\"" + "x".repeat(600 * 1024) + "\"}";
        Response tooLarge = post(reactor, "/documents", oversized);
        assertError(tooLarge, 413, "larger than");
    }

    /** Reads every partition of {@code topic} from its start without joining a group (no rebalance to wait for). */
    private static void assignFromStart(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...(" + text.length() + " chars)";
    }

    private static void assertError(Response response, int status, String message) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.body().path("error").asText()).as("error message").contains(message);
    }
}
