package io.agentdeck.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.ApiException;
import io.agentdeck.api.ApiModule;
import io.agentdeck.api.RequestReader;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.chat.Completion;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The OpenAI-compatible endpoint: agents are the models, so an OpenAI SDK pointed at {@code /v1} with the API token as
 * its key talks to an agent. Completions are stateless over the client's messages but queue in the agent's lane.
 */
public final class OpenAiRoutes implements ApiModule {
    private final Engine engine;
    private final ObjectMapper json;
    private final Clock clock;
    private final CompletionStreamWriter streams;

    public OpenAiRoutes(Engine engine, ObjectMapper json, Clock clock) {
        this.engine = engine;
        this.json = json;
        this.clock = clock;
        this.streams = new CompletionStreamWriter(engine, json);
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/v1/models", this::models);
        config.routes.post("/v1/chat/completions", this::completions);
        config.routes.after("/v1/*", new OpenAiErrorShape(json)::apply);
    }

    private void models(Context ctx) {
        ctx.json(ModelListDto.of(modelAgents()));
    }

    private void completions(Context ctx) throws IOException {
        CompletionRequest request = CompletionRequest.parse(body(ctx));
        Agent agent = modelAgents().stream()
                .filter(candidate -> candidate.slug().equalsIgnoreCase(request.model()))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        404,
                        "model_not_found",
                        "The model '" + request.model() + "' does not exist; the models here are agents, such as"
                                + " 'driver'.",
                        "List them with GET /v1/models."));
        String id = ChatCompletionDto.newId();
        long created = clock.instant().getEpochSecond();
        if (request.stream()) {
            streams.stream(ctx, agent, request, new ChatCompletionChunkDto.Stream(id, created, agent.slug()));
            return;
        }
        Completion completion = engine.completeStateless(agent.id(), request.messages());
        ctx.json(ChatCompletionDto.of(id, created, agent.slug(), completion));
    }

    /** One agent per slug: should two agents share a name, the older one answers to it. */
    private List<Agent> modelAgents() {
        Set<String> seen = new HashSet<>();
        List<Agent> agents = new ArrayList<>();
        for (Agent agent : engine.agents()) {
            if (seen.add(agent.slug())) {
                agents.add(agent);
            }
        }
        return agents;
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiException.badRequest("The request body must be a JSON object with 'model' and 'messages'.");
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(RequestReader.notJson(e));
        }
    }
}
