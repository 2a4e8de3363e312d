package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String canonical(String json) {
        return CanonicalJson.write(CanonicalJson.parse(json));
    }

    @Test
    void shouldSortObjectKeysAndDropWhitespace() {
        assertThat(canonical("{ \"b\" : 1 ,\n \"a\" : [ 1 , 2 ] , \"c\" : { } }"))
                .as("keys sorted, no whitespace")
                .isEqualTo("{\"a\":[1,2],\"b\":1,\"c\":{}}");
    }

    @Test
    void shouldSortKeysByUtf16CodeUnitIndependentOfLocale() {
        assertThat(canonical("{\"b\":1,\"B\":2,\"a\":3,\"\u00e9\":4,\"A\":5,\"\":6}"))
                .as("upper case before lower case, non-ASCII after ASCII, empty key first")
                .isEqualTo("{\"\":6,\"A\":5,\"B\":2,\"a\":3,\"b\":1,\"\u00e9\":4}");
        assertThat(canonical("{\"\uE000\":1,\"\uD83D\uDE00\":2}"))
                .as("a supplementary character (surrogate pair) sorts before U+E000, as String.compareTo does")
                .isEqualTo("{\"\uD83D\uDE00\":2,\"\uE000\":1}");
    }

    @Test
    void shouldKeepArrayOrder() {
        assertThat(canonical("[3, 1, 2]")).as("arrays are ordered").isEqualTo("[3,1,2]");
        assertThat(CanonicalJson.hash(CanonicalJson.parse("[1,2]")))
                .as("different array order, different hash")
                .isNotEqualTo(CanonicalJson.hash(CanonicalJson.parse("[2,1]")));
    }

    @Test
    void shouldCanonicalizeNestedStructures() {
        assertThat(canonical("{\"z\":{\"y\":[{\"b\":true,\"a\":null}],\"x\":1.50},\"a\":\"s\"}"))
                .as("every level is canonical")
                .isEqualTo("{\"a\":\"s\",\"z\":{\"x\":1.5,\"y\":[{\"a\":null,\"b\":true}]}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "1.00", "1e0", "1E+0", "10e-1", "0.1e1"})
    void shouldWriteIntegralValuesAsPlainIntegers(String spelling) {
        assertThat(canonical(spelling)).as("canonical form of %s", spelling).isEqualTo("1");
        assertThat(CanonicalJson.hash(CanonicalJson.parse(spelling)))
                .as("hash of %s equals hash of 1", spelling)
                .isEqualTo(CanonicalJson.hash(IntNode.valueOf(1)));
    }

    @Test
    void shouldTreatExponentFormAsItsPlainValue() {
        assertThat(canonical("1e2")).as("1e2").isEqualTo("100");
        assertThat(CanonicalJson.hash(CanonicalJson.parse("1e2")))
                .as("1e2 hashes like 100")
                .isEqualTo(CanonicalJson.hash(CanonicalJson.parse("100")));
        assertThat(canonical("1.5e3")).as("1.5e3").isEqualTo("1500");
        assertThat(canonical("2.5E-3")).as("2.5E-3").isEqualTo("0.0025");
    }

    @ParameterizedTest
    @CsvSource({
        "0.5, 0.5",
        "1.50, 1.5",
        "-12.2500, -12.25",
        "1E-7, 0.0000001",
        "123456789.000000001, 123456789.000000001",
        "0.1000000000000000000001, 0.1000000000000000000001"
    })
    void shouldWriteFractionsAsShortestPlainDecimal(String spelling, String expected) {
        assertThat(canonical(spelling)).as("canonical form of %s", spelling).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "0e5", "-0E-3", "0.000"})
    void shouldWriteEveryZeroAsZero(String spelling) {
        assertThat(canonical(spelling)).as("canonical form of %s", spelling).isEqualTo("0");
    }

    @Test
    void shouldWriteNumbersOfEveryNodeTypeByValue() {
        assertThat(CanonicalJson.write(ShortNode.valueOf((short) -7))).as("short").isEqualTo("-7");
        assertThat(CanonicalJson.write(IntNode.valueOf(42))).as("int").isEqualTo("42");
        assertThat(CanonicalJson.write(LongNode.valueOf(Long.MIN_VALUE))).as("long").isEqualTo("-9223372036854775808");
        assertThat(CanonicalJson.write(BigIntegerNode.valueOf(BigInteger.TEN.pow(30))))
                .as("BigInteger")
                .isEqualTo("1000000000000000000000000000000");
        assertThat(CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("1E+30"))))
                .as("integral BigDecimal beyond long range")
                .isEqualTo("1000000000000000000000000000000");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(42.0))).as("integral double").isEqualTo("42");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(0.1))).as("double 0.1").isEqualTo("0.1");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(-0.0))).as("double -0.0").isEqualTo("0");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(1e20))).as("double 1e20").isEqualTo("100000000000000000000");
        assertThat(CanonicalJson.write(FloatNode.valueOf(0.1f))).as("float 0.1 (shortest decimal)").isEqualTo("0.1");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(2.5e-5))).as("small double, no exponent").isEqualTo("0.000025");
    }

    @Test
    void shouldHashSameNumberEquallyWhateverItsNodeType() {
        String hash = CanonicalJson.hash(IntNode.valueOf(3));
        assertThat(CanonicalJson.hash(LongNode.valueOf(3))).as("long").isEqualTo(hash);
        assertThat(CanonicalJson.hash(BigIntegerNode.valueOf(BigInteger.valueOf(3)))).as("BigInteger").isEqualTo(hash);
        assertThat(CanonicalJson.hash(DoubleNode.valueOf(3.0))).as("double").isEqualTo(hash);
        assertThat(CanonicalJson.hash(DecimalNode.valueOf(new BigDecimal("3.000")))).as("BigDecimal").isEqualTo(hash);
    }

    @Test
    void shouldKeepIntegersAndDecimalsExact() {
        JsonNode big = CanonicalJson.parse("123456789012345678901234567890");
        assertThat(big.isBigInteger()).as("big integer read as BigInteger").isTrue();
        assertThat(CanonicalJson.parse("0.1").isBigDecimal()).as("fraction read as BigDecimal").isTrue();
        assertThat(canonical("9007199254740993.5"))
                .as("more digits than a double holds survive")
                .isEqualTo("9007199254740993.5");
    }

    @Test
    void shouldEscapeStringsMinimally() {
        String text = "q\" b\\ \b\f\n\r\t \u0000\u0001\u001f \u007f / \u2028";
        assertThat(CanonicalJson.write(TextNode.valueOf(text)))
                .as("quote, backslash, short forms, \\u00XX for other controls; DEL, slash and U+2028 as is")
                .isEqualTo("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0000\\u0001\\u001f \u007f / \u2028\"");
    }

    @Test
    void shouldWriteNonAsciiCharactersUnescaped() {
        String text = "caf\u00e9 \u65e5\u672c \uD83D\uDE00";
        assertThat(CanonicalJson.write(TextNode.valueOf(text)))
                .as("non-ASCII characters, including a surrogate pair, are written as is")
                .isEqualTo("\"" + text + "\"");
        assertThat(CanonicalJson.hash(CanonicalJson.parse("\"caf\\u00e9\"")))
                .as("an escaped and a raw \u00e9 are the same string")
                .isEqualTo(CanonicalJson.hash(CanonicalJson.parse("\"caf\u00e9\"")));
    }

    @Test
    void shouldEscapeUnpairedSurrogates() {
        JsonNode lone = TextNode.valueOf("a\uD800b\uDC00");
        assertThat(CanonicalJson.write(lone))
                .as("lone surrogates have no UTF-8 form, so they are escaped")
                .isEqualTo("\"a\\ud800b\\udc00\"");
        assertThat(CanonicalJson.hash(lone))
                .as("a lone surrogate does not hash like the replacement character")
                .isNotEqualTo(CanonicalJson.hash(TextNode.valueOf("a?b?")));
        assertThat(CanonicalJson.hash(CanonicalJson.parse(CanonicalJson.write(lone))))
                .as("the escaped form reads back to the same string")
                .isEqualTo(CanonicalJson.hash(lone));
    }

    @Test
    void shouldHashToSha256OfCanonicalText() {
        assertThat(CanonicalJson.hash(NODES.objectNode()))
                .as("SHA-256 of {}")
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(CanonicalJson.hash(CanonicalJson.parse("{ \"b\": null, \"a\": [1.0, 2.50, \"x\"] }")))
                .as("SHA-256 of {\"a\":[1,2.5,\"x\"],\"b\":null}")
                .isEqualTo("ebeb83367f9695ff5ceeebf14323134c890fc30c03843f006fdfd18fcb15957f");
    }

    @Test
    void shouldHashEqualStatesBuiltInDifferentKeyOrdersEqually() {
        ObjectNode first = NODES.objectNode();
        first.put("title", "doc").put("count", 2);
        first.putObject("meta").put("x", 1).put("y", true);
        ObjectNode second = NODES.objectNode();
        ObjectNode meta = second.putObject("meta");
        meta.put("y", true);
        meta.put("x", 1.0);
        second.put("count", 2L).put("title", "doc");

        assertThat(CanonicalJson.write(second)).as("canonical text").isEqualTo(CanonicalJson.write(first));
        assertThat(CanonicalJson.hash(second)).as("hash").isEqualTo(CanonicalJson.hash(first));
    }

    @Test
    void shouldHashDifferentValuesDifferently() {
        assertThat(CanonicalJson.hash(CanonicalJson.parse("\"1\"")))
                .as("string \"1\" versus number 1")
                .isNotEqualTo(CanonicalJson.hash(CanonicalJson.parse("1")));
        assertThat(CanonicalJson.hash(CanonicalJson.parse("{\"a\":1}")))
                .as("different values")
                .isNotEqualTo(CanonicalJson.hash(CanonicalJson.parse("{\"a\":1.5}")));
        assertThat(CanonicalJson.hash(CanonicalJson.parse("{\"a\":null}")))
                .as("null member versus no member")
                .isNotEqualTo(CanonicalJson.hash(CanonicalJson.parse("{}")));
    }

    @Test
    void shouldRejectNonFiniteNumbers() {
        assertThatThrownBy(() -> CanonicalJson.write(DoubleNode.valueOf(Double.NaN)))
                .as("NaN")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> CanonicalJson.hash(NODES.arrayNode().add(Double.POSITIVE_INFINITY)))
                .as("Infinity nested in an array")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> CanonicalJson.write(FloatNode.valueOf(Float.NEGATIVE_INFINITY)))
                .as("float -Infinity")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectNodesWithoutJsonForm() {
        assertThatThrownBy(() -> CanonicalJson.write(MissingNode.getInstance()))
                .as("missing node")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MISSING");
        assertThatThrownBy(() -> CanonicalJson.write(BinaryNode.valueOf(new byte[] {1})))
                .as("binary node")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(new POJONode(new Object())))
                .as("POJO node")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCheckWithoutWritingWhatWriteWouldRefuse() {
        List<JsonNode> refused = List.of(DoubleNode.valueOf(Double.NaN), MissingNode.getInstance(),
                BinaryNode.valueOf(new byte[] {1}), DecimalNode.valueOf(new BigDecimal("1E-20000")));
        for (JsonNode bad : refused) {
            JsonNode nested = NODES.objectNode().set("a", NODES.arrayNode().add(1).add(NODES.objectNode().set("b", bad)));
            assertThatThrownBy(() -> CanonicalJson.write(nested)).as("write refuses %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.requireWritable(nested)).as("so does the check, nested: %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        JsonNode fine = CanonicalJson.parse("{\"a\":[1,2.5,\"\\ud800\",null,true,{\"b\":123456789012345678901234567890}]}");
        assertThatCode(() -> CanonicalJson.requireWritable(fine)).as("what write writes passes").doesNotThrowAnyException();
        assertThat(CanonicalJson.write(fine)).as("and is written").startsWith("{\"a\":[1,2.5,");
    }

    @Test
    void shouldRejectNumbersWhosePlainFormIsHuge() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"n\":1e999999999}"))
                .as("parse rejects a number with a huge exponent")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large or too small");
        assertThatThrownBy(() -> CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("1E-20000"))))
                .as("write rejects a number with a tiny exponent")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CanonicalJson.write(DoubleNode.valueOf(Double.MAX_VALUE)))
                .as("every finite double still has a canonical form")
                .hasSize(309);
        assertThat(CanonicalJson.write(DoubleNode.valueOf(Double.MIN_VALUE)))
                .as("smallest double")
                .startsWith("0.000")
                .endsWith("49");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "[1,]", "{} {}", "{\"a\":1} x", "NaN", "'single'", "{a:1}"})
    void shouldRejectMalformedJson(String json) {
        assertThatThrownBy(() -> CanonicalJson.parse(json))
                .as("malformed JSON <%s>", json)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON");
    }

    @Test
    void shouldRejectDuplicateKeys() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
                .as("duplicate key")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void shouldReportWhereJsonIsMalformed() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": tru}"))
                .as("message says what and where")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tru")
                .hasMessageContaining("column");
    }

    @Test
    void shouldParseAnyJsonValueAtTopLevel() {
        assertThat(CanonicalJson.parse("null").isNull()).as("null").isTrue();
        assertThat(CanonicalJson.parse(" \"s\" ").textValue()).as("string").isEqualTo("s");
        assertThat(CanonicalJson.parse("[]").isArray()).as("array").isTrue();
    }

    @Test
    void shouldShareOneMapperThatWritesDecimalsWithoutExponent() throws Exception {
        assertThat(CanonicalJson.mapper()).as("shared").isSameAs(CanonicalJson.mapper());
        assertThat(CanonicalJson.mapper().writeValueAsString(CanonicalJson.parse("{\"n\":1.5e3}")))
                .as("mapper output of 1.5e3")
                .isEqualTo("{\"n\":1500}");
    }
}
