package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.StepStatus;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One step of the shown workflow as the graph draws it and the step details show it, taken from the stored step at
 * {@code now} (a running step's duration is how long it has run so far).
 */
public record WorkflowStepItem(
        int number,
        String agentName,
        StepStatus status,
        List<Integer> dependsOn,
        String instruction,
        String output,
        String error,
        String durationText,
        String tokensText) {

    public WorkflowStepItem {
        dependsOn = List.copyOf(dependsOn);
    }

    static WorkflowStepItem of(Step step, Instant now) {
        return new WorkflowStepItem(
                step.step(),
                step.agentName(),
                step.status(),
                step.dependsOn(),
                step.instruction(),
                step.output().orElse(""),
                step.error().orElse(""),
                step.startedAt()
                        .map(start -> TaskItemViewModel.formatDuration(
                                Duration.between(start, step.finishedAt().orElse(now))))
                        .orElse(""),
                tokensText(step.usage().totalTokens()));
    }

    /** E.g. "1,204 tokens"; empty before the step used any. */
    static String tokensText(long tokens) {
        return tokens == 0 ? "" : NumberFormat.getIntegerInstance(Locale.ROOT).format(tokens) + " tokens";
    }

    /** The status as people read it: "waiting approval" rather than the wire name. */
    public String statusText() {
        return status.wireName().replace('_', ' ');
    }

    /** Duration and tokens on one line, e.g. "3.2 s · 1,204 tokens"; empty before the step starts. */
    public String figuresText() {
        if (durationText.isEmpty()) {
            return tokensText;
        }
        return tokensText.isEmpty() ? durationText : durationText + " · " + tokensText;
    }
}
