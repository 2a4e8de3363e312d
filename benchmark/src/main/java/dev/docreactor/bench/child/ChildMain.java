package dev.docreactor.bench.child;

import dev.docreactor.bench.baseline.BareProcessorApp;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entry point of a component the benchmark runs in its own JVM, so that its memory is its own:
 * {@code ChildMain <role> <properties file>}. Roles: {@code reactor} (a {@link Reactor}), {@code bare}
 * (the {@link BareProcessorApp} baseline) and the roles of {@link ChildRoles}. Protocol on standard
 * output: {@code READY ...} once serving; on standard input {@code stop} closes the component and prints
 * {@code STATS heapPeakBytes=<n> heapCommittedPeakBytes=<n>}. Logs go to standard error.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /** Runs one component until {@code stop} arrives on standard input. */
    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-benchmark.xml");
        if (args.length != 2) {
            System.err.println("usage: ChildMain <role> <properties file>");
            System.exit(2);
        }
        String role = args[0];
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            props.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        props.forEach((k, v) -> config.put(k.toString(), v));

        HeapSampler sampler = new HeapSampler();
        sampler.start();
        AutoCloseable component;
        switch (role) {
            case "reactor" -> {
                Reactor reactor = new Reactor(new ReactorConfig(config), new DocumentModelRegistry()).start();
                component = reactor;
                say("READY http=" + reactor.httpPort());
            }
            case "bare" -> {
                BareProcessorApp app = BareProcessorApp.start(props);
                component = app;
                app.awaitQueryable(java.time.Duration.ofMinutes(10));
                say("READY");
            }
            default -> {
                component = ChildRoles.start(role, props);
                say("READY");
            }
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            if (line.trim().equals("stop")) {
                break;
            }
            if (line.trim().equals("stats")) {
                say(sampler.stats());
            }
        }
        component.close();
        say(sampler.stats());
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Samples the heap every 50 ms and keeps the peaks. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong usedPeak = new AtomicLong();
        private final AtomicLong committedPeak = new AtomicLong();

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                MemoryUsage heap = memory.getHeapMemoryUsage();
                usedPeak.accumulateAndGet(heap.getUsed(), Math::max);
                committedPeak.accumulateAndGet(heap.getCommitted(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String stats() {
            return "STATS heapPeakBytes=" + usedPeak.get() + " heapCommittedPeakBytes=" + committedPeak.get();
        }
    }
}
