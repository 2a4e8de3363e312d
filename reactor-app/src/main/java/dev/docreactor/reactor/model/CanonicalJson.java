package dev.docreactor.reactor.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical JSON form of a document state and its SHA-256 hash.
 *
 * <p>Two JSON values that mean the same thing have the same canonical text, so reactors on different
 * machines agree on the hash of a state whatever the key order, whitespace or number spelling of the
 * JSON they were given. The canonical form is:
 *
 * <ul>
 *   <li>no whitespace outside strings;
 *   <li>object members sorted by key with {@link String#compareTo}, i.e. by UTF-16 code unit, the
 *       order RFC 8785 uses. It is locale-independent and equals Unicode code point order except that
 *       keys with characters above U+FFFF sort before keys with characters U+E000..U+FFFF at the same
 *       position;
 *   <li>numbers by value, never with an exponent: integral values (whatever their Jackson node type,
 *       so {@code 1}, {@code 1.0}, {@code 1.00} and {@code 1e0} are all {@code 1}) as plain integers,
 *       other values as the shortest plain decimal with that value ({@code 0.5}, {@code -12.25});
 *       negative zero is {@code 0}. A binary floating point node is taken at the value of its shortest
 *       round-trip decimal ({@link Double#toString});
 *   <li>strings with the minimal escaping of RFC 8259: {@code \"}, {@code \\}, the short forms
 *       {@code \b \f \n \r \t}, {@code \}{@code u00XX} for the other control characters below U+0020,
 *       and {@code \}{@code uXXXX} for unpaired surrogates (which have no UTF-8 form, so writing them
 *       raw would make different strings hash alike); every other character is written as is.
 * </ul>
 *
 * <p>Only values that JSON text can express are accepted: NaN and infinite numbers, binary, POJO and
 * missing nodes are rejected with {@link IllegalArgumentException}, as are numbers whose plain form
 * would be longer than {@value #MAX_PLAIN_NUMBER_LENGTH} characters (e.g. {@code 1e999999999}).
 */
public final class CanonicalJson {

    /**
     * Bounds the plain (exponent-free) text of one number. A short exponent can denote an enormous
     * plain form; without a bound one small input could exhaust memory when it is written.
     */
    static final int MAX_PLAIN_NUMBER_LENGTH = 10_000;

    /**
     * Hard ceilings of the parser, above every configurable limit ({@link Limits}): the nesting depth
     * Jackson allows by default, and the largest text the reactor ever parses (the largest configurable
     * state or job). The configured, lower limits are checked on the parsed tree ({@link JsonMeasure}).
     */
    public static final int MAX_PARSE_DEPTH = 1000;

    /** See {@link #MAX_PARSE_DEPTH}. */
    public static final int MAX_PARSE_BYTES = 256 * 1024 * 1024;

    /*
     * Floating point numbers are read as BigDecimal so that no digits are lost to binary rounding and
     * every machine reads the same value. Integers need no option: Jackson already reads them exactly,
     * as int, long or BigInteger by size. Duplicate keys are rejected because which of two values a
     * document "has" would otherwise depend on the reader; trailing tokens are rejected so that
     * "{} x" is not silently read as {}.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_PARSE_DEPTH)
                            .maxStringLength(MAX_PARSE_BYTES)
                            .maxDocumentLength(MAX_PARSE_BYTES)
                            .maxNumberLength(MAX_PLAIN_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final HexFormat HEX = HexFormat.of();

    private CanonicalJson() {}

    /**
     * The shared mapper for document JSON: reads floating point numbers exactly as {@link BigDecimal},
     * rejects duplicate keys and trailing content, and writes decimals without exponent. It is shared
     * and thread-safe; do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses JSON text with {@link #mapper()}.
     *
     * @throws IllegalArgumentException if the text is not exactly one well-formed JSON value, or holds a
     *     number that has no canonical form (see the class description)
     */
    public static JsonNode parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("malformed JSON: no value in the text");
        }
        // Surfaces uncanonicalizable numbers now, where the caller handles bad input, rather than
        // later when the state is hashed.
        requireWritable(node);
        return node;
    }

    /**
     * Checks that {@link #write(JsonNode)} can write {@code node}, without writing it: what it refuses are numbers
     * without a canonical form and nodes that are not JSON (strings, whatever they hold, are always written).
     *
     * @throws IllegalArgumentException as {@link #write(JsonNode)} would
     */
    static void requireWritable(JsonNode node) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            JsonNode next = pending.pop();
            switch (next.getNodeType()) {
                case OBJECT, ARRAY -> next.forEach(pending::push);
                case NUMBER -> {
                    if (!(next.isIntegralNumber() && next.canConvertToLong())) {
                        canonicalNumber(next);
                    }
                }
                case STRING, BOOLEAN, NULL -> {
                    // Always written.
                }
                default -> throw new IllegalArgumentException("a " + next.getNodeType() + " node has no JSON form");
            }
        }
    }

    /**
     * The canonical JSON text of {@code node} (see the class description).
     *
     * @throws IllegalArgumentException if the node holds a value JSON text cannot express
     */
    public static String write(JsonNode node) {
        return write(node, 16);
    }

    /**
     * {@link #write(JsonNode)} into a buffer of {@code expectedLength} characters (e.g. a
     * {@link JsonMeasure#sizeAtMost} figure the caller has), so a large state's text is not copied each
     * time the buffer grows. The text is the same whatever the hint.
     */
    public static String write(JsonNode node, long expectedLength) {
        Objects.requireNonNull(node, "node");
        StringBuilder out = new StringBuilder((int) Math.max(16, Math.min(expectedLength, Integer.MAX_VALUE - 16)));
        writeValue(node, out);
        return out.toString();
    }

    /**
     * The SHA-256 hash of the UTF-8 bytes of {@link #write(JsonNode)}, as 64 lowercase hex digits.
     *
     * @throws IllegalArgumentException if the node holds a value JSON text cannot express
     */
    public static String hash(JsonNode node) {
        return hashCanonicalText(write(node));
    }

    /**
     * The hash of text that {@link #write(JsonNode)} produced: the SHA-256 of its UTF-8 bytes, as 64
     * lowercase hex digits, so {@code hashCanonicalText(write(node))} equals {@code hash(node)}. For
     * callers that hold the canonical text already and need not write it again.
     */
    public static String hashCanonicalText(String canonicalText) {
        Objects.requireNonNull(canonicalText, "canonicalText");
        return HEX.formatHex(sha256().digest(canonicalText.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void writeValue(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    // The same digits as the BigInteger form below, without building one.
                    out.append(node.longValue());
                } else {
                    out.append(canonicalNumber(node));
                }
            }
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException(
                    "a " + node.getNodeType() + " node has no JSON form");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        // Trees read from canonical text (every stored state) keep its sorted member order: no sort needed.
        Iterable<Map.Entry<String, JsonNode>> members = node.properties();
        if (!sortedByKey(node)) {
            List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(node.size());
            sorted.addAll(node.properties());
            sorted.sort(Map.Entry.comparingByKey());
            members = sorted;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : members) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(member.getKey(), out);
            out.append(':');
            writeValue(member.getValue(), out);
        }
        out.append('}');
    }

    /** Whether the members of an object node are in the canonical order (String order of the keys) already. */
    private static boolean sortedByKey(JsonNode node) {
        String previous = null;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (previous != null && previous.compareTo(member.getKey()) >= 0) {
                return false;
            }
            previous = member.getKey();
        }
        return true;
    }

    private static void writeArray(JsonNode node, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeValue(node.get(i), out);
        }
        out.append(']');
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        appendUnicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(i + 1));
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX.toHexDigits(c));
    }

    /** The canonical text of a number node: plain, exponent-free and independent of the node type. */
    private static String canonicalNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            // int, long, short and BigInteger print exactly and without exponent already.
            return node.bigIntegerValue().toString();
        }
        BigDecimal value;
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no form for the number " + d);
            }
            // Float.toString / Double.toString give the shortest decimal that reads back to the same
            // binary value, so 0.1f is 0.1 and not 0.100000001490116119384765625.
            value = node.isFloat() ? new BigDecimal(Float.toString(node.floatValue())) : BigDecimal.valueOf(d);
        } else {
            value = node.decimalValue();
        }
        return plain(value);
    }

    private static String plain(BigDecimal value) {
        if (value.signum() == 0) {
            // BigDecimal has no negative zero, but 0.000 and 0E+5 must still print as 0.
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        long integerDigits = (long) stripped.precision() - stripped.scale();
        long length = Math.max(integerDigits, 1) + Math.max(stripped.scale(), 0) + 2;
        if (length > MAX_PLAIN_NUMBER_LENGTH) {
            throw new IllegalArgumentException("the number " + stripped
                    + " is too large or too small for canonical JSON (plain form longer than "
                    + MAX_PLAIN_NUMBER_LENGTH + " characters)");
        }
        return stripped.toPlainString();
    }
}
