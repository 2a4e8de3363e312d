package dev.docreactor.formatter;

import dev.docreactor.schema.Job;
import dev.docreactor.serde.AvroSerdes;

/** The queue {@code <reactor.id>.queue}: keys are document ids, values Avro {@link Job}s. */
public final class JobFormatter extends RecordLineFormatter<Job> {

    /** Creates the formatter (the console consumer calls this constructor). */
    public JobFormatter() {
        super(AvroSerdes.job().format());
    }
}
