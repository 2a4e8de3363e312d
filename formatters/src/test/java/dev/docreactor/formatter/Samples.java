package dev.docreactor.formatter;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real records of every topic, as the reactor writes them. */
final class Samples {

    private Samples() {
    }

    static Action action() {
        return Action.newBuilder().setId("a1").setType("ADD_TODO").setScope("global")
            .setInput("{\"id\":\"1\",\"text\":\"milk \\\"2%\\\"\"}").build();
    }

    static Operation operation() {
        return Operation.newBuilder()
            .setId("a:a1").setDocumentId("groceries").setDocumentType("todo-list").setScope("global").setBranch("main")
            .setIndex(2).setSkip(0).setTimestampUtcMs(1_700_000_000_000L).setClock(1_700_000_000_000L << 16)
            .setHash("ab".repeat(32)).setOrigin("a").setAction(action()).build();
    }

    static Job job() {
        return Job.newBuilder().setJobId("job-1").setKind(JobKind.EXECUTE).setDocumentId("groceries")
            .setDocumentType("todo-list").setActions(List.of(action())).setSubmittedUtcMs(1_700_000_000_000L).build();
    }

    static JobResult jobResult() {
        return JobResult.newBuilder().setJobId("job-1").setDocumentId("groceries").setStatus(JobStatus.COMPLETED)
            .setOperations(List.of(OperationRef.newBuilder().setId("a:a1").setScope("global").setIndex(2)
                .setHash("ab".repeat(32)).build()))
            .setCompletedUtcMs(1_700_000_000_001L).build();
    }

    static DeadLetter deadLetter(byte[] originalValue) {
        return DeadLetter.newBuilder().setReason("document too large").setSourceTopic("a.queue").setSourcePartition(1)
            .setSourceOffset(42).setOriginalKey(ByteBuffer.wrap("groceries".getBytes(StandardCharsets.UTF_8)))
            .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue)).setJobId("job-1")
            .setFailedUtcMs(1_700_000_000_002L).build();
    }
}
