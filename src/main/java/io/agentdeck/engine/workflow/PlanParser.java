package io.agentdeck.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.agentdeck.engine.model.StructuredReply;
import java.util.ArrayList;
import java.util.List;

/** The JSON schema the Driver plans in, and reading its answer into a {@link Plan} (shape only; see the validator). */
public final class PlanParser {
    public static final ResponseFormat RESPONSE_FORMAT = ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder()
                    .name("workflow_plan")
                    .rootElement(JsonObjectSchema.builder()
                            .addProperty(
                                    "steps",
                                    JsonArraySchema.builder()
                                            .items(JsonObjectSchema.builder()
                                                    .addIntegerProperty("step", "1, 2, 3 … in the order written")
                                                    .addStringProperty(
                                                            "agent",
                                                            "A team member's name, or 'new:<role>' for a new specialist")
                                                    .addStringProperty("instruction", "What this agent must do")
                                                    .addProperty(
                                                            "depends_on",
                                                            JsonArraySchema.builder()
                                                                    .description("Steps whose outputs this step needs")
                                                                    .items(JsonIntegerSchema.builder()
                                                                            .build())
                                                                    .build())
                                                    .required("step", "agent", "instruction", "depends_on")
                                                    .additionalProperties(false)
                                                    .build())
                                            .build())
                            .required("steps")
                            .additionalProperties(false)
                            .build())
                    .build())
            .build();

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
