package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A {@link StateTree} kept up to date by reported changes hashes and measures the state as one built from
 * scratch does, whatever the changes (random add, remove, replace and move at random valid pointers of a
 * random Jackson tree, including array inserts, {@code "-"}, root replacement and objects large enough for
 * deep tries), and whether or not it is hashed between them; and the hash does not depend on member order.
 */
class StateTreePropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] KEY_PARTS = {"a", "b", "k", "/", "~", "é", "中", "\"", "\n", "😀", "x1", ""};

    /** A location in the Jackson tree: its pointer, its value, and its parent ({@code null} for the root). */
    private record Location(String pointer, JsonNode value, JsonNode parent) {
    }

    @Property(tries = 300)
    void reportedChangesKeepTheHashAndSize(@ForAll Random random, @ForAll @IntRange(min = 1, max = 60) int changes) {
        JsonNode root = value(random, 3);
        StateTree tree = StateTree.of(root);
        if (random.nextBoolean()) {
            tree.hash();
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            root = change(root, tree, random, done);
            if (random.nextInt(3) == 0) {
                assertThat(tree.hash()).as("hash after %s", done).isEqualTo(StateTree.hash(root));
            }
            assertThat(tree.canonicalBytes()).as("size after %s", done)
                    .isEqualTo(JsonMeasure.utf8Length(CanonicalJson.write(root)));
        }
        assertThat(tree.hash()).as("hash after %s", done).isEqualTo(StateTree.hash(root));
        assertThat(tree.hash()).as("hashing again changes nothing").isEqualTo(StateTree.hash(root));
    }

    @Property(tries = 40)
    void growingAndShrinkingAnObjectKeepsItsTrie(@ForAll Random random, @ForAll @IntRange(min = 17, max = 700) int members) {
        ObjectNode root = NODES.objectNode();
        ObjectNode inner = root.putObject("o");
        StateTree tree = StateTree.of(root);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String key = "m" + random.nextInt(1_000_000) + "-" + i;
            keys.add(key);
            inner.set(key, random.nextBoolean() ? NODES.numberNode(i) : NODES.objectNode().put("v", i));
            tree.added(root, "/o/" + key);
            check(tree, root, random, "after adding " + (i + 1) + " members");
        }
        Collections.shuffle(keys, random);
        for (int i = 0; i < keys.size(); i++) {
            inner.remove(keys.get(i));
            tree.removed(root, "/o/" + keys.get(i));
            check(tree, root, random, "after removing " + (i + 1) + " of " + members + " members");
        }
        assertThat(tree.hash()).as("an emptied object hashes as {}").isEqualTo(StateTree.hash(CanonicalJson.parse("{\"o\":{}}")));
    }

    @Property(tries = 100)
    void memberOrderDoesNotChangeTheHash(@ForAll Random random, @ForAll @IntRange(min = 0, max = 400) int members) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            entries.add(Map.entry(key(random) + i, value(random, 1)));
        }
        ObjectNode inOrder = NODES.objectNode();
        entries.forEach(e -> inOrder.set(e.getKey(), e.getValue()));
        Collections.shuffle(entries, random);
        ObjectNode shuffled = NODES.objectNode();
        StateTree incremental = StateTree.of(NODES.objectNode());
        for (Map.Entry<String, JsonNode> e : entries) {
            shuffled.set(e.getKey(), e.getValue());
            incremental.added(shuffled, pointer("", e.getKey()));
        }

        String hash = StateTree.hash(inOrder);
        assertThat(StateTree.hash(shuffled)).as("members inserted in another order").isEqualTo(hash);
        assertThat(incremental.hash()).as("members added one by one in another order").isEqualTo(hash);
        assertThat(StateTree.hash(CanonicalJson.parse(CanonicalJson.write(shuffled)))).as("the canonical text reparsed")
                .isEqualTo(hash);
    }

    private static void check(StateTree tree, JsonNode root, Random random, String when) {
        if (random.nextInt(4) == 0) {
            assertThat(tree.hash()).as("hash %s", when).isEqualTo(StateTree.hash(root));
        }
        assertThat(tree.canonicalBytes()).as("size %s", when).isEqualTo(JsonMeasure.utf8Length(CanonicalJson.write(root)));
    }

    /** Makes one random change to the tree, reports it, and returns the (possibly new) root. */
    private static JsonNode change(JsonNode root, StateTree tree, Random random, List<String> done) {
        List<Location> locations = new ArrayList<>();
        collect(root, "", null, locations);
        List<Location> containers = locations.stream().filter(l -> l.value().isContainerNode()).toList();
        int kind = random.nextInt(10);
        if (containers.isEmpty() || kind == 0) {
            JsonNode newRoot = value(random, 2);
            done.add("replace root");
            tree.replaced(newRoot, "");
            return newRoot;
        }
        if (kind <= 3) {
            Location target = containers.get(random.nextInt(containers.size()));
            String to = insert(target, value(random, 2), random);
            done.add("add " + to);
            tree.added(root, to);
            return root;
        }
        List<Location> inner = locations.subList(1, locations.size());
        if (inner.isEmpty()) {
            return root;
        }
        Location at = inner.get(random.nextInt(inner.size()));
        if (kind <= 5) {
            detach(at);
            done.add("remove " + at.pointer());
            tree.removed(root, at.pointer());
        } else if (kind <= 7) {
            JsonNode replacement = value(random, 2);
            if (at.parent().isObject()) {
                ((ObjectNode) at.parent()).set(lastToken(at.pointer()), replacement);
            } else {
                ((ArrayNode) at.parent()).set(Integer.parseInt(lastToken(at.pointer())), replacement);
            }
            done.add("replace " + at.pointer());
            tree.replaced(root, at.pointer());
        } else {
            detach(at);
            List<Location> targets = containers.stream()
                    .filter(c -> !c.pointer().equals(at.pointer()) && !c.pointer().startsWith(at.pointer() + "/"))
                    .toList();
            if (targets.isEmpty() || random.nextInt(20) == 0) {
                done.add("move " + at.pointer() + " to the root");
                tree.moved(at.value(), at.pointer(), "");
                return at.value();
            }
            // The target's pointer after the removal (removing an array element shifts those after it).
            JsonNode moved = at.value();
            JsonNode targetNode = targets.get(random.nextInt(targets.size())).value();
            List<Location> after = new ArrayList<>();
            collect(root, "", null, after);
            Location target = after.stream().filter(l -> l.value() == targetNode).findFirst().orElseThrow();
            String to = insert(target, moved, random);
            done.add("move " + at.pointer() + " to " + to);
            tree.moved(root, at.pointer(), to);
        }
        return root;
    }

    /** Puts {@code value} into the container at {@code target} and returns the pointer to report. */
    private static String insert(Location target, JsonNode value, Random random) {
        if (target.value() instanceof ObjectNode object) {
            String key = object.isEmpty() || random.nextInt(3) > 0 ? key(random) : randomKey(object, random);
            object.set(key, value);
            return pointer(target.pointer(), key);
        }
        ArrayNode array = (ArrayNode) target.value();
        if (random.nextInt(3) == 0) {
            array.add(value);
            return target.pointer() + "/-";
        }
        int index = random.nextInt(array.size() + 1);
        array.insert(index, value);
        return target.pointer() + "/" + index;
    }

    private static void detach(Location at) {
        if (at.parent() instanceof ObjectNode object) {
            object.remove(lastToken(at.pointer()));
        } else {
            ((ArrayNode) at.parent()).remove(Integer.parseInt(lastToken(at.pointer())));
        }
    }

    private static void collect(JsonNode node, String pointer, JsonNode parent, List<Location> out) {
        out.add(new Location(pointer, node, parent));
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), pointer(pointer, e.getKey()), node, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, node, out);
            }
        }
    }

    private static String pointer(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    private static String lastToken(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }

    private static String randomKey(ObjectNode object, Random random) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys.get(random.nextInt(keys.size()));
    }

    private static String key(Random random) {
        StringBuilder key = new StringBuilder();
        int parts = random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            key.append(KEY_PARTS[random.nextInt(KEY_PARTS.length)]);
        }
        if (random.nextInt(30) == 0) {
            key.append('\ud800');
        }
        return key.toString();
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 7 : 10);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(2000) - 1000);
            case 3 -> NODES.numberNode(new BigInteger(90, random).negate());
            case 4 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextInt(100_000)), random.nextInt(6)));
            case 5 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 6 -> NODES.textNode(key(random) + key(random) + (random.nextBoolean() ? "\t\u0001\\" : ""));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    array.add(value(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                // Now and then an object big enough for a trie of three levels (more than 16 x 16 members).
                int n = random.nextInt(12) == 0 ? 257 + random.nextInt(200) : random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    object.set(key(random) + (n > 16 ? i : ""), value(random, n > 16 ? 0 : depth - 1));
                }
                yield object;
            }
        };
    }
}
