package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.agentdeck.engine.model.StructuredReply;
import java.util.ArrayList;
import java.util.List;

/** The JSON schema the Driver plans in, and reading its answer into a {@link Plan} (shape only; see the validator). */
public final class PlanParser {
    static final int MAX_AGENT = 80;
    static final int MAX_INSTRUCTION = 2_000;
    static final int MAX_STEP_NUMBER = 999;
    private static final JsonNodeFactory SCHEMA = JsonNodeFactory.instance;

    /**
     * The plan's JSON schema for a plan of at most {@code stepsLeft} steps. Its bounds keep a model held to it by a
     * grammar (the in-process model) from writing a plan longer than the run allows; the validator still checks
     * everything else.
     */
    public static ResponseFormat responseFormat(int stepsLeft) {
        ObjectNode step = SCHEMA.objectNode().put("type", "object");
        ObjectNode properties = step.putObject("properties");
        properties
                .putObject("step")
                .put("type", "integer")
                .put("description", "1, 2, 3 … in the order written")
                .put("minimum", 1)
                .put("maximum", MAX_STEP_NUMBER);
        properties
                .putObject("agent")
                .put("type", "string")
                .put("description", "A team member's name, or 'new:<role>' for a new specialist")
                .put("minLength", 1)
                .put("maxLength", MAX_AGENT);
        properties
                .putObject("instruction")
                .put("type", "string")
                .put("description", "What this agent must do")
                .put("minLength", 1)
                .put("maxLength", MAX_INSTRUCTION);
        ObjectNode dependsOn = properties
                .putObject("depends_on")
                .put("type", "array")
                .put("description", "Steps whose outputs this step needs")
                .put("maxItems", Math.max(0, stepsLeft - 1));
        dependsOn.putObject("items").put("type", "integer").put("minimum", 1).put("maximum", MAX_STEP_NUMBER);
        step.putArray("required").add("step").add("agent").add("instruction").add("depends_on");
        step.put("additionalProperties", false);

        ObjectNode root = SCHEMA.objectNode().put("type", "object");
        ObjectNode steps = root.putObject("properties").putObject("steps").put("type", "array");
        steps.set("items", step);
        steps.put("minItems", 1).put("maxItems", Math.max(1, stepsLeft));
        root.putArray("required").add("steps");
        root.put("additionalProperties", false);
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder()
                        .name("workflow_plan")
                        .rootElement(JsonRawSchema.from(root.toString()))
                        .build())
                .build();
    }

    private final ObjectMapper json;

    public PlanParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @throws PlanRejected when the answer is not a plan at all
     */
    public Plan parse(String reply) {
        JsonNode root;
        try {
            root = json.readTree(StructuredReply.withoutCodeFence(reply));
        } catch (JsonProcessingException e) {
            throw new PlanRejected("the answer is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("steps").isArray()) {
            throw new PlanRejected("the answer is not an object with a 'steps' list");
        }
        List<PlannedStep> steps = new ArrayList<>();
        for (JsonNode node : root.get("steps")) {
            if (!node.path("step").canConvertToInt()
                    || !node.path("step").isIntegralNumber()
                    || !node.path("agent").isTextual()
                    || !node.path("instruction").isTextual()) {
                throw new PlanRejected("each step needs a number 'step', and 'agent' and 'instruction' as text");
            }
            List<Integer> dependsOn = new ArrayList<>();
            for (JsonNode dependency : node.path("depends_on")) {
                if (!dependency.isIntegralNumber() || !dependency.canConvertToInt()) {
                    throw new PlanRejected("'depends_on' must list step numbers");
                }
                dependsOn.add(dependency.asInt());
            }
            steps.add(new PlannedStep(
                    node.get("step").asInt(),
                    node.get("agent").asText().strip(),
                    node.get("instruction").asText().strip(),
                    dependsOn));
        }
        return new Plan(steps);
    }
}
