package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.task.TaskStatus;
import io.agentdeck.engine.task.TaskTally;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCountsTest {
    private final TaskCounts counts = new TaskCounts();

    private List<Integer> all() {
        return Arrays.stream(TaskStatus.values())
                .map(status -> counts.property(status).get())
                .toList();
    }

    @Test
    void startsFromTheTallyAndFollowsEventsWithoutCountingAnythingTwice() {
        // 20,000 tasks succeeded long ago; task 20,001 is running, 20,002 queued.
        counts.replaceAll(new TaskTally(
                Map.of(TaskStatus.SUCCEEDED, 20_000L, TaskStatus.RUNNING, 1L, TaskStatus.QUEUED, 1L),
                Map.of(20_001L, TaskStatus.RUNNING, 20_002L, TaskStatus.QUEUED),
                20_002));
        // queued, running, succeeded, failed, cancelled
        assertThat(all()).containsExactly(1, 1, 20_000, 0, 0);

        counts.update(19_999, TaskStatus.SUCCEEDED);
        assertThat(all()).as("a replayed event of a task the tally counted").containsExactly(1, 1, 20_000, 0, 0);

        counts.update(20_002, TaskStatus.QUEUED);
        counts.update(20_002, TaskStatus.RUNNING);
        counts.update(20_001, TaskStatus.FAILED);
        assertThat(all()).containsExactly(0, 1, 20_000, 1, 0);

        counts.update(20_003, TaskStatus.QUEUED);
        counts.update(20_003, TaskStatus.QUEUED);
        assertThat(all()).as("a new task, counted once").containsExactly(1, 1, 20_000, 1, 0);
        counts.update(20_003, TaskStatus.CANCELLED);
        counts.update(20_001, TaskStatus.FAILED);
        assertThat(all()).containsExactly(0, 1, 20_000, 1, 1);
    }
}
