package dev.docreactor.reactor.merge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * @param clock the largest hybrid logical clock value created or observed for this document branch (the
 *     stored header may have an older one: see {@link #withClockOfHeads})
 * @param scopes the scopes that have a stream, sorted by {@link OperationKey#compareUtf8}
 */
public record DocumentHeader(
        String type,
        OperationKey createKey,
        OperationKey deleteKey,
        String initialStates,
        long clock,
        List<String> scopes) {

    /** The layout written: version 2, without the initial states' text. */
    private static final byte VERSION = 2;

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
     * This header with the clock of a branch whose stored header may be older than its heads: the largest of
     * its own clock and the {@linkplain StreamHead#clock clocks} of the heads of its scopes. A job that moves
     * only the branch's clock writes the clock with the heads it writes anyway and leaves the header as it was
     * ({@link MergeStorage#putClock}); the heads of every stream whose head may be newer than the header are
     * in its scope list (a new scope changes the header, which is then written). So the clock read back is the
     * clock last put, and never goes backwards after a restart or a move of the task.
     *
     * @param headOf the stored head of a scope of this branch, if any
     */
    public DocumentHeader withClockOfHeads(Function<String, Optional<StreamHead>> headOf) {
        long largest = clock;
        for (String scope : scopes) {
            Optional<StreamHead> head = headOf.apply(scope);
            if (head.isPresent()) {
                largest = Math.max(largest, head.get().clock());
            }
        }
        return withClock(largest);
    }

    /**
     * This header in its compact binary form, without the initial states' text, which is stored apart
     * ({@link #initialStatesToBytes}, key {@link MergeKeys#initialStates}) and written only when the
     * creation in effect changes them: version byte {@code 2}; type (4-byte length, {@code -1} when
     * absent, and UTF-8 bytes); create key and delete key (each a presence byte, then clock, origin, id);
     * whether there are initial states (a byte, 1 or 0); clock (8 bytes); the number of scopes (4 bytes)
     * and each scope (string as above). Version 1 had the initial states' text (string as above) in place
     * of the byte.
     */
    public byte[] toBytes() {
        return Codec.encode(VERSION, out -> {
            Codec.writeString(out, type);
            OperationKey.writeNullable(out, createKey);
            OperationKey.writeNullable(out, deleteKey);
            out.writeBoolean(initialStates != null);
            out.writeLong(clock);
            out.writeInt(scopes.size());
            for (String scope : scopes) {
                Codec.writeString(out, scope);
            }
        });
    }

    /**
     * Reads a header written by {@link #toBytes()}, or by a reactor before version 2 (with the initial
     * states' text inside).
     *
     * @param initialStates reads the initial states stored apart ({@link #initialStatesFromBytes}); called
     *     only for a header of version 2 that has some
     * @throws IllegalArgumentException if the bytes are not a header of a known version, or its initial
     *     states are missing
     */
    public static DocumentHeader fromBytes(byte[] bytes, Supplier<String> initialStates) {
        return Codec.decode(bytes, "DocumentHeader", VERSION, (version, in) -> {
            String type = Codec.readString(in);
            OperationKey createKey = OperationKey.readNullable(in);
            OperationKey deleteKey = OperationKey.readNullable(in);
            String initial;
            if (version == 1) {
                initial = Codec.readString(in);
            } else if (in.readBoolean()) {
                initial = initialStates.get();
                if (initial == null) {
                    throw new IOException("its initial states are missing");
                }
            } else {
                initial = null;
            }
            long clock = in.readLong();
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("negative scope count " + count);
            }
            List<String> scopes = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                scopes.add(Codec.readString(in));
            }
            return new DocumentHeader(type, createKey, deleteKey, initial, clock, scopes);
        });
    }

    /** The initial states' text in its binary form (version byte {@code 1}, then a string as above). */
    public static byte[] initialStatesToBytes(String initialStates) {
        Objects.requireNonNull(initialStates, "initialStates");
        return Codec.encode(out -> Codec.writeString(out, initialStates));
    }

    /**
     * Reads initial states written by {@link #initialStatesToBytes}.
     *
     * @throws IllegalArgumentException if the bytes are not initial states of a known version
     */
    public static String initialStatesFromBytes(byte[] bytes) {
        return Codec.decode(bytes, "initial states", in -> {
            String text = Codec.readString(in);
            if (text == null) {
                throw new IOException("absent initial states");
            }
            return text;
        });
    }
}
