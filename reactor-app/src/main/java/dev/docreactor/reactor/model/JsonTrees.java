package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of JSON trees for reducers that change a state in place: the same tree as
 * {@link JsonNode#deepCopy()} (containers copied, members in the same order, scalar nodes shared, as
 * Jackson's copy shares them too: they are immutable), with each container's map or list allocated at
 * its final size, so copying a state of many members does not rehash and regrow as it goes.
 */
public final class JsonTrees {

    private static final JsonNodeFactory NODES = CanonicalJson.mapper().getNodeFactory();

    private JsonTrees() {
    }

    /**
     * A copy of {@code node} whose containers the caller may change. Recursive, like Jackson's copy:
     * states and inputs are bounded by {@code reactor.max.json.depth} before they are copied.
     */
    public static JsonNode copy(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> members = new LinkedHashMap<>(capacity(node.size()));
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                members.put(member.getKey(), copy(member.getValue()));
            }
            return new ObjectNode(NODES, members);
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                elements.add(copy(element));
            }
            return new ArrayNode(NODES, elements);
        }
        return node;
    }

    /** A hash map capacity that holds {@code size} entries without resizing (load factor 0.75). */
    private static int capacity(int size) {
        return size < 3 ? 4 : (int) (size / 0.75f) + 1;
    }
}
