package io.agentdeck.engine.creator;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.agent.NewAgent;
import io.agentdeck.engine.chat.ChatService;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.store.AgentStore;
import io.agentdeck.engine.tool.ToolInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Has the Creator agent design a new specialist: the request goes through the Creator's own lane (so it shows busy
 * and the exchange is in its history), the reply must match {@link AgentSpecParser#responseFormat}, and only a
 * valid design is stored.
 */
public final class AgentCreator {
    public static final long CREATOR_ID = 2;

    private final ChatService chat;
    private final AgentStore agents;
    private final AgentSpecParser parser;
    private final EventBus events;
    private final Clock clock;
    private final Supplier<List<ToolInfo>> tools;

    /** @param tools the tools there are, offered to the Creator to choose from for a new agent */
    public AgentCreator(
            ChatService chat,
            AgentStore agents,
            AgentSpecParser parser,
            EventBus events,
            Clock clock,
            Supplier<List<ToolInfo>> tools) {
        this.tools = tools;
        this.chat = chat;
        this.agents = agents;
        this.parser = parser;
        this.events = events;
        this.clock = clock;
    }

    /** Blocks until the Creator has answered; call it off the UI thread. */
    public AgentSpec design(AgentRequest request) {
        List<String> offered = tools.get().stream().map(ToolInfo::name).toList();
        MessageRequest message = MessageRequest.of(CREATOR_ID, brief(request))
                .withResponseFormat(AgentSpecParser.responseFormat(offered));
        Reply reply;
        try {
            reply = chat.send(message, Optional.empty()).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        AgentSpec spec = parser.parse(reply.text());
        Set<String> known = Set.copyOf(offered);
        return new AgentSpec(
                uniqueName(spec.name()),
                spec.role(),
                spec.systemPrompt(),
                merged(request.capabilities(), spec),
                spec.tools().stream().filter(known::contains).toList());
    }

    /** Stores a design (as previewed, or straight from {@link #design}) as a new dynamic agent. */
    public Agent create(AgentSpec spec, AgentRequest request) {
        Agent agent = agents.save(new NewAgent(
                uniqueName(spec.name()),
                AgentType.DYNAMIC,
                spec.role(),
                spec.systemPrompt(),
                spec.capabilities(),
                Optional.of(CREATOR_ID),
                request.reason(),
                spec.tools()));
        events.publish(new EngineEvent.AgentCreated(agent, clock.instant()));
        return agent;
    }

    public Agent createDynamicAgent(AgentRequest request) {
        return create(design(request), request);
    }

    private String brief(AgentRequest request) {
        String existing = agents.findAll().stream().map(Agent::name).collect(Collectors.joining(", "));
        return """
                Design a new specialist agent for this team.
                Role wanted: %s
                Capabilities wanted: %s
                Why it is needed: %s
                Agents that already exist (pick a different name): %s
                Tools it may be given (list in "tools" only those it needs; [] for none):
                %s
                Answer with the JSON object only.""".formatted(
                        request.role(),
                        request.capabilities().isEmpty() ? "(your choice)" : String.join(", ", request.capabilities()),
                        request.reason().orElse("(not given)"),
                        existing,
                        offeredTools());
    }

    private String offeredTools() {
        List<ToolInfo> offered = tools.get();
        if (offered.isEmpty()) {
            return "(none)";
        }
        return offered.stream()
                .map(tool -> "- " + tool.name() + ": " + tool.description())
                .collect(Collectors.joining("\n"));
    }

    private static List<String> merged(List<String> wanted, AgentSpec spec) {
        Set<String> all = new LinkedHashSet<>(wanted);
        all.addAll(spec.capabilities());
        return new ArrayList<>(all).subList(0, Math.min(all.size(), AgentSpecParser.MAX_CAPABILITIES));
    }

    /** Names are unique regardless of case; a clash gets a number rather than failing a good design. */
    private String uniqueName(String name) {
        String candidate = name;
        for (int n = 2; agents.findByNameIgnoreCase(candidate).isPresent(); n++) {
            String suffix = " " + n;
            candidate = name.substring(0, Math.min(name.length(), AgentSpecParser.MAX_NAME - suffix.length())) + suffix;
        }
        return candidate;
    }

    /** What a person asks the Creator for. */
    public record AgentRequest(String role, List<String> capabilities, Optional<String> reason) {
        private static final int MAX_REASON = 2_000;

        public AgentRequest {
            if (role == null || role.isBlank()) {
                throw EngineException.invalid("'role' must not be empty.");
            }
            role = role.strip();
            if (role.length() > AgentSpecParser.MAX_ROLE) {
                throw EngineException.invalid("'role' must be at most " + AgentSpecParser.MAX_ROLE + " characters.");
            }
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
            if (capabilities.size() > AgentSpecParser.MAX_CAPABILITIES) {
                throw EngineException.invalid(
                        "At most " + AgentSpecParser.MAX_CAPABILITIES + " capabilities can be asked for.");
            }
            for (String capability : capabilities) {
                if (capability == null
                        || capability.isBlank()
                        || capability.length() > AgentSpecParser.MAX_CAPABILITY) {
                    throw EngineException.invalid(
                            "Each capability must be text of 1 to " + AgentSpecParser.MAX_CAPABILITY + " characters.");
                }
            }
            reason = reason == null
                    ? Optional.empty()
                    : reason.map(String::strip).filter(r -> !r.isEmpty());
            if (reason.map(String::length).orElse(0) > MAX_REASON) {
                throw EngineException.invalid("'reason' must be at most " + MAX_REASON + " characters.");
            }
        }
    }
}
