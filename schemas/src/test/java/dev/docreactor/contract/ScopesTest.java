package dev.docreactor.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The special scope names and which of them travel. */
class ScopesTest {

    @Test
    void shouldNameTheSpecialScopes() {
        assertThat(Scopes.DOCUMENT).as("lifecycle scope").isEqualTo("document");
        assertThat(Scopes.GLOBAL).as("shared scope").isEqualTo("global");
        assertThat(Scopes.LOCAL).as("per-reactor scope").isEqualTo("local");
        assertThat(Scopes.DEFAULT).as("default scope of an action").isEqualTo(Scopes.GLOBAL);
    }

    @Test
    void shouldSynchronizeEveryScopeButLocal() {
        assertThat(Scopes.isSynchronized(Scopes.LOCAL)).as("local").isFalse();
        assertThat(Scopes.isSynchronized(Scopes.GLOBAL)).as("global").isTrue();
        assertThat(Scopes.isSynchronized(Scopes.DOCUMENT)).as("document").isTrue();
        assertThat(Scopes.isSynchronized("notes")).as("any other scope").isTrue();
        assertThat(Scopes.isSynchronized("Local")).as("names are case-sensitive").isTrue();
    }

    @Test
    void shouldBeValidNamesForClientsAndKeys() {
        for (String scope : new String[] {Scopes.DOCUMENT, Scopes.GLOBAL, Scopes.LOCAL}) {
            assertThat(IdRules.isClientName(scope)).as("%s as a client name", scope).isTrue();
            assertThat(IdRules.isKeyName(scope)).as("%s as a key name", scope).isTrue();
        }
    }
}
