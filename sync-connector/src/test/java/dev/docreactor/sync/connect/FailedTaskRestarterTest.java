package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorType;
import org.junit.jupiter.api.Test;

class FailedTaskRestarterTest {

    private static ConnectorStateInfo status(String connector, String... tasks) {
        List<ConnectorStateInfo.TaskState> states = new java.util.ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            states.add(new ConnectorStateInfo.TaskState(i, tasks[i], "worker",
                "FAILED".equals(tasks[i]) ? "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)" : null,
                "1"));
        }
        return new ConnectorStateInfo("sync-b-pull", new ConnectorStateInfo.ConnectorState(connector, "worker",
            "FAILED".equals(connector) ? "java.lang.IllegalStateException: bad\n\tat a.b(C.java:2)" : null, "1"), states,
            ConnectorType.SOURCE);
    }

    @Test
    void shouldSeeAFailedTaskOrConnectorWithTheFirstLineOfItsTrace() {
        assertThat(FailedTaskRestarter.failure(status("RUNNING", "RUNNING", "RUNNING")))
            .as("everything running: nothing to restart").isNull();
        assertThat(FailedTaskRestarter.failure(status("RUNNING", "RUNNING", "FAILED")))
            .as("a failed task, named, with the exception line only")
            .isEqualTo("task 1: org.apache.kafka.connect.errors.ConnectException: boom");
        assertThat(FailedTaskRestarter.failure(status("FAILED")))
            .as("a failed connector").isEqualTo("connector: java.lang.IllegalStateException: bad");
        assertThat(FailedTaskRestarter.failure(status("RUNNING", "PAUSED")))
            .as("a paused task was paused on purpose: not restarted").isNull();
    }
}
