package dev.docreactor.sync.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.sync.Ops;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncFilterTest {

    @Test
    void shouldAdmitEveryScopeButLocalByDefault() {
        SyncFilter filter = SyncFilter.all();
        assertThat(filter.admits(Ops.op("a", "d", "todo", "global", "main", 0))).as("global").isTrue();
        assertThat(filter.admits(Ops.op("a", "d", "todo", "document", "main", 0))).as("document").isTrue();
        assertThat(filter.admits(Ops.op("a", "d", "todo", "custom", "dev", 0))).as("custom scope, other branch").isTrue();
        assertThat(filter.admits(Ops.op("a", "d", "todo", "local", "main", 0))).as("local").isFalse();
    }

    @Test
    void shouldNeverAdmitLocalEvenWhenListed() {
        SyncFilter filter = new SyncFilter(Set.of(), Set.of(), List.of("local", "global"), null);
        assertThat(filter.admits(Ops.op("a", "d", "todo", "local", "main", 0))).as("local listed").isFalse();
    }

    @Test
    void shouldFilterByDocumentIdTypeScopeAndBranch() {
        SyncFilter filter = new SyncFilter(Set.of("d1", "d2"), Set.of("invoice"), Set.of("global"), "main");
        assertThat(filter.admits(Ops.op("a", "d1", "invoice", "global", "main", 0))).as("all match").isTrue();
        assertThat(filter.admits(Ops.op("a", "d3", "invoice", "global", "main", 0))).as("other document").isFalse();
        assertThat(filter.admits(Ops.op("a", "d1", "todo", "global", "main", 0))).as("other type").isFalse();
        assertThat(filter.admits(Ops.op("a", "d1", "invoice", "document", "main", 0))).as("other scope").isFalse();
        assertThat(filter.admits(Ops.op("a", "d1", "invoice", "global", "feature", 0))).as("other branch").isFalse();
    }
}
