package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 computations of the state hash, version 2 ({@link StateTree}, docs/STATE-HASH.md): one
 * {@link MessageDigest} per tree, the domain tags, the encodings, and a count of the digests computed (for
 * tests that check an update's cost). Not thread-safe, like the tree that owns it.
 */
final class StateTreeDigest {

    /** Bytes of a SHA-256 digest. */
    static final int LENGTH = 32;

    static final byte SCALAR = 0x01;
    static final byte ARRAY = 0x02;
    static final byte MEMBER = 0x03;
    static final byte OBJECT = 0x04;
    static final byte LEAF = 0x05;
    static final byte INNER = 0x06;

    /** T of a leaf of no members: SHA-256(0x05). */
    static final byte[] EMPTY_LEAF = new StateTreeDigest().leafOfNone();

    private final MessageDigest sha;
    private long invocations;

    StateTreeDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private byte[] leafOfNone() {
        begin(LEAF);
        byte[] out = new byte[LENGTH];
        finish(out, 0);
        return out;
    }

    /** The number of digests finished so far. */
    long invocations() {
        return invocations;
    }

    /** Starts a digest with its domain tag; add to the returned digest, then {@link #finish}. */
    MessageDigest begin(byte tag) {
        sha.reset();
        sha.update(tag);
        return sha;
    }

    /** Finishes the digest begun by {@link #begin} into {@code out} at {@code offset}. */
    void finish(byte[] out, int offset) {
        invocations++;
        try {
            sha.digest(out, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest does not fit at " + offset, e);
        }
    }

    /**
     * Writes D(scalar) = SHA-256(0x01 || UTF-8 of its canonical text) into {@code out} at {@code offset}
     * and returns the byte length of that text (its canonical size).
     */
    int scalar(JsonNode scalar, byte[] out, int offset) {
        // The canonical text escapes unpaired surrogates, so its UTF-8 form is exact.
        byte[] text = CanonicalJson.write(scalar).getBytes(StandardCharsets.UTF_8);
        begin(SCALAR).update(text);
        finish(out, offset);
        return text.length;
    }

    /** Writes K = SHA-256(UTF-8(key)), where a member sits in its object's trie, into {@code out} at {@code offset}. */
    void keyDigest(String key, byte[] out, int offset) {
        sha.reset();
        sha.update(utf8(key));
        finish(out, offset);
    }

    /**
     * Writes M = SHA-256(0x03 || uint32 length of UTF-8(key) || UTF-8(key) || D(value)) into {@code out} at
     * {@code offset}, with D(value) read from {@code value} at {@code valueOffset}.
     */
    void member(String key, byte[] value, int valueOffset, byte[] out, int offset) {
        byte[] k = utf8(key);
        MessageDigest md = begin(MEMBER);
        md.update((byte) (k.length >>> 24));
        md.update((byte) (k.length >>> 16));
        md.update((byte) (k.length >>> 8));
        md.update((byte) k.length);
        md.update(k);
        md.update(value, valueOffset, LENGTH);
        finish(out, offset);
    }

    /** Nibble {@code level} of a key digest: 0 is the high 4 bits of its first byte. */
    static int nibble(byte[] keyDigest, int level) {
        int b = keyDigest[level >>> 1] & 0xff;
        return (level & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    /**
     * UTF-8 of a key. A key may hold an unpaired surrogate (JSON text can escape one), which has no UTF-8
     * form; it is encoded like a code point of the same value (3 bytes, "generalized UTF-8", Python's
     * {@code surrogatepass}), so that different keys never share bytes. Keys without one get plain UTF-8.
     */
    static byte[] utf8(String s) {
        byte[] out = new byte[(int) utf8Length(s)];
        int o = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xc0 | (c >>> 6));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[o++] = (byte) (0xf0 | (cp >>> 18));
                out[o++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
                out[o++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
                out[o++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[o++] = (byte) (0xe0 | (c >>> 12));
                out[o++] = (byte) (0x80 | ((c >>> 6) & 0x3f));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return out;
    }

    /** The length of {@link #utf8}; equals {@link JsonMeasure#utf8Length}. */
    private static long utf8Length(String s) {
        return JsonMeasure.utf8Length(s);
    }

    /**
     * The UTF-8 length of a string's canonical JSON text, quotes included, exactly as
     * {@link CanonicalJson#write} escapes it; for keys, whose text is not written out.
     */
    static int canonicalStringBytes(String s) {
        long bytes = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                bytes += 2;
            } else if (c < 0x20) {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 6;
            } else {
                bytes += 3;
            }
        }
        return Math.toIntExact(bytes);
    }
}
