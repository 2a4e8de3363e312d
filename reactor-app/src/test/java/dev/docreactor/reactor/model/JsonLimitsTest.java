package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** The json model's patch limits and the bounded measurements behind every state limit. */
class JsonLimitsTest {

    private static final JsonDocumentModel MODEL = new JsonDocumentModel();
    private static final Limits LIMITS = new Limits(64 * 1024, 20, 50, 10, 16 * 1024, 64 * 1024);

    private static Reduction patch(String state, String patch) {
        return MODEL.reduce(CanonicalJson.parse(state), JsonDocumentModel.PATCH, CanonicalJson.parse(patch), "global", LIMITS);
    }

    private static String reason(Reduction reduction) {
        assertThat(reduction).as("rejected").isInstanceOf(Reduction.Rejected.class);
        return ((Reduction.Rejected) reduction).reason();
    }

    @Test
    void shouldRejectAPatchWithMoreOperationsThanAllowed() {
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"path\":\"/k").append(i).append("\",\"value\":1}");
        }
        assertThat(reason(patch("{}", ops.append(']').toString()))).as("51 operations, 50 allowed")
            .contains("51 operations").contains("reactor.max.patch.operations");
    }

    @Test
    void shouldStopAPatchThatCopiesTheDocumentIntoItselfBeforeItGrowsPastTheBudget() {
        StringBuilder ops = new StringBuilder("[{\"op\":\"add\",\"path\":\"/seed\",\"value\":\"" + "x".repeat(1000) + "\"}");
        for (int i = 0; i < 40; i++) {
            ops.append(",{\"op\":\"copy\",\"from\":\"\",\"path\":\"/c").append(i).append("\"}");
        }
        String reason = reason(patch("{}", ops.append(']').toString()));
        assertThat(reason).as("2^40 KB would be added; stopped at 16 KiB").contains("reactor.max.action.growth.bytes");
        assertThat(reason).as("names the operation that crossed it").contains("operation 5 ");
    }

    @Test
    void shouldCountGrowthOverAllOperationsEvenWhenSomeAreRemoved() {
        String chunk = "y".repeat(6000);
        String ops = "[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"" + chunk + "\"},{\"op\":\"remove\",\"path\":\"/a\"},"
            + "{\"op\":\"add\",\"path\":\"/a\",\"value\":\"" + chunk + "\"},{\"op\":\"remove\",\"path\":\"/a\"},"
            + "{\"op\":\"add\",\"path\":\"/a\",\"value\":\"" + chunk + "\"}]";
        assertThat(reason(patch("{}", ops))).as("three adds of 6 KB against a 16 KiB budget").contains("growth");
    }

    @Test
    void shouldRejectAMoveOrAddThatNestsDeeperThanAllowed() {
        String deep = "[".repeat(15) + "]".repeat(15);
        assertThat(reason(patch("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}",
            "[{\"op\":\"add\",\"path\":\"/a/b/c/d/e/f/x\",\"value\":" + deep + "}]")))
            .as("7 levels of path plus 15 of value, 20 allowed").contains("reactor.max.json.depth");
        assertThat(patch("{}", "[{\"op\":\"add\",\"path\":\"/x\",\"value\":" + deep + "}]"))
            .as("1 + 15 levels fit").isInstanceOf(Reduction.Applied.class);
    }

    @Test
    void shouldMeasureDepthOfAHundredThousandLevelsWithoutRecursion() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < 100_000; i++) {
            current = current.addArray();
        }
        assertThat(JsonMeasure.depthAtMost(root, 1000)).as("stops just past the bound").isEqualTo(1001);
        assertThat(JsonMeasure.depthAtMost(root, 200_000)).as("the whole depth").isEqualTo(100_000);
        assertThat(JsonMeasure.depthAtMost(JsonNodeFactory.instance.numberNode(1), 5)).as("a scalar").isZero();
    }

    @Test
    void shouldEstimateSizeNeverBelowTheCanonicalTextAndStopEarly() {
        JsonNode state = CanonicalJson.parse("{\"b\":[1,2.5,\"é\\n\",true,null,{}],\"a\":\"x\\\"y\",\"big\":123456789012345678901234567890}");
        long canonical = JsonMeasure.utf8Length(CanonicalJson.write(state));
        assertThat(JsonMeasure.sizeAtMost(state, Long.MAX_VALUE)).as("never fewer bytes than the canonical text")
            .isGreaterThanOrEqualTo(canonical).isLessThanOrEqualTo(2 * canonical);
        ArrayNode huge = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            huge.add("0123456789");
        }
        assertThat(JsonMeasure.sizeAtMost(huge, 1000)).as("known to be larger than 1000").isGreaterThan(1000L);
    }

    @Test
    void shouldRefuseToParseDeeperThanTheParserCeiling() {
        String deep = "[".repeat(1800) + "]".repeat(1800);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.parse(deep))
            .as("1,800 levels are refused by the parser, not read").isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nesting depth");
    }

    @Test
    void shouldDeriveRecordSizesFromTheLimits() {
        Limits defaults = Limits.DEFAULTS;
        assertThat(defaults.maxRecordBytes()).as("a view of two full scopes fits the largest record")
            .isGreaterThanOrEqualTo(2 * defaults.maxStateBytes());
        assertThat(defaults.maxProducerRequestBytes()).as("the defaults fit the broker's default message.max.bytes")
            .isLessThanOrEqualTo(1048588);
        assertThat(defaults.maxDeadLetterBytes()).as("a dead letter holds a whole queue record")
            .isGreaterThan(defaults.maxQueueRecordBytes());
        assertThat(Limits.boundedError("e".repeat(10_000))).as("errors are cut").hasSize(Limits.MAX_ERROR_CHARS);
    }
}
