package dev.docreactor.bench.load;

import dev.docreactor.contract.Scopes;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's jobs: documents of the {@code json} type edited with one-member JSON Patches, so the
 * reducer's own cost stays small and the figures show the reactor's machinery.
 */
public final class Jobs {

    /** The document type every benchmark document has. */
    public static final String TYPE = "json";

    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    /** @param prefix makes job and action ids unique within one run, e.g. the scenario and round */
    public Jobs(String prefix) {
        this.prefix = prefix;
    }

    private String nextId() {
        return prefix + "-" + sequence.incrementAndGet();
    }

    /** A job creating {@code documentId}. */
    public Job create(String documentId) {
        long now = System.currentTimeMillis();
        Action create = Action.newBuilder().setId(nextId()).setType("CREATE_DOCUMENT").setScope(Scopes.DOCUMENT)
            .setInput("{\"type\":\"" + TYPE + "\"}").setTimestampUtcMs(now).build();
        return execute(documentId, List.of(create), now);
    }

    /** A job applying {@code count} patches to {@code documentId}, each setting member {@code member}. */
    public Job patches(String documentId, String member, int count) {
        long now = System.currentTimeMillis();
        List<Action> actions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            actions.add(patch(member, sequence.get() + i, now));
        }
        return execute(documentId, actions, now);
    }

    /** One patch action: {@code add /member value}; its timestamp is when it was accepted. */
    public Action patch(String member, long value, long acceptedUtcMs) {
        return Action.newBuilder().setId(nextId()).setType("PATCH").setScope(Scopes.GLOBAL)
            .setInput("[{\"op\":\"add\",\"path\":\"/" + member + "\",\"value\":" + value + "}]")
            .setTimestampUtcMs(acceptedUtcMs).build();
    }

    /** An EXECUTE job with the given actions. */
    public Job single(String documentId, List<Action> actions, long now) {
        return execute(documentId, actions, now);
    }

    private Job execute(String documentId, List<Action> actions, long now) {
        return Job.newBuilder().setJobId(nextId()).setKind(JobKind.EXECUTE).setDocumentId(documentId)
            .setDocumentType(TYPE).setBranch("main").setActions(actions).setSubmittedUtcMs(now).build();
    }

    /** A LOAD job carrying operations read from another reactor's event bus. */
    public Job load(String documentId, List<Operation> operations, String source) {
        return Job.newBuilder().setJobId(nextId()).setKind(JobKind.LOAD).setDocumentId(documentId)
            .setBranch("main").setOperations(operations).setSource(source).setSubmittedUtcMs(System.currentTimeMillis()).build();
    }
}
