package dev.docreactor.formatter;

import dev.docreactor.schema.JobResult;
import dev.docreactor.serde.AvroSerdes;

/** The job results {@code <reactor.id>.job-results}: keys are job ids, values Avro {@link JobResult}s. */
public final class JobResultFormatter extends RecordLineFormatter<JobResult> {

    /** Creates the formatter (the console consumer calls this constructor). */
    public JobResultFormatter() {
        super(AvroSerdes.jobResult().format());
    }
}
