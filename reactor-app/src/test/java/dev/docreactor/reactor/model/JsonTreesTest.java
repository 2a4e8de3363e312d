package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Copies of states for in-place reducers. */
class JsonTreesTest {

    private static final String STATE = "{\"z\":1,\"a\":{\"list\":[1,\"two\",{\"x\":null}],\"b\":true},\"m\":2.50}";

    @Test
    void shouldCopyLikeJacksonKeepingMemberOrderAndValues() {
        JsonNode original = CanonicalJson.parse(STATE);

        JsonNode copy = JsonTrees.copy(original);

        assertThat(copy).as("equal to Jackson's deep copy").isEqualTo(original.deepCopy());
        assertThat(copy.toString()).as("same member order").isEqualTo(original.toString());
        assertThat(CanonicalJson.write(copy)).as("same canonical text").isEqualTo(CanonicalJson.write(original));
    }

    @Test
    void shouldLeaveTheOriginalUntouchedWhenTheCopyChanges() {
        JsonNode original = CanonicalJson.parse(STATE);
        String before = CanonicalJson.write(original);

        JsonNode copy = JsonTrees.copy(original);
        ((ObjectNode) copy).put("z", 99);
        ((ObjectNode) copy.get("a")).remove("b");
        ((ArrayNode) copy.get("a").get("list")).add(3);
        ((ObjectNode) copy.get("a").get("list").get(2)).put("x", "changed");

        assertThat(CanonicalJson.write(original)).as("the original after changing every level of the copy").isEqualTo(before);
    }
}
