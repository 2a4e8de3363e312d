package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Properties of the canonical form over random JSON documents. */
class CanonicalJsonPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final int DOCUMENT_TRIES = 300;

    /*
     * Random documents are costly to generate (jqwik keeps shrinking data for every node), so the document
     * properties run fewer tries than jqwik's default 1000 to keep the build fast on small machines.
     */
    @Property(tries = DOCUMENT_TRIES)
    void parsingTheCanonicalTextGivesTheSameHash(@ForAll("jsonObjects") ObjectNode document) {
        String canonical = CanonicalJson.write(document);
        JsonNode reparsed = CanonicalJson.parse(canonical);

        assertThat(CanonicalJson.hash(reparsed)).as("hash after a round trip").isEqualTo(CanonicalJson.hash(document));
        assertThat(CanonicalJson.write(reparsed)).as("canonical text is a fixed point").isEqualTo(canonical);
    }

    @Property(tries = DOCUMENT_TRIES)
    void permutingObjectKeysDoesNotChangeTheHash(@ForAll("jsonObjects") ObjectNode document, @ForAll Random random) {
        JsonNode permuted = withShuffledKeys(document, random);

        assertThat(CanonicalJson.hash(permuted)).as("hash with keys in another order").isEqualTo(CanonicalJson.hash(document));
    }

    @Property
    void trailingZerosAndExponentsDoNotChangeTheHash(
            @ForAll("decimals") BigDecimal value, @ForAll @IntRange(min = 0, max = 20) int extraZeros) {
        BigDecimal padded = value.setScale(value.scale() + extraZeros);
        BigDecimal exponentForm = new BigDecimal(value.unscaledValue().toString() + "E" + (-value.scale()));

        String hash = CanonicalJson.hash(DecimalNode.valueOf(value));
        assertThat(CanonicalJson.hash(DecimalNode.valueOf(padded))).as("%s with trailing zeros", value).isEqualTo(hash);
        assertThat(CanonicalJson.hash(CanonicalJson.parse(exponentForm.toString())))
                .as("%s in exponent form", value)
                .isEqualTo(hash);
    }

    @Property
    void integersHashAlikeInEveryNumberType(@ForAll long value) {
        String hash = CanonicalJson.hash(LongNode.valueOf(value));

        assertThat(CanonicalJson.hash(DecimalNode.valueOf(BigDecimal.valueOf(value).setScale(3))))
                .as("%s as a decimal with fraction digits", value)
                .isEqualTo(hash);
        assertThat(CanonicalJson.hash(BigIntegerNode.valueOf(BigInteger.valueOf(value))))
                .as("%s as a BigInteger", value)
                .isEqualTo(hash);
    }

    @Provide
    Arbitrary<ObjectNode> jsonObjects() {
        return objects(3);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.bigIntegers().between(
                                BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                        Arbitraries.integers().between(-40, 40))
                .as(BigDecimal::new);
    }

    private Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(TextNode::valueOf),
                Arbitraries.integers().map(IntNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                decimals().map(DecimalNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
        if (depth == 0) {
            return leaves;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves),
                Tuple.of(1, arrays(depth - 1)),
                Tuple.of(1, objects(depth - 1).map(JsonNode.class::cast)));
    }

    private Arbitrary<JsonNode> arrays(int depth) {
        return values(depth).list().ofMaxSize(4).map(elements -> {
            ArrayNode array = NODES.arrayNode();
            elements.forEach(array::add);
            return array;
        });
    }

    private Arbitrary<ObjectNode> objects(int depth) {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), values(depth))
                .ofMaxSize(5)
                .map(members -> {
                    ObjectNode object = NODES.objectNode();
                    members.forEach(object::set);
                    return object;
                });
    }

    /** A copy of {@code node} with the members of every object inserted in a random order. */
    private static JsonNode withShuffledKeys(JsonNode node, Random random) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            Collections.shuffle(members, random);
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> member : members) {
                copy.set(member.getKey(), withShuffledKeys(member.getValue(), random));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(withShuffledKeys(element, random)));
            return copy;
        }
        return node;
    }
}
