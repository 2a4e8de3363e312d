package dev.docreactor.reactor.ctl;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long-running command on stderr, so stdout stays clean for results. On a terminal the
 * line is rewritten in place; otherwise (a pipe, a log file) a line is written at most every few
 * seconds. {@link #done} always writes the final line.
 */
final class Progress {

    private static final long TERMINAL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PLAIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean terminal;
    private long lastPrinted;
    private long lastCount = -1;
    private boolean printedInPlace;

    /**
     * @param err where to write
     * @param label what is counted, e.g. {@code "tail"}
     * @param total the expected count, or -1 when unknown
     * @param terminal whether {@code err} is an interactive terminal
     */
    Progress(PrintWriter err, String label, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.lastPrinted = System.nanoTime();
    }

    /** Reports {@code count} items done (and a short detail, may be empty); throttled, and silent while nothing changes. */
    void update(long count, String detail) {
        long now = System.nanoTime();
        if (count == lastCount || now - lastPrinted < (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        lastCount = count;
        if (terminal) {
            err.print("\r" + line(count, detail) + "\u001b[K");
            printedInPlace = true;
        } else {
            err.println(line(count, detail));
        }
        err.flush();
    }

    /** Writes the final line. */
    void done(long count, String detail) {
        if (printedInPlace) {
            err.print("\r\u001b[K");
        }
        err.println(line(count, detail));
        err.flush();
    }

    private String line(long count, String detail) {
        String counted = total >= 0 ? count + "/" + total : Long.toString(count);
        return label + ": " + counted + (detail == null || detail.isEmpty() ? "" : " " + detail);
    }
}
