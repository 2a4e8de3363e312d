package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The role each route needs. */
class RoleTest {

    @Test
    void shouldRequireReadForGetsWriteForPostsAndOperateForSyncStatusAndMetrics() {
        assertThat(Role.requiredFor("GET", "/documents/doc-1")).as("read a document").hasValue(Role.READ);
        assertThat(Role.requiredFor("GET", "/documents/sync")).as("a document whose id is 'sync' is read, not operated").hasValue(Role.READ);
        assertThat(Role.requiredFor("GET", "/jobs/job-1")).as("a job").hasValue(Role.READ);
        assertThat(Role.requiredFor("POST", "/documents/doc-1/actions")).as("actions").hasValue(Role.WRITE);
        assertThat(Role.requiredFor("GET", "/documents/doc-1/sync")).as("document sync status").hasValue(Role.OPERATE);
        assertThat(Role.requiredFor("GET", "/jobs/job-1/sync")).as("job sync status").hasValue(Role.OPERATE);
        assertThat(Role.requiredFor("GET", "/metrics")).as("metrics").hasValue(Role.OPERATE);
        assertThat(Role.requiredFor("GET", "/health")).as("health is open").isEmpty();
        assertThat(Role.requiredFor("GET", "/documents")).as("the document listing").hasValue(Role.READ);
        assertThat(Role.requiredFor("GET", "/ui/")).as("the web page is open").isEmpty();
        assertThat(Role.requiredFor("GET", "/ui/app.js")).as("its script is open").isEmpty();
        assertThat(Role.requiredFor("GET", "/ui/x/y")).as("nothing deeper is open").hasValue(Role.READ);
        assertThat(Role.requiredFor("POST", "/ui/")).as("a POST is never open").hasValue(Role.WRITE);
    }
}
