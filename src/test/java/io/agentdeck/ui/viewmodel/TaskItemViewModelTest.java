package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskItemViewModelTest {
    private static final Instant CREATED = Instant.parse("2026-01-05T10:00:00Z");

    private static Task queued(String input) {
        return new Task(
                7,
                "operator_task",
                1,
                input,
                TaskStatus.QUEUED,
                Optional.empty(),
                Optional.empty(),
                CREATED,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void theShortInputIsTheFirstLineCutToFit() {
        assertThat(TaskItemViewModel.shorten("  fix the build \n")).isEqualTo("fix the build");
        assertThat(TaskItemViewModel.shorten("fix the build\nand then the tests"))
                .isEqualTo("fix the build…");
        String shortened = TaskItemViewModel.shorten("x".repeat(200));
        assertThat(shortened).hasSize(TaskItemViewModel.SHORT_INPUT_CHARS).endsWith("…");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(TaskItemViewModel.formatDuration(Duration.ofMillis(3250))).isEqualTo("3.3 s");
        assertThat(TaskItemViewModel.formatDuration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(TaskItemViewModel.formatDuration(Duration.ofMinutes(135))).isEqualTo("2 h 15 min");
    }

    @Test
    void aLateStaleStateDoesNotTurnBackTheStatus() {
        Task queued = queued("fix the build");
        Task running = queued.running(CREATED.plusSeconds(1));
        Task done = running.succeeded("fixed", CREATED.plusSeconds(4));
        TaskItemViewModel item = new TaskItemViewModel(queued);
        assertThat(item.duration()).isEmpty();
        assertThat(item.cancellable()).isTrue();

        assertThat(item.update(done)).isTrue();
        assertThat(item.update(running)).isFalse();
        assertThat(item.update(queued)).isFalse();

        assertThat(item.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(item.task().result()).contains("fixed");
        assertThat(item.duration()).isEqualTo("3.0 s");
        assertThat(item.cancellable()).isFalse();
    }
}
