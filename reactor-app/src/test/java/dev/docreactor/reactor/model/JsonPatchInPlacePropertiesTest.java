package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The json model's in-place reduction agrees with its copying one, whatever the patch: same result when it
 * applies, the state untouched when a rejection says so, and the changes it reports keep a {@link StateTree}
 * equal to one built from the result.
 */
class JsonPatchInPlacePropertiesTest {

    private static final JsonDocumentModel MODEL = new JsonDocumentModel();
    private static final String BASE = "{\"k0\":0,\"k1\":\"one\",\"arr\":[1,2,{\"x\":1}],\"obj\":{\"a\":[true],\"b\":null}}";
    private static final List<String> PATHS = List.of("", "/k0", "/k1", "/k9", "/arr", "/arr/0", "/arr/2", "/arr/-",
            "/arr/2/x", "/arr/7", "/obj", "/obj/a", "/obj/a/0", "/obj/a/-", "/obj/b", "/obj/z", "/nope/deeper");
    private static final List<String> VALUES = List.of("1", "\"s\"", "null", "[]", "{}", "{\"n\":[1,{\"m\":2}]}", "[3,4]");

    @Provide
    Arbitrary<String> patches() {
        Arbitrary<String> operation = Combinators.combine(
                Arbitraries.of("add", "remove", "replace", "move", "copy", "test"),
                Arbitraries.of(PATHS), Arbitraries.of(PATHS), Arbitraries.of(VALUES))
                .as((op, path, from, value) -> switch (op) {
                    case "move", "copy" -> "{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"from\":\""
                            + (from.endsWith("-") ? "/k0" : from) + "\"}";
                    case "remove" -> "{\"op\":\"remove\",\"path\":\"" + path + "\"}";
                    default -> "{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"value\":" + value + "}";
                });
        return operation.list().ofMinSize(1).ofMaxSize(5).map(ops -> "[" + String.join(",", ops) + "]");
    }

    @Property(tries = 2000)
    void inPlaceAgreesWithCopying(@ForAll("patches") String patchText) {
        JsonNode patch = CanonicalJson.parse(patchText);
        JsonNode original = CanonicalJson.parse(BASE);
        Reduction copying = MODEL.reduce(original, JsonDocumentModel.PATCH, patch, "global", Limits.DEFAULTS);
        assertThat(CanonicalJson.write(original)).as("the copying reduction leaves its input alone").isEqualTo(
                CanonicalJson.write(CanonicalJson.parse(BASE)));

        JsonNode working = CanonicalJson.parse(BASE);
        StateTree tree = StateTree.of(working);
        StateEdit edit = MODEL.reduceInPlace(working, JsonDocumentModel.PATCH, patch, "global", Limits.DEFAULTS, tree);

        assertThat(edit.applied()).as("%s: applies in place exactly when it applies on a copy", patchText)
                .isEqualTo(copying instanceof Reduction.Applied);
        if (copying instanceof Reduction.Applied applied) {
            assertThat(CanonicalJson.write(edit.state())).as("%s: same result", patchText)
                    .isEqualTo(CanonicalJson.write(applied.state()));
            assertThat(tree.hash()).as("%s: the reported changes keep the tree's hash", patchText)
                    .isEqualTo(StateTree.hash(edit.state()));
            assertThat(tree.canonicalBytes()).as("%s: and its size", patchText)
                    .isEqualTo(JsonMeasure.utf8Length(CanonicalJson.write(edit.state())));
        } else {
            assertThat(edit.rejection()).as("%s: same reason", patchText)
                    .isEqualTo(((Reduction.Rejected) copying).reason());
            if (!edit.spoiled()) {
                assertThat(CanonicalJson.write(working)).as("%s: a rejection that does not spoil leaves the state", patchText)
                        .isEqualTo(CanonicalJson.write(CanonicalJson.parse(BASE)));
            }
        }
    }
}
