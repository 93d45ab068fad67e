package io.agentdeck.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes the fake model play a workflow: the Driver's plans (recognised by their JSON schema), each step's answer (by
 * its instruction, the first line of the step's message) and the Driver's review, so that replies do not depend on
 * which of two parallel steps asks first.
 */
public final class WorkflowScript {
    private WorkflowScript() {}

    /** One planned step as the Driver writes it. */
    public static Map<String, Object> step(int number, String agent, String instruction, Integer... dependsOn) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", number);
        step.put("agent", agent);
        step.put("instruction", instruction);
        step.put("depends_on", List.of(dependsOn));
        return step;
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the steps are only read, into an immutable list
    public static FakeReply plan(Map<String, Object>... steps) {
        return FakeReply.jsonOf(Map.of("steps", List.of(steps)));
    }

    public static boolean isPlanRequest(RecordedRequest request) {
        return request.responseFormat() != null
                && request.responseFormat()
                        .path("json_schema")
                        .path("name")
                        .asText()
                        .equals("workflow_plan");
    }

    public static boolean isReview(RecordedRequest request) {
        return request.lastQuestion().startsWith("Review the outputs");
    }

    /** The step's instruction: the first line of the message its agent gets. */
    public static String firstLine(RecordedRequest request) {
        return request.lastQuestion().lines().findFirst().orElse("");
    }

    /** Each step answers "OUT[its instruction]". */
    public static FakeReply answerEachStep(RecordedRequest request) {
        return FakeReply.text("OUT[" + firstLine(request) + "]");
    }

    /** Plans come from {@code plans} in turn (the last one repeats), reviews give {@code review}, steps {@code steps}. */
    public static void script(
            FakeOpenAiServer model,
            List<FakeReply> plans,
            FakeReply review,
            Function<RecordedRequest, FakeReply> steps) {
        AtomicInteger planIndex = new AtomicInteger();
        model.defaultResponder(request -> {
            if (isPlanRequest(request)) {
                return plans.get(Math.min(planIndex.getAndIncrement(), plans.size() - 1));
            }
            if (isReview(request)) {
                return review;
            }
            return steps.apply(request);
        });
    }
}
