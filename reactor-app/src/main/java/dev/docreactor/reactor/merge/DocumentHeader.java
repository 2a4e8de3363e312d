package dev.docreactor.reactor.merge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a reactor knows about one branch of a document, beyond its streams: its lifecycle, its hybrid
 * logical clock and which streams it has. It exists as soon as the reactor has seen anything of the
 * document branch, even operations that wait for its creation.
 *
 * <p>The lifecycle fields are derived from the {@code document} scope's stream: the creation in effect
 * is the first successful {@code CREATE_DOCUMENT} in canonical order, the deletion in effect the first
 * successful {@code DELETE_DOCUMENT}.
 *
 * @param type the document type of the creation in effect; {@code null} while the document does not
 *     exist here
 * @param createKey the key of the creation in effect; {@code null} while the document does not exist
 * @param deleteKey the key of the deletion in effect; {@code null} while it is not deleted
 * @param initialStates canonical JSON object of per-scope initial states given at creation, or
 *     {@code null} when none were given (scopes then start at the model's initial state)
 * @param clock the largest hybrid logical clock value created or observed for this document branch
 * @param scopes the scopes that have a stream, sorted by {@link OperationKey#compareUtf8}
 */
public record DocumentHeader(
        String type,
        OperationKey createKey,
        OperationKey deleteKey,
        String initialStates,
        long clock,
        List<String> scopes) {

    /** A header for a document branch nothing is known about yet. */
    public static final DocumentHeader EMPTY = new DocumentHeader(null, null, null, null, 0L, List.of());

    /** Copies the scope list. */
    public DocumentHeader {
        scopes = List.copyOf(scopes);
    }

    /** Whether the document exists here (a creation is in effect), deleted or not. */
    public boolean created() {
        return createKey != null;
    }

    /** Whether a deletion is in effect. */
    public boolean deleted() {
        return deleteKey != null;
    }

    /** This header with {@code clock}. */
    public DocumentHeader withClock(long newClock) {
        return new DocumentHeader(type, createKey, deleteKey, initialStates, newClock, scopes);
    }

    /** This header with the lifecycle fields replaced. */
    public DocumentHeader withLifecycle(String newType, OperationKey newCreateKey, OperationKey newDeleteKey,
            String newInitialStates) {
        return new DocumentHeader(newType, newCreateKey, newDeleteKey, newInitialStates, clock, scopes);
    }

    /** This header with {@code scope} in its scope list. */
    public DocumentHeader withScope(String scope) {
        if (scopes.contains(scope)) {
            return this;
        }
        TreeSet<String> sorted = new TreeSet<>(OperationKey::compareUtf8);
        sorted.addAll(scopes);
        sorted.add(scope);
        return new DocumentHeader(type, createKey, deleteKey, initialStates, clock, new ArrayList<>(sorted));
    }

    /**
     * This header in its compact binary form: version byte {@code 1}; type (4-byte length, {@code -1}
     * when absent, and UTF-8 bytes); create key and delete key (each a presence byte, then clock, origin,
     * id); initial states (string as above); clock (8 bytes); the number of scopes (4 bytes) and each
     * scope (string as above).
     */
    public byte[] toBytes() {
        return Codec.encode(out -> {
            Codec.writeString(out, type);
            OperationKey.writeNullable(out, createKey);
            OperationKey.writeNullable(out, deleteKey);
            Codec.writeString(out, initialStates);
            out.writeLong(clock);
            out.writeInt(scopes.size());
            for (String scope : scopes) {
                Codec.writeString(out, scope);
            }
        });
    }

    /**
     * Reads a header written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a header of a known version
     */
    public static DocumentHeader fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "DocumentHeader", in -> {
            String type = Codec.readString(in);
            OperationKey createKey = OperationKey.readNullable(in);
            OperationKey deleteKey = OperationKey.readNullable(in);
            String initialStates = Codec.readString(in);
            long clock = in.readLong();
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("negative scope count " + count);
            }
            List<String> scopes = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                scopes.add(Codec.readString(in));
            }
            return new DocumentHeader(type, createKey, deleteKey, initialStates, clock, scopes);
        });
    }
}
