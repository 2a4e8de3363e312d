package dev.docreactor.reactor.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that refreshes the Kafka binders (Micrometer re-reads a Kafka client's metric names
 * periodically to pick up metrics created later, such as a new stream task's sensors), and can run
 * those refreshes on demand: before a scrape, so {@code /metrics} always shows the current set.
 */
final class RefreshingScheduler extends ScheduledThreadPoolExecutor {

    private static final Logger log = LoggerFactory.getLogger(RefreshingScheduler.class);

    private final List<Runnable> periodic = new CopyOnWriteArrayList<>();

    RefreshingScheduler() {
        super(1, runnable -> {
            Thread thread = new Thread(runnable, "reactor-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        periodic.add(command);
        return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    /**
     * Runs every periodic refresh now, on the refresh thread (so never concurrently with a scheduled
     * run), and waits at most {@code timeout} for them; a refresh that takes longer is left to finish
     * in the background and the scrape shows the meters known so far.
     */
    void refreshNow(Duration timeout) {
        if (isShutdown() || periodic.isEmpty()) {
            return;
        }
        try {
            Future<?> done = submit(() -> periodic.forEach(Runnable::run));
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("Refreshing the Kafka meters took longer than {} ms; scraping the meters known so far", timeout.toMillis());
        } catch (ExecutionException e) {
            log.warn("Refreshing the Kafka meters failed; scraping the meters known so far", e.getCause());
        } catch (RejectedExecutionException e) {
            log.debug("The metrics are closing; no refresh");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
