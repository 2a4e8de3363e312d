package dev.docreactor.formatter;

import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;

/**
 * The event bus {@code reactor-<reactor.id>-operations-changelog}: keys
 * {@code <documentId>/<branch>/<scope>/<index>}, values Avro {@link Operation}s.
 */
public final class OperationFormatter extends RecordLineFormatter<Operation> {

    /** Creates the formatter (the console consumer calls this constructor). */
    public OperationFormatter() {
        super(AvroSerdes.operation().format());
    }
}
