package dev.docreactor.serde;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;

/**
 * The serdes of every record type that crosses a topic, in Avro single-object encoding.
 * Each call returns a new serde; serdes are thread-safe and may be shared.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Serde for {@link Action}. */
    public static RecordSerde<Action> action() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(Action.class, Action.getClassSchema()));
    }

    /** Serde for {@link Operation}, the value of every event-bus record. */
    public static RecordSerde<Operation> operation() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(Operation.class, Operation.getClassSchema()));
    }

    /** Serde for {@link Job}, the value of every queue record. */
    public static RecordSerde<Job> job() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(Job.class, Job.getClassSchema()));
    }

    /** Serde for {@link JobResult}. */
    public static RecordSerde<JobResult> jobResult() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(JobResult.class, JobResult.getClassSchema()));
    }

    /** Serde for {@link DocumentSnapshot}. */
    public static RecordSerde<DocumentSnapshot> documentSnapshot() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(DocumentSnapshot.class, DocumentSnapshot.getClassSchema()));
    }

    /** Serde for {@link DeadLetter}, the value of every dead-letter record. */
    public static RecordSerde<DeadLetter> deadLetter() {
        return new RecordSerde<>(new AvroSingleObjectFormat<>(DeadLetter.class, DeadLetter.getClassSchema()));
    }
}
