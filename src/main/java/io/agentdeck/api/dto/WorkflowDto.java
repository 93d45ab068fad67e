package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.turn.Usage;
import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import java.time.Instant;
import java.util.List;

/** A workflow as docs/api.md shows it; absent values are null, except a step's delegated_by, shown only when set. */
public record WorkflowDto(
        String workflowId,
        long taskId,
        String goal,
        String status,
        String stopReason,
        List<StepDto> steps,
        String result,
        UsageDto usage,
        LimitsDto limits,
        Instant createdAt,
        Instant finishedAt) {

    public record StepDto(
            int step,
            Long agentId,
            String agentName,
            String instruction,
            List<Integer> dependsOn,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer delegatedBy,
            String status,
            String output,
            String error,
            UsageDto usage,
            Instant startedAt,
            Instant finishedAt) {}

    public record UsageDto(long inputTokens, long outputTokens) {
        static UsageDto of(Usage usage) {
            return new UsageDto(usage.inputTokens(), usage.outputTokens());
        }
    }

    public record LimitsDto(int maxSteps, int maxDepth, long maxTokens, long timeoutS, boolean allowNewAgents) {
        static LimitsDto of(WorkflowLimits limits) {
            return new LimitsDto(
                    limits.maxSteps(),
                    limits.maxDepth(),
                    limits.maxTokens(),
                    limits.timeoutS(),
                    limits.allowNewAgents());
        }
    }

    public static WorkflowDto of(Workflow workflow) {
        return new WorkflowDto(
                workflow.id(),
                workflow.taskId(),
                workflow.goal(),
                workflow.status().wireName(),
                workflow.stopReason().orElse(null),
                workflow.steps().stream().map(WorkflowDto::step).toList(),
                workflow.result().orElse(null),
                UsageDto.of(workflow.usage()),
                LimitsDto.of(workflow.limits()),
                workflow.createdAt(),
                workflow.finishedAt().orElse(null));
    }

    private static StepDto step(Step step) {
        return new StepDto(
                step.step(),
                step.agentId().orElse(null),
                step.agentName(),
                step.instruction(),
                step.dependsOn(),
                step.delegatedBy().orElse(null),
                step.status().wireName(),
                step.output().orElse(null),
                step.error().orElse(null),
                UsageDto.of(step.usage()),
                step.startedAt().orElse(null),
                step.finishedAt().orElse(null));
    }
}
