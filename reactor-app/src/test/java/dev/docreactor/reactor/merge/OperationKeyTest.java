package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The canonical order of operations: clock, then origin, then id, strings by UTF-8 bytes. */
class OperationKeyTest {

    @Test
    void shouldOrderUppercaseBeforeLowercaseByBytes() {
        assertThat(OperationKey.compareUtf8("Z", "a")).as("'Z' (0x5A) sorts before 'a' (0x61)").isNegative();
        assertThat(OperationKey.compareUtf8("a", "Z")).as("'a' sorts after 'Z'").isPositive();
    }

    @Test
    void shouldOrderNonAsciiAfterAsciiByUtf8Bytes() {
        assertThat(OperationKey.compareUtf8("z", "é")).as("'z' (0x7A) sorts before 'é' (0xC3 0xA9)").isNegative();
        assertThat(OperationKey.compareUtf8("é", "f")).as("'é' sorts after 'f' although a collator says otherwise")
                .isPositive();
    }

    @Test
    void shouldOrderSupplementaryCharactersAfterTheBasicPlaneUnlikeStringCompareTo() {
        String emoji = "\uD83D\uDE00"; // U+1F600, UTF-8 F0 9F 98 80
        String replacement = "\uFFFD"; // U+FFFD, UTF-8 EF BF BD
        assertThat(emoji.compareTo(replacement)).as("UTF-16 order puts the surrogate pair first").isNegative();
        assertThat(OperationKey.compareUtf8(emoji, replacement)).as("UTF-8 byte order puts U+1F600 after U+FFFD")
                .isPositive();
    }

    @Test
    void shouldOrderAPrefixFirst() {
        assertThat(OperationKey.compareUtf8("ab", "abc")).as("a prefix sorts first").isNegative();
        assertThat(OperationKey.compareUtf8("abc", "abc")).as("equal strings").isZero();
    }

    @Test
    void shouldOrderByClockThenOriginThenId() {
        List<OperationKey> keys = new ArrayList<>(List.of(
                new OperationKey(2, "a", "a:1"),
                new OperationKey(1, "b", "b:1"),
                new OperationKey(1, "a", "a:2"),
                new OperationKey(1, "a", "a:10"),
                new OperationKey(1, "B", "B:9")));
        keys.sort(null);
        assertThat(keys).as("clock first, then origin by bytes ('B' < 'a' < 'b'), then id by bytes").containsExactly(
                new OperationKey(1, "B", "B:9"),
                new OperationKey(1, "a", "a:10"),
                new OperationKey(1, "a", "a:2"),
                new OperationKey(1, "b", "b:1"),
                new OperationKey(2, "a", "a:1"));
    }

    @Property(tries = 2000)
    void compareUtf8AgreesWithUnsignedByteComparison(@ForAll("unicodeStrings") String a,
            @ForAll("unicodeStrings") String b) {
        int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        assertThat(Integer.signum(OperationKey.compareUtf8(a, b)))
                .as("compareUtf8(%s, %s) has the sign of the unsigned UTF-8 byte comparison", a, b)
                .isEqualTo(expected);
    }

    @Property(tries = 500)
    void keysSurviveTheirByteEncoding(@ForAll long clock, @ForAll("unicodeStrings") String origin,
            @ForAll("unicodeStrings") String id) {
        OperationKey key = new OperationKey(clock, origin, id);
        assertThat(OperationKey.fromBytes(key.toBytes())).as("decoded key").isEqualTo(key);
    }

    /** Well-formed strings over all planes (no unpaired surrogates), biased to shared prefixes. */
    @Provide
    Arbitrary<String> unicodeStrings() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0x41, 0x43),
                Arbitraries.integers().between(0x61, 0x63),
                Arbitraries.integers().between(0, 0xD7FF),
                Arbitraries.integers().between(0xE000, 0xFFFF),
                Arbitraries.integers().between(0x10000, 0x10FFFF));
        return codePoints.list().ofMaxSize(6).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::appendCodePoint);
            return text.toString();
        });
    }
}
