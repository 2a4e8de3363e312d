package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.api.PrincipalsFile;
import dev.docreactor.reactor.it.ReactorFixture.Response;
import dev.docreactor.reactor.merge.HybridLogicalClock;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page ({@code /ui/}) in headless Chromium against a reactor on a real broker: the page runs its
 * script, reads the JSON API and the test asserts on the DOM Chromium dumps ({@link HeadlessChromium});
 * where the API requires tokens, the test puts one in the page's sessionStorage over the DevTools
 * protocol. Skipped, with the reason, when no {@code chromium} is installed ({@code .ci/run} installs
 * Debian's package).
 */
class WebPageIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final String REACTOR = "page";
    private static final String DOCUMENT = "page-doc";
    private static final String REMOTE = "peer";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String TOKEN = "page-viewer-token-4b9e";
    private static final String WRITER_TOKEN = "page-writer-token-0d27";

    private static Reactor reactor;
    private static HeadlessChromium chromium;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.find(dir).orElse(null);
        Assumptions.assumeTrue(chromium != null, "no 'chromium' on the PATH: install Debian's chromium package (.ci/run does)"
            + " to test the web page in a browser");
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), REACTOR, Files.createTempDirectory("page-state"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.close();
        }
    }

    @Test
    void shouldListDocumentsAndShowTheLogWithFailedAndRebasedOperationsAndTheSyncStatus() throws Exception {
        create(DOCUMENT);
        create("second-doc");
        long creation = get(reactor, "/documents/" + DOCUMENT + "/operations?scope=document&limit=1").body().at("/operations/0/clock")
            .asLong();
        assertThat(creation).as("the creation's clock").isPositive();
        // The local actions get a later millisecond than the creation, so the remote operation fits between.
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > HybridLogicalClock.physicalMillis(creation) + 1);
        Response local = post(reactor, "/documents/" + DOCUMENT + "/actions?wait=true", "{\"actions\":["
            + "{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/note\",\"value\":\"" + HOSTILE + "\"}]},"
            + "{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]}]}");
        assertThat(local.status()).as("local actions: %s", local.body()).isEqualTo(200);
        // A remote operation right after the creation: it orders before the local actions (it is inserted
        // before them) and its action fails (it removes a path that does not exist), so it is kept, failed.
        String failing = loadRemoteOperation(creation + 1, "[{\"op\":\"remove\",\"path\":\"/missing\"}]");
        JsonNode ops = get(reactor, "/documents/" + DOCUMENT + "/operations?scope=global&limit=100").body().path("operations");
        assertThat(ops.findValuesAsText("id")).as("the remote operation is in the log: %s", ops).contains(failing);
        assertThat(ops.toString()).as("the log holds a failed entry, inserted before the two local ones: %s", ops)
            .contains("\"error\"").contains("\"behind\":2");

        String list = dumpDom(reactor, "/ui/#/");
        assertThat(list).as("the page lists both documents:\n%s", list).contains("data-document-id=\"" + DOCUMENT + "\"")
            .contains("data-document-id=\"second-doc\"");

        String page = dumpDom(reactor, "/ui/?remotes=" + REMOTE + "#/doc/" + DOCUMENT);
        assertThat(page).as("no error shown:\n%s", page).doesNotContain("id=\"error\"");
        assertThat(rowClasses(page, failing)).as("the remote operation's row is marked failed:\n%s", page).contains("op-failed");
        assertThat(rowClasses(page, failing)).as("the remote operation's row is marked inserted:\n%s", page)
            .contains("op-inserted");
        assertThat(page).as("with how far back").contains("inserted −2");
        assertThat(page).as("the operation input is shown as text, escaped").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(page).as("and never becomes an element").doesNotContain(HOSTILE).doesNotContain("<img");
        assertThat(page).as("the sync section for the remote, its fields rendered")
            .contains("data-remote=\"" + REMOTE + "\"").contains("data-field=\"pending\"").contains("data-field=\"applied\"");
    }

    @Test
    void shouldWorkWithATokenWhenTheApiRequiresOne() throws Exception {
        Path principals = dir.resolve("principals");
        Files.writeString(principals, "token " + PrincipalsFile.hash(TOKEN) + " viewer read,operate\n"
            + "token " + PrincipalsFile.hash(WRITER_TOKEN) + " writer write\n");
        Reactor secured = ReactorFixture.start(KAFKA.bootstrapServers(), "page-secured", Files.createTempDirectory("secured-state"),
            Map.of(ReactorConfig.HTTP_AUTHENTICATION, "token", ReactorConfig.HTTP_AUTH_PRINCIPALS_FILE, principals.toString()));
        try {
            Response created = ReactorFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + secured.httpPort()
                + "/documents?wait=true")).header("Authorization", "Bearer " + WRITER_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"json\",\"id\":\"secret-doc\"}")).build());
            assertThat(created.status()).as("create with the writer's token: %s", created.body()).isEqualTo(201);

            String without = dumpDom(secured, "/ui/#/");
            assertThat(without).as("without a token the page loads and says what is missing:\n%s", without)
                .contains("id=\"error\"").contains("401").contains("enter a token above").doesNotContain("secret-doc");

            String url = "http://127.0.0.1:" + secured.httpPort() + "/ui/#/";
            String with = chromium.domWithSessionStorage(url, Map.of("reactor.token", TOKEN),
                "document.querySelector('[data-document-id]') !== null || document.getElementById('error') !== null");
            assertThat(with).as("with the token in sessionStorage the page lists the document:\n%s", with)
                .contains("data-document-id=\"secret-doc\"").doesNotContain("id=\"error\"");
        } finally {
            secured.close();
        }
    }

    private static String dumpDom(Reactor target, String pathAndFragment) throws Exception {
        String dom = chromium.dumpDom("http://127.0.0.1:" + target.httpPort() + pathAndFragment);
        assertThat(dom).as("chromium dumped the page").contains("<main id=\"main\">");
        return dom;
    }

    private static void create(String id) {
        Response created = post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}");
        assertThat(created.status()).as("create %s: %s", id, created.body()).isEqualTo(201);
    }

    /** Loads one operation of {@link #REMOTE}, as its sync connector would, and waits for the job. */
    private static String loadRemoteOperation(long clock, String patch) throws Exception {
        String actionId = "r-" + UUID.randomUUID();
        Operation remote = Operation.newBuilder().setId(REMOTE + ":" + actionId).setDocumentId(DOCUMENT).setDocumentType("json")
            .setScope("global").setBranch("main").setIndex(0).setSkip(0).setTimestampUtcMs(HybridLogicalClock.physicalMillis(clock))
            .setClock(clock).setHash("").setOrigin(REMOTE)
            .setAction(Action.newBuilder().setId(actionId).setType("PATCH").setScope("global").setInput(patch).build())
            .setError(null).setReapplied(false).build();
        Job load = Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.LOAD).setDocumentId(DOCUMENT)
            .setOperations(List.of(remote)).setSource(REMOTE).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.queue(REACTOR), DOCUMENT, AvroSerdes.job().format().encode(load))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get(reactor, "/jobs/" + load.getJobId()).status() == 200);
        return remote.getId();
    }

    /** The class attribute of an operation's row in the log (the sync section's rows have none). */
    private static String rowClasses(String dom, String operationId) {
        Matcher row = Pattern.compile("<tr class=\"([^\"]*)\" data-operation-id=\"" + Pattern.quote(operationId) + "\"").matcher(dom);
        return row.find() ? row.group(1) : "<no row for " + operationId + ">";
    }
}
