package dev.docreactor.reactor.executor;

/**
 * Keys of the sync-acks store: which remote reactor applied which of this reactor's operations. A
 * SYNC_ACK job (an echo seen on the remote's event bus, not re-sent) records {@code applied} or
 * {@code failed: reason} under {@code <documentId>/<remoteReactorId>/<operationId>}.
 */
public final class SyncAcks {

    private SyncAcks() {
    }

    /** The key of one acknowledgement. */
    public static String key(String documentId, String remoteReactorId, String operationId) {
        return documentId + '/' + remoteReactorId + '/' + operationId;
    }

    /** The stored status of an acknowledged operation. */
    public static String status(String error) {
        return error == null ? "applied" : "failed: " + error;
    }
}
