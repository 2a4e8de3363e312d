package dev.docreactor.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The three id rules: key names and origins, client ids and names, reactor ids. */
class IdRulesTest {

    @Test
    void shouldAcceptKeyNamesWithoutTheSeparator() {
        assertThat(IdRules.isKeyName("doc:1@x y")).as("anything but '/'").isTrue();
        assertThat(IdRules.isKeyName("a/b")).as("'/'").isFalse();
        assertThat(IdRules.isKeyName("")).as("empty").isFalse();
        assertThat(IdRules.isKeyName(null)).as("null").isFalse();
        assertThat(IdRules.requireKeyName("main", "branch")).as("a valid name is returned").isEqualTo("main");
        assertThatThrownBy(() -> IdRules.requireKeyName("a/b", "scope")).as("an invalid one is refused")
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope").hasMessageContaining("a/b");
    }

    @Test
    void shouldBuildOperationIdsThatSplitAtTheFirstColon() {
        assertThat(IdRules.operationId("r1", "a-7")).as("origin:actionId").isEqualTo("r1:a-7");
        String id = IdRules.operationId("r1", "x:y");
        assertThat(id.substring(0, id.indexOf(IdRules.OPERATION_ID_SEPARATOR))).as("origin before the first ':'").isEqualTo("r1");
        assertThat(IdRules.isOrigin("r1")).as("an origin").isTrue();
        assertThat(IdRules.isOrigin("r:1")).as("':' in an origin").isFalse();
        assertThat(IdRules.isOrigin("r/1")).as("'/' in an origin").isFalse();
        assertThat(IdRules.isOrigin("")).as("empty origin").isFalse();
    }

    @Test
    void shouldAcceptClientIdsUpTo200Characters() {
        assertThat(IdRules.isClientId("doc-1.a_b:c@d")).as("allowed characters").isTrue();
        assertThat(IdRules.isClientId("a".repeat(200))).as("200 characters").isTrue();
        assertThat(IdRules.isClientId("a".repeat(201))).as("201 characters").isFalse();
        assertThat(IdRules.isClientId("-doc")).as("starting with '-'").isFalse();
        assertThat(IdRules.isClientId("a/b")).as("'/'").isFalse();
        assertThat(IdRules.isClientId("a b")).as("space").isFalse();
        assertThat(IdRules.isClientId("")).as("empty").isFalse();
        assertThat(IdRules.isClientId(null)).as("null").isFalse();
    }

    @Test
    void shouldAcceptClientNamesUpTo100Characters() {
        assertThat(IdRules.isClientName("feature.x_1:2@3-4")).as("allowed characters").isTrue();
        assertThat(IdRules.isClientName("n".repeat(100))).as("100 characters").isTrue();
        assertThat(IdRules.isClientName("n".repeat(101))).as("101 characters").isFalse();
        assertThat(IdRules.isClientName(".hidden")).as("starting with '.'").isFalse();
        assertThat(IdRules.isClientName("é")).as("non-ASCII letter").isFalse();
    }

    @Test
    void shouldAcceptReactorIdsThatAreTopicSafe() {
        assertThat(IdRules.isReactorId("a")).as("one letter").isTrue();
        assertThat(IdRules.isReactorId("-reactor_1.eu")).as("'.', '_', '-' anywhere").isTrue();
        assertThat(IdRules.isReactorId("r".repeat(100))).as("100 characters").isTrue();
        assertThat(IdRules.isReactorId("r".repeat(101))).as("101 characters").isFalse();
        assertThat(IdRules.isReactorId("r:1")).as("':'").isFalse();
        assertThat(IdRules.isReactorId("r@1")).as("'@'").isFalse();
        assertThat(IdRules.isReactorId("")).as("empty").isFalse();
        assertThat(IdRules.isReactorId(null)).as("null").isFalse();
    }

    @Test
    void shouldNestTheRules() {
        for (String id : new String[] {"a", "x-1.y_z", "r".repeat(100)}) {
            assertThat(IdRules.isOrigin(id)).as("reactor id %s is an origin", id).isTrue();
        }
        for (String id : new String[] {"a:b", "d@x", "doc-1.a_b", "z".repeat(200)}) {
            assertThat(IdRules.isKeyName(id)).as("client id %s is a key name", id).isTrue();
        }
    }
}
