package io.agentdeck.engine.workflow;

import io.agentdeck.engine.agent.Agent;
import java.util.List;
import java.util.stream.Collectors;

/** What the Driver and the steps' agents are asked, as text: the plans, the review and each step's message. */
final class Prompts {
    /** The most of one step's output that another step or the review reads. */
    static final int MAX_UPSTREAM_CHARS = 8_000;

    private Prompts() {}

    /** One line per agent: its name and role. */
    static String team(List<Agent> agents) {
        return agents.stream()
                .map(agent -> "- " + agent.name() + ": " + agent.role())
                .collect(Collectors.joining("\n"));
    }

    static String firstPlan(Workflow workflow, int stepsLeft, String team) {
        return """
                Plan how the team carries out this task. Split it into steps; each step is one instruction for \
                one agent. A step sees the outputs of the steps it depends on; steps that do not depend on each \
                other run at the same time. Use at most %d steps. To ask the Creator for a new specialist, name \
                the agent "new:<role>".

                The team:
                %s

                The task:
                %s""".formatted(stepsLeft, team, workflow.goal());
    }

    static String replan(Workflow workflow, int failedStep, String error, int nextNumber, int stepsLeft, String team) {
        String done = workflow.steps().stream()
                .map(s -> "- Step " + s.step() + " (" + s.agentName() + ", "
                        + s.status().wireName() + delegation(s) + "): "
                        + s.instruction()
                        + s.output()
                                .map(o -> "\n  Output: " + abbreviated(o, 2_000))
                                .orElse("")
                        + s.error().map(e -> "\n  Error: " + e).orElse(""))
                .collect(Collectors.joining("\n"));
        return """
                Step %d of the plan for this task failed: %s
                Plan the remaining work again. Number the new steps from %d; they may depend on the steps that \
                succeeded or are still running. Use at most %d steps.

                The steps so far:
                %s

                The team:
                %s

                The task:
                %s""".formatted(failedStep, error, nextNumber, stepsLeft, done, team, workflow.goal());
    }

    static String review(Workflow workflow) {
        String outputs = workflow.steps().stream()
                .filter(s -> s.status().isSettled())
                .map(s -> "## Step " + s.step() + " (" + s.agentName() + delegation(s) + "): " + s.instruction()
                        + "\n"
                        + s.output()
                                .map(o -> abbreviated(o, MAX_UPSTREAM_CHARS))
                                .orElse("Skipped: " + s.error().orElse("") + "."))
                .collect(Collectors.joining("\n\n"));
        return """
                Review the outputs of the steps you planned for this task and write the final result for the \
                person who asked. Say plainly what could not be done.

                The task:
                %s

                %s""".formatted(workflow.goal(), outputs);
    }

    /** E.g. "Workflow step 3: Write the Flask endpoints" (a thread title is at most 200 characters). */
    static String stepThreadTitle(Step step) {
        return abbreviated("Workflow step " + step.step() + ": " + oneLine(step.instruction()), 120);
    }

    /** E.g. "Workflow: Create a small Python web API" — where the Driver plans and reviews. */
    static String workflowThreadTitle(Workflow workflow) {
        return abbreviated("Workflow: " + oneLine(workflow.goal()), 120);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** A step's message: its instruction, then each dependency's output (or why there is none). */
    static String stepMessage(Workflow workflow, Step step) {
        if (step.dependsOn().isEmpty()) {
            return step.instruction();
        }
        StringBuilder text =
                new StringBuilder(step.instruction()).append("\n\nResults of the steps this one builds on:");
        for (int dependency : step.dependsOn()) {
            Step earlier = workflow.steps().stream()
                    .filter(s -> s.step() == dependency)
                    .findFirst()
                    .orElseThrow();
            text.append("\n\n## Step ")
                    .append(dependency)
                    .append(" (")
                    .append(earlier.agentName())
                    .append(")\n")
                    .append(earlier.output()
                            .map(output -> abbreviated(output, MAX_UPSTREAM_CHARS))
                            .orElse("No output: " + earlier.error().orElse("it was skipped") + "."));
        }
        return text.toString();
    }

    private static String delegation(Step step) {
        return step.delegatedBy().map(by -> ", delegated by step " + by).orElse("");
    }

    static String abbreviated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
