package dev.docreactor.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one system at one offered load, in milliseconds.
 *
 * @param system what was measured, e.g. {@code sync connector (A accepted -> B applied)}
 * @param offeredOpsPerSec the offered load
 * @param achievedOpsPerSec what the load generator actually sent per second
 * @param count samples
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest sample
 */
public record Latency(String system, int offeredOpsPerSec, double achievedOpsPerSec, long count, double p50Ms,
                      double p99Ms, double p999Ms, double maxMs) {

    /** Percentiles of a histogram recorded in microseconds. */
    public static Latency of(String system, int offered, double achieved, Histogram micros) {
        return new Latency(system, offered, achieved, micros.getTotalCount(),
            micros.getValueAtPercentile(50.0) / 1000.0, micros.getValueAtPercentile(99.0) / 1000.0,
            micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
    }
}
