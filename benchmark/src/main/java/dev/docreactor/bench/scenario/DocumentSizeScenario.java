package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.JobSender;
import dev.docreactor.bench.load.Jobs;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Latency;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.contract.Scopes;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 8: operations/s against the document's size, and the write latency of a single client.
 *
 * <p>One reactor (exactly_once_v2, one stream thread, as in 1) holds documents of about 10, 1,000, 10,000
 * and 100,000 members ({@code "m000000": n}, about 18 bytes of canonical JSON each), each built with
 * PATCH jobs of 1,000-member patches. For each size in turn, one-member {@code replace} patches of that
 * document are written to the queue without waiting and timed by their job results, like scenario 1;
 * the 10-member figure is the same-run baseline of the others. A 100,000-member document (about
 * 1.8 MB) is larger than the default {@code reactor.max.state.bytes} (256 KiB), so this reactor runs
 * with 4 MiB (its topics' and producers' record sizes follow from it) and a 64 MiB per-task branch cache.
 *
 * <p>Then the latency of a single client writing a 10-member document one request at a time: over HTTP
 * ({@code POST /documents/{id}/actions?wait=true}, answered when the job's result is stored), next to the
 * reactor's own latency for the same job written straight to the queue (handed to the producer → its
 * result seen by a read_committed consumer). Both wait for the exactly-once commit holding the job
 * ({@code commit.interval.ms=100}).
 */
public final class DocumentSizeScenario implements Scenario {

    /** The document sizes, in members, smallest (the baseline) first. */
    static final List<Integer> SIZES = List.of(10, 1_000, 10_000, 100_000);

    private static final int MEMBERS_PER_PATCH = 1_000;
    private static final int PATCHES_PER_BUILD_JOB = 5;
    private static final int MAX_STATE_BYTES = 4 * 1024 * 1024;
    private static final long CACHE_BYTES = 64L * 1024 * 1024;
    private static final int CONCURRENT_CLIENTS = 16;
    /** Reads of each document after its patches (times the mode's size scale). */
    private static final int READS = 50;
    /** Reads timed right after a write, per size. */
    private static final int READS_AFTER_WRITES = 20;

    /** Wall time of the concurrent-clients run. */
    private long concurrentWallNanos;

    /** Results seen, by job-id prefix: count, first and last arrival (nanoTime). */
    private final Map<String, long[]> phases = new ConcurrentHashMap<>();
    /** Jobs whose result a single client waits for, by job id. */
    private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

    @Override
    public int id() {
        return 8;
    }

    @Override
    public String title() {
        return "Operations/s against document size; single-client write latency";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        String id = "size";
        try (Cluster cluster = Cluster.start("A", context.work("size/kafka"))) {
            String queue = TopicNames.queue(id);
            cluster.createTopic(queue, Components.PARTITIONS);
            Map<String, Object> config = Components.reactorConfig(id, cluster.bootstrapServers(), context.work("size/" + id));
            config.put("reactor.max.state.bytes", MAX_STATE_BYTES);
            config.put("reactor.cache.max.bytes", CACHE_BYTES);
            ChildJvm reactor = Components.startReactor(context, "size-reactor", config);
            try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), TopicNames.jobResults(id), this::observe);
                 JobSender sender = new JobSender(cluster, queue)) {
                int port = ChildJvm.httpPort(reactor.awaitReady(Duration.ofMinutes(2)));
                // Unrecorded warm-up, so the first (10-member) figure, the baseline, is not the JIT's.
                build(sender, "warm-up", SIZES.get(0));
                timedPatches(sender, "warm-up", SIZES.get(0), opsFor(SIZES.get(0), mode), "warmup");
                DocumentReads.latency(port, "warm-up", 10 * READS);
                Map<Integer, Double> rates = new LinkedHashMap<>();
                Map<Integer, Histogram> reads = new LinkedHashMap<>();
                Map<Integer, Histogram> readsAfterWrites = new LinkedHashMap<>();
                for (int size : SIZES) {
                    String document = "size-" + size;
                    build(sender, document, size);
                    int ops = opsFor(size, mode);
                    double rate = timedPatches(sender, document, size, ops, "patch" + size);
                    rates.put(size, rate);
                    reads.put(size, DocumentReads.latency(port, document, READS * mode.sizeScale()));
                    readsAfterWrites.put(size, DocumentReads.afterWrites(port, document, member(0), READS_AFTER_WRITES * mode.sizeScale()));
                    Progress.log("8: %,d members: %.0f ops/s, GET p50 %.1f ms, first GET after a write p50 %.1f ms", size, rate,
                        reads.get(size).getValueAtPercentile(50) / 1000.0, readsAfterWrites.get(size).getValueAtPercentile(50) / 1000.0);
                    reactor.checkAlive();
                }
                double small = rates.get(SIZES.get(0));
                for (int size : SIZES.subList(1, SIZES.size())) {
                    Target target = size == 10_000 ? Target.ratioAtLeast(0.5) : size == 100_000 ? Target.ratioAtLeast(0.25) : null;
                    result.add(Row.compared(String.format(Locale.ROOT, "one-member PATCH operations/s, %,d-member document", size),
                        "ops/s", String.format(Locale.ROOT, "%,d members", size), rates.get(size), "10 members", small, target));
                }
                result.detail("opsPerSecBySize", rates);
                for (int size : SIZES.subList(1, SIZES.size())) {
                    result.add(Row.compared(String.format(Locale.ROOT, "GET /documents/{id} p50, %,d-member document", size),
                        "ms", String.format(Locale.ROOT, "%,d members", size), reads.get(size).getValueAtPercentile(50) / 1000.0,
                        "10 members", reads.get(SIZES.get(0)).getValueAtPercentile(50) / 1000.0, null));
                }
                for (int size : SIZES.subList(1, SIZES.size())) {
                    result.add(Row.compared(String.format(Locale.ROOT, "first GET /documents/{id} after a write p50, %,d-member document",
                        size), "ms", String.format(Locale.ROOT, "%,d members", size),
                        readsAfterWrites.get(size).getValueAtPercentile(50) / 1000.0, "10 members",
                        readsAfterWrites.get(SIZES.get(0)).getValueAtPercentile(50) / 1000.0, null));
                }
                Map<Integer, Double> readP99 = new LinkedHashMap<>();
                reads.forEach((size, histogram) -> readP99.put(size, histogram.getValueAtPercentile(99) / 1000.0));
                result.detail("getDocumentP99MsBySize", readP99);
                int requests = 200 * mode.sizeScale();
                Histogram http = httpLatency(port, "size-10", requests);
                Histogram alone = queueLatency(cluster, queue, "size-10", requests);
                result.add(Latency.of("single client, HTTP POST ?wait=true (request -> answer)", (int) Math.round(rate(http)),
                    rate(http), http));
                result.add(Latency.of("reactor alone, one job at a time (queue -> job result)", (int) Math.round(rate(alone)),
                    rate(alone), alone));
                result.add(Row.compared("single-client write latency p50", "ms", "HTTP ?wait=true",
                    http.getValueAtPercentile(50) / 1000.0, "reactor alone (queue -> result)",
                    alone.getValueAtPercentile(50) / 1000.0, null));
                result.add(Row.compared("single-client write latency p99", "ms", "HTTP ?wait=true",
                    http.getValueAtPercentile(99) / 1000.0, "reactor alone (queue -> result)",
                    alone.getValueAtPercentile(99) / 1000.0, null));
                long resultsBefore = results.count();
                Histogram concurrent = concurrentHttp(port, "size-10", CONCURRENT_CLIENTS, requests);
                double concurrentSeconds = concurrent.getTotalCount() == 0 ? 1 : concurrentWallNanos / 1e9;
                double jobsPerRequest = (results.count() - resultsBefore) / (double) concurrent.getTotalCount();
                result.add(Latency.of(CONCURRENT_CLIENTS + " concurrent clients, HTTP POST ?wait=true, one document",
                    (int) Math.round(concurrent.getTotalCount() / concurrentSeconds), concurrent.getTotalCount() / concurrentSeconds,
                    concurrent));
                result.add(Row.compared("HTTP ?wait=true requests/s on one document", "req/s",
                    CONCURRENT_CLIENTS + " concurrent clients", concurrent.getTotalCount() / concurrentSeconds, "1 client",
                    rate(http), null));
                result.detail("jobsPerRequestWithConcurrentClients", Math.round(jobsPerRequest * 100) / 100.0);
            } finally {
                ChildJvm.MemoryPeaks memory = reactor.stop();
                context.recordMemory("8/reactor", memory);
                result.add(Row.value("peak RSS", "MiB", "reactor during 8", memory.rssBytes() / (1024.0 * 1024.0),
                    Target.valueAtMost(1024, "MiB")));
                reactor.close();
            }
        }
        result.note(String.format(Locale.ROOT, "Documents of %s members (\"m000000\": n, about 18 bytes of canonical JSON each), "
                + "built with PATCH jobs of %d-member patches; then one-member replace patches of one document at a time, "
                + "written to the queue without waiting (after an unrecorded warm-up of the same, and of reads, on another 10-member document) and timed from the first to the last job result (the first poll's "
                + "results not counted), then read " + READS * mode.sizeScale() + " times (GET /documents/{id}, one request at a time: "
                + "the document unchanged, so after the first the reactor answers the states it read last; p50 against the "
                + "10-member document, p99 in the details), then " + READS_AFTER_WRITES * mode.sizeScale() + " times more, each "
                + "right after a one-member replace (POST ?wait=true, not timed): the first read after a write rebuilds the "
                + "state from its nearest checkpoint and checks it against the head's hash; "
                + "one reactor, one stream thread, exactly_once_v2, commit.interval.ms=100, "
                + "reactor.max.state.bytes=%d (the 100,000-member document is about 1.8 MB; the default is 256 KiB), "
                + "reactor.cache.max.bytes=%d. Operations timed per size: %s.", SIZES, MEMBERS_PER_PATCH, MAX_STATE_BYTES,
            CACHE_BYTES, SIZES.stream().map(s -> s + ": " + opsFor(s, mode)).toList()));
        result.note("Concurrent clients: " + CONCURRENT_CLIENTS + " HTTP clients, each one request at a time with ?wait=true, "
            + "on the same 10-member document (http.threads=16); the reactor coalesces requests of one document that "
            + "arrive while a job of it is being enqueued into one job (see details jobsPerRequestWithConcurrentClients); "
            + "compared with the single client's requests/s.");
        result.note("Single-client latency: one request at a time on the 10-member document, each one one-member replace "
            + "patch; HTTP = POST /documents/{id}/actions?wait=true, request sent -> answer received (the reactor answers "
            + "once the job's result is stored, i.e. after the exactly-once commit holding it); reactor alone = the same job "
            + "handed to a producer on the queue -> its result seen by a read_committed consumer.");
    }

    private static int opsFor(int size, Mode mode) {
        // Enough operations that the rate spans many exactly-once commits (100 ms each) at any size.
        int base = size <= 1_000 ? 3_000 : size <= 10_000 ? 2_000 : 1_000;
        return base * mode.sizeScale();
    }

    private void observe(ConsumerRecord<String, byte[]> record) {
        String jobId = record.key();
        if (jobId == null) {
            return;
        }
        long now = System.nanoTime();
        CompletableFuture<Long> waiter = waiting.remove(jobId);
        if (waiter != null) {
            waiter.complete(now);
        }
        int dash = jobId.lastIndexOf('-');
        if (dash > 0) {
            long[] phase = phases.computeIfAbsent(jobId.substring(0, dash), p -> new long[] {0, 0, 0, 0});
            synchronized (phase) {
                if (phase[0] == 0) {
                    phase[1] = now;
                }
                if (now - phase[1] < 1_000_000) {
                    // Arrived with the first poll (one poll's records are handed over within microseconds).
                    phase[3]++;
                }
                phase[0]++;
                phase[2] = now;
                phase.notifyAll();
            }
        }
    }

    /** Creates {@code document} and grows it to {@code size} members; waits until every job is done. */
    private void build(JobSender sender, String document, int size) {
        String prefix = "build" + document.replace("-", "");
        Jobs jobs = new Jobs(prefix);
        int count = 1;
        sender.send(jobs.create(document));
        List<Action> actions = new ArrayList<>();
        for (int from = 0; from < size; from += MEMBERS_PER_PATCH) {
            actions.add(patch(jobs, from, Math.min(size, from + MEMBERS_PER_PATCH), "add"));
            if (actions.size() == PATCHES_PER_BUILD_JOB) {
                sender.send(jobs.single(document, actions, System.currentTimeMillis()));
                count++;
                actions = new ArrayList<>();
            }
        }
        if (!actions.isEmpty()) {
            sender.send(jobs.single(document, actions, System.currentTimeMillis()));
            count++;
        }
        sender.flush();
        awaitPhase(prefix, count);
    }

    /** Writes {@code ops} one-member replace patches of {@code document}; their rate, first poll excluded. */
    private double timedPatches(JobSender sender, String document, int size, int ops, String prefix) {
        Jobs jobs = new Jobs(prefix);
        for (int i = 0; i < ops; i++) {
            int member = (i * 7919) % size;
            Action replace = Action.newBuilder().setId(prefix + "a" + i).setType("PATCH").setScope(Scopes.GLOBAL)
                .setInput("[{\"op\":\"replace\",\"path\":\"/" + member(member) + "\",\"value\":" + (size + i) + "}]")
                .setTimestampUtcMs(System.currentTimeMillis()).build();
            sender.send(jobs.single(document, List.of(replace), System.currentTimeMillis()));
        }
        sender.flush();
        long[] phase = awaitPhase(prefix, ops);
        double seconds = (phase[2] - phase[1]) / 1e9;
        return (ops - phase[3]) / Math.max(seconds, 1e-3);
    }

    /** Waits until {@code count} results of a phase arrived (the watcher notifies on each), at most 20 minutes. */
    private long[] awaitPhase(String prefix, int count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        long[] phase = phases.computeIfAbsent(prefix, p -> new long[] {0, 0, 0, 0});
        synchronized (phase) {
            while (phase[0] < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("saw " + phase[0] + " of " + count + " results of " + prefix
                        + " within 20 minutes");
                }
                try {
                    phase.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return phase.clone();
        }
    }

    private static Action patch(Jobs jobs, int from, int to, String op) {
        StringBuilder patch = new StringBuilder("[");
        for (int m = from; m < to; m++) {
            if (m > from) {
                patch.append(',');
            }
            patch.append("{\"op\":\"").append(op).append("\",\"path\":\"/").append(member(m)).append("\",\"value\":")
                .append(m).append('}');
        }
        Action template = jobs.patch("x", 0, System.currentTimeMillis());
        return Action.newBuilder(template).setInput(patch.append(']').toString()).build();
    }

    /** The body of {@code POST /documents/{id}/actions}: one PATCH replacing {@code member} with {@code value}. */
    static String replaceRequest(String member, long value) {
        return "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"replace\",\"path\":\"/" + member
            + "\",\"value\":" + value + "}]}]}";
    }

    private static String member(int m) {
        return String.format(Locale.ROOT, "m%06d", m);
    }

    /** One HTTP client, one request at a time, each waiting for its job's result. */
    private static Histogram httpLatency(int port, String document, int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Histogram micros = new Histogram(3_600_000_000L, 3);
        URI uri = URI.create("http://127.0.0.1:" + port + "/documents/" + document + "/actions?wait=true");
        for (int i = 0; i < requests; i++) {
            String body = replaceRequest(member(i % 10), i);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200 || !response.body().contains("COMPLETED")) {
                throw new IllegalStateException("POST ?wait=true answered " + response.statusCode() + ": " + response.body());
            }
            micros.recordValue(Math.max(1, elapsed / 1000));
        }
        return micros;
    }

    /**
     * {@code clients} clients on one document, each sending {@code requestsEach} requests one at a time
     * ({@code ?wait=true}); the reactor coalesces the requests that arrive together into shared jobs.
     */
    private Histogram concurrentHttp(int port, String document, int clients, int requestsEach) throws Exception {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/documents/" + document + "/actions?wait=true");
        List<CompletableFuture<Void>> running = new ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int clientNumber = c;
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < requestsEach; i++) {
                    String body = replaceRequest(member(clientNumber % 10), i);
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("POST ?wait=true answered " + response.statusCode() + ": "
                                + response.body());
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    synchronized (micros) {
                        micros.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    }
                }
            }, threads));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
        concurrentWallNanos = System.nanoTime() - start;
        return micros;
    }

    /** The same one-at-a-time writes straight to the queue, each timed until its job result is seen. */
    private Histogram queueLatency(Cluster cluster, String queue, String document, int requests) throws Exception {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        Jobs jobs = new Jobs("alone");
        AtomicLong value = new AtomicLong();
        try (KafkaProducer<String, Job> producer = cluster.jobProducer()) {
            for (int i = 0; i < requests; i++) {
                Action replace = Action.newBuilder().setId("alone-a" + i).setType("PATCH").setScope(Scopes.GLOBAL)
                    .setInput("[{\"op\":\"replace\",\"path\":\"/" + member(i % 10) + "\",\"value\":" + value.incrementAndGet() + "}]")
                    .setTimestampUtcMs(System.currentTimeMillis()).build();
                Job job = jobs.single(document, List.of(replace), System.currentTimeMillis());
                CompletableFuture<Long> done = new CompletableFuture<>();
                waiting.put(job.getJobId(), done);
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(queue, document, job));
                producer.flush();
                long seen = done.get(30, TimeUnit.SECONDS);
                micros.recordValue(Math.max(1, (seen - start) / 1000));
            }
        }
        return micros;
    }

    private static double rate(Histogram micros) {
        double meanSeconds = micros.getMean() / 1e6;
        return meanSeconds == 0 ? 0 : 1 / meanSeconds;
    }
}
