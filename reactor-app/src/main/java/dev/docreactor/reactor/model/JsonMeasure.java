package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * Bounded measurements of a JSON tree: how deep it nests and about how many bytes its canonical text
 * takes. Both walk the tree without recursion (so no input can overflow the stack) and stop as soon as
 * the bound is crossed (so measuring a huge tree costs no more than measuring up to the bound).
 *
 * <p>{@link #sizeAtMost} counts what {@link CanonicalJson#write} writes, with two approximations that
 * only over-count: every character of a string counts as its UTF-8 length plus one for a possible escape
 * only when it is a character that is escaped, and a number counts as the length of its plain text
 * (integral) or of its string form. The result is deterministic: the same tree measures the same on
 * every machine.
 */
public final class JsonMeasure {

    private JsonMeasure() {
    }

    /**
     * The nesting depth of {@code node} (a scalar is 0, {@code {}} and {@code []} are 1, {@code [[1]]}
     * is 2), or {@code max + 1} if it is deeper than {@code max}.
     */
    public static int depthAtMost(JsonNode node, int max) {
        if (!node.isContainerNode()) {
            return 0;
        }
        ArrayDeque<Iterator<JsonNode>> stack = new ArrayDeque<>();
        stack.push(node.elements());
        int deepest = 1;
        while (!stack.isEmpty()) {
            Iterator<JsonNode> top = stack.peek();
            if (!top.hasNext()) {
                stack.pop();
                continue;
            }
            JsonNode child = top.next();
            if (child.isContainerNode()) {
                stack.push(child.elements());
                deepest = Math.max(deepest, stack.size());
                if (deepest > max) {
                    return max + 1;
                }
            }
        }
        return deepest;
    }

    /**
     * About the number of UTF-8 bytes of the canonical text of {@code node} (never fewer), or a number
     * larger than {@code max} as soon as it is known to be larger.
     */
    public static long sizeAtMost(JsonNode node, long max) {
        ArrayDeque<JsonNode> pending = new ArrayDeque<>();
        pending.push(node);
        long size = 0;
        while (!pending.isEmpty()) {
            JsonNode current = pending.pop();
            switch (current.getNodeType()) {
                case OBJECT -> {
                    size += 2 + Math.max(0, current.size() - 1);
                    Iterator<Map.Entry<String, JsonNode>> members = current.fields();
                    while (members.hasNext() && size <= max) {
                        Map.Entry<String, JsonNode> member = members.next();
                        size += stringBytes(member.getKey()) + 1;
                        pending.push(member.getValue());
                    }
                }
                case ARRAY -> {
                    size += 2 + Math.max(0, current.size() - 1);
                    for (int i = 0; i < current.size() && size <= max; i++) {
                        pending.push(current.get(i));
                    }
                }
                case STRING -> size += stringBytes(current.textValue());
                case NUMBER -> size += current.isIntegralNumber() && current.canConvertToLong()
                        ? decimalLength(current.longValue())
                        : current.isIntegralNumber() ? current.bigIntegerValue().bitLength() / 3 + 2
                        : current.asText().length() + 2;
                case BOOLEAN -> size += 5;
                default -> size += 4;
            }
            if (size > max) {
                return size;
            }
        }
        return size;
    }

    /** The length of {@code Long.toString(value)}, without building the string. */
    static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int length = value < 0 ? 2 : 1;
        long rest = Math.abs(value);
        while (rest >= 10) {
            rest /= 10;
            length++;
        }
        return length;
    }

    /** The UTF-8 bytes of a string's canonical text, quotes included (escapes counted generously). */
    static long stringBytes(String s) {
        long bytes = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 6;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The number of UTF-8 bytes of {@code text} (an unpaired surrogate counts as the 3 bytes of '?'). */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
