package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The measures' arithmetic shortcuts agree with the text they stand for. */
class JsonMeasureTest {

    @Property(tries = 2000)
    void decimalLengthIsTheLengthOfTheDecimalText(@ForAll long value) {
        assertThat(JsonMeasure.decimalLength(value)).as("digits of %s", value).isEqualTo(Long.toString(value).length());
    }

    @Property(tries = 2000)
    void integersWriteTheSameDigitsWhateverTheirNodeType(@ForAll long value) {
        String expected = BigInteger.valueOf(value).toString();
        assertThat(CanonicalJson.write(LongNode.valueOf(value))).as("long node").isEqualTo(expected);
        assertThat(CanonicalJson.write(BigIntegerNode.valueOf(BigInteger.valueOf(value)))).as("big integer node")
                .isEqualTo(expected);
        if (value == (int) value) {
            assertThat(CanonicalJson.write(IntNode.valueOf((int) value))).as("int node").isEqualTo(expected);
        }
    }
}
