package dev.docreactor.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one event bus received within a window, by kind of record: operations per scope, re-applied copies
 * (entries with {@code reapplied} set, of any scope) and tombstones. Not thread-safe: one reader fills it.
 */
final class EventBusTally {

    private long operations;
    private long reapplied;
    private long tombstones;
    private final Map<String, Long> perScope = new TreeMap<>();

    /** Counts one operation record of {@code scope}; {@code reappliedCopy} when a rebase re-applied it. */
    void addOperation(String scope, boolean reappliedCopy) {
        operations++;
        if (reappliedCopy) {
            reapplied++;
        }
        perScope.merge(scope, 1L, Long::sum);
    }

    /** Counts one record without a value. */
    void addTombstone() {
        tombstones++;
    }

    /** Every record counted: operations and tombstones. */
    long records() {
        return operations + tombstones;
    }

    /** Re-applied copies counted. */
    long reapplied() {
        return reapplied;
    }

    /** The counts as a map for the report's details. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", records());
        m.put("reapplied", reapplied);
        m.put("tombstones", tombstones);
        m.put("operationsPerScope", new TreeMap<>(perScope));
        return m;
    }
}
