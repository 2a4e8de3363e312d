package dev.docreactor.bench;

import dev.docreactor.bench.report.BenchmarkResults;
import dev.docreactor.bench.report.ConsoleTable;
import dev.docreactor.bench.report.HtmlReport;
import dev.docreactor.bench.report.JsonReport;
import dev.docreactor.bench.report.MarkdownReport;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.scenario.Scenarios;
import dev.docreactor.bench.scenario.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark command: {@code java -jar benchmark/target/benchmark.jar --mode quick}. Starts embedded
 * brokers, runs the selected scenarios each next to its bare-Kafka baseline, and writes
 * {@code results.json}, {@code results.txt} (the console table), {@code results.html} (chart) and
 * {@code results.md} into the output directory.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, version = "benchmark 0.1.0",
    description = "Benchmarks the reactor and the sync connector against bare-Kafka baselines measured in the same run.")
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "quick", description = "quick (under 5 minutes on 2 cores) or full (the issue's sizes). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--out", defaultValue = "bench-results", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--scenarios", split = ",", description = "Scenarios to run, e.g. 1,5,8. Default: all (1-8).")
    List<Integer> scenarios;

    @Option(names = "--profile", description = "Record a Java Flight Recorder profile of every component JVM into the logs directory.")
    boolean profile;

    @Option(names = "--keep-work", description = "Keep the scratch directory (broker data, state stores) after the run.")
    boolean keepWork;

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-benchmark.xml");
        BenchmarkMain command = new BenchmarkMain();
        command.args = String.join(" ", args);
        int code = new CommandLine(command).execute(args);
        System.exit(code);
    }

    private String args = "";

    @Override
    public Integer call() throws IOException {
        Mode sizes = Mode.of(mode);
        if (profile) {
            dev.docreactor.bench.child.ChildJvm.enableProfiling();
        }
        List<Integer> selected = scenarios == null || scenarios.isEmpty()
            ? Scenarios.inRunOrder().stream().map(Scenario::id).toList() : scenarios;
        Files.createDirectories(out);
        Path logDir = out.resolve("logs");
        Files.createDirectories(logDir);
        Path work = Files.createTempDirectory("reactor-bench-");
        BenchContext context = new BenchContext(sizes, work, logDir);
        BenchmarkResults results = new BenchmarkResults(sizes.name(),
            "java -jar benchmark/target/benchmark.jar" + (args.isBlank() ? "" : " " + args),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.machine().putAll(Machine.describe());
        if (sizes == Mode.QUICK) {
            Progress.log("quick mode: small counts, a check that everything runs; JIT warm-up weighs on its figures. "
                + "The figures to quote come from --mode full.");
        }
        long started = System.nanoTime();
        List<ScenarioResult> done = new ArrayList<>();
        boolean failed = false;
        for (Scenario scenario : Scenarios.inRunOrder()) {
            if (!selected.contains(scenario.id())) {
                done.add(ScenarioResult.withStatus(scenario.id(), scenario.title(), ScenarioResult.Status.SKIPPED,
                    "not selected (--scenarios " + selected + ")"));
                continue;
            }
            ScenarioResult result = new ScenarioResult(scenario.id(), scenario.title());
            Progress.log("scenario %d: %s", scenario.id(), scenario.title());
            long t0 = System.nanoTime();
            try {
                scenario.run(context, result);
            } catch (Exception | Error e) {
                result.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
                Progress.log("scenario %d failed: %s", scenario.id(), e);
                e.printStackTrace(System.err);
            }
            result.seconds((System.nanoTime() - t0) / 1e9);
            failed |= result.status() == ScenarioResult.Status.FAILED;
            Progress.log("scenario %d: %s in %.0f s", scenario.id(), result.status(), result.seconds());
            done.add(result);
        }
        done.sort(Comparator.comparingInt(ScenarioResult::id));
        results.scenarios().addAll(done);
        results.totalSeconds((System.nanoTime() - started) / 1e9);
        results.machine().put("loadAverageAfter", Machine.loadAverage());
        String table = ConsoleTable.render(results);
        Files.writeString(out.resolve("results.json"), JsonReport.render(results), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.txt"), table, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.html"), HtmlReport.render(results), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.md"), MarkdownReport.render(results), StandardCharsets.UTF_8);
        System.out.print(table);
        System.out.println("Wrote " + out.resolve("results.json") + ", results.txt, results.html (chart), results.md; component logs in " + logDir);
        if (!keepWork) {
            deleteRecursively(work);
        }
        return failed ? 1 : 0;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Progress.log("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
