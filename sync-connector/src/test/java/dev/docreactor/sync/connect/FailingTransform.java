package dev.docreactor.sync.connect;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A test transformation that fails the task it runs in: while {@link #FAILURES_LEFT} is positive, each
 * record it sees counts it down and throws, which (with Connect's default {@code errors.tolerance=none})
 * leaves the task FAILED, as any crash would.
 */
public final class FailingTransform<R extends ConnectRecord<R>> implements Transformation<R> {

    /** How many more records fail their task; the test sets it. */
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @Override
    public R apply(R record) {
        if (FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ConnectException("Injected task failure (FailingTransform)");
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
