package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.StepStatus;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One step of the shown workflow as the graph draws it and the step details show it. A running step shows when it
 * started rather than a duration that would stand still between updates.
 */
public record WorkflowStepItem(
        int number,
        String agentName,
        StepStatus status,
        List<Integer> dependsOn,
        Optional<Integer> delegatedBy,
        String instruction,
        String output,
        String error,
        String durationText,
        String tokensText) {

    public WorkflowStepItem {
        dependsOn = List.copyOf(dependsOn);
    }

    static WorkflowStepItem of(Step step) {
        return new WorkflowStepItem(
                step.step(),
                step.agentName(),
                step.status(),
                step.dependsOn(),
                step.delegatedBy(),
                step.instruction(),
                step.output().orElse(""),
                step.error().orElse(""),
                durationText(step),
                tokensText(step.usage().totalTokens()));
    }

    private static String durationText(Step step) {
        if (step.startedAt().isEmpty()) {
            return "";
        }
        return step.finishedAt()
                .map(end -> TaskItemViewModel.formatDuration(
                        Duration.between(step.startedAt().get(), end)))
                .orElseGet(() ->
                        "since " + TaskItemViewModel.timeText(step.startedAt().get()));
    }

    /** E.g. "1,204 tokens"; empty before the step used any. */
    static String tokensText(long tokens) {
        return tokens == 0 ? "" : NumberFormat.getIntegerInstance(Locale.ROOT).format(tokens) + " tokens";
    }

    /** What the step's agent was given: the instruction, and which steps' outputs came with it. */
    public String inputText() {
        if (delegatedBy.isPresent()) {
            return instruction + "\n\n(Handed on by step " + delegatedBy.get() + ".)";
        }
        if (dependsOn.isEmpty()) {
            return instruction;
        }
        String steps = dependsOn.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return instruction + "\n\n(With the output of " + (dependsOn.size() == 1 ? "step " : "steps ") + steps + ".)";
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
