package io.agentdeck.engine.turn;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.knowledge.DocumentPrivacy;
import io.agentdeck.engine.knowledge.KnowledgeRetriever;
import io.agentdeck.engine.knowledge.Passage;
import io.agentdeck.engine.knowledge.TurnSources;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.model.ModelPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent turn, from question to reply: the agent's system prompt with the knowledge relevant to the question and
 * the caller's instructions, the remembered turns and the question go to the model (streamed when someone listens);
 * while the model asks for tools, the calls are run and their results sent back; the last answer is the reply, with
 * the tokens of every call. A turn stores nothing and schedules nothing: whoever runs it decides when, and what of it
 * is kept. The system prompt is built for every turn, so an edited agent speaks differently at once.
 */
public final class AgentTurn {
    /** A model that keeps asking for tools is stopped after this many rounds instead of looping for ever. */
    public static final int MAX_TOOL_ROUNDS = 8;

    /** How the passages given with a question begin, and what comes between them and the question. */
    public static final String PASSAGES_HEADING = "Relevant passages from the knowledge base.";

    public static final String BEFORE_QUESTION = "\n\nQuestion: ";

    private static final Logger LOG = LoggerFactory.getLogger(AgentTurn.class);

    private final ModelPort model;
    private final KnowledgeRetriever knowledge;
    private final ToolBox tools;
    private final DocumentPrivacy privacy;

    public AgentTurn(ModelPort model, KnowledgeRetriever knowledge, ToolBox tools) {
        this(model, knowledge, tools, DocumentPrivacy.NONE);
    }

    /** @param privacy which documents a turn in a thread may not read from (other members', on a team's server) */
    public AgentTurn(ModelPort model, KnowledgeRetriever knowledge, ToolBox tools, DocumentPrivacy privacy) {
        this.model = model;
        this.knowledge = knowledge;
        this.tools = tools;
        this.privacy = privacy;
    }

    /**
     * Runs the turn on the calling thread. {@code listener} hears the reply's text as it is generated, numbered from 0
     * across all rounds, and belongs to this request alone.
     *
     * @throws EngineException when the model fails, the generation is cancelled, or the model asks for tools more
     *     than {@link #MAX_TOOL_ROUNDS} times
     */
    public TurnOutcome run(TurnRequest request, Generation generation, Optional<TokenListener> listener) {
        return run(
                request,
                KnowledgeLookup.whenAsked(
                        knowledge,
                        request.agent().id(),
                        request.question(),
                        hiddenIn(request.origin().map(TurnOrigin::conversationId))),
                generation,
                listener);
    }

    /**
     * Starts finding the knowledge for a question that a turn will answer, so that the search runs while the caller
     * does its own work first (storing the question); hand it to {@link #run(TurnRequest, KnowledgeLookup,
     * Generation, Optional)}.
     */
    public KnowledgeLookup lookAhead(long agentId, String question) {
        return lookAhead(agentId, question, Optional.empty());
    }

    /** As {@link #lookAhead(long, String)}, for a question in this thread, whose privacy the lookup keeps. */
    public KnowledgeLookup lookAhead(long agentId, String question, Optional<Long> conversationId) {
        return KnowledgeLookup.started(knowledge, agentId, question, hiddenIn(conversationId));
    }

    /**
     * As {@link #lookAhead(long, String, Optional)}, and a model that reads ahead ({@link ModelPort#readsAhead()})
     * starts answering {@code ahead} at once, as it would be asked if no knowledge is found, on a thread of its own:
     * so the model reads while the caller stores the question and the knowledge is searched. {@code ahead}'s memory
     * is the thread as it is now, before the question.
     */
    public KnowledgeLookup lookAhead(TurnRequest ahead, Optional<Long> conversationId) {
        if (!model.readsAhead()) {
            return lookAhead(ahead.agent().id(), ahead.question(), conversationId);
        }
        // The model is asked first: once asked, llama.cpp reads on a thread of its own, and the search (which takes
        // about as long as reading a short question) runs beside it instead of holding it back.
        return KnowledgeLookup.startedAfter(
                () -> readAhead(ahead), knowledge, ahead.agent().id(), ahead.question(), hiddenIn(conversationId));
    }

    private void readAhead(TurnRequest request) {
        try {
            model.readAhead(chatRequest(
                    prompt(systemPrompt(request), request.memory().recall(), request.question(), List.of()),
                    offered(request),
                    request));
        } catch (RuntimeException e) {
            // Only a head start is lost: the turn reads the prompt itself.
            LOG.debug("Reading ahead for agent {} failed", request.agent().id(), e);
        }
    }

    private Supplier<Set<Long>> hiddenIn(Optional<Long> conversationId) {
        return () -> conversationId.map(privacy::hiddenIn).orElse(Set.of());
    }

    /** As {@link #run(TurnRequest, Generation, Optional)}, with the knowledge already being looked up. */
    public TurnOutcome run(
            TurnRequest request, KnowledgeLookup lookup, Generation generation, Optional<TokenListener> listener) {
        long started = System.nanoTime();
        String system = systemPrompt(request);
        List<ChatTurn> remembered = request.memory().recall();
        List<ToolSpecification> offered = offered(request);
        if (!lookup.isDone() && !lookup.isReadingAhead()) {
            // Most questions find no passage, and then this is the prompt: a model that can start reading it while
            // the knowledge is searched answers that much sooner (with passages, it reads on from the question).
            model.readAhead(chatRequest(prompt(system, remembered, request.question(), List.of()), offered, request));
        }
        KnowledgeLookup.Found found = lookup.await();
        List<Passage> passages = found.passages();
        TurnSources sources = new TurnSources(passages, found.hiddenDocuments());
        List<ChatMessage> messages = prompt(system, remembered, request.question(), passages);
        Optional<Consumer<String>> onToken = listener.map(AgentTurn::numbered);
        Usage usage = Usage.NONE;
        int toolCalls = 0;
        for (int round = 0; ; round++) {
            StreamTiming timing = new StreamTiming();
            ChatResponse response =
                    call(chatRequest(messages, offered, request), generation, onToken.map(timing::around));
            Usage called = usageOf(response.tokenUsage());
            usage = usage.plus(
                    timing.speed(called.outputTokens()).map(called::withSpeed).orElse(called));
            AiMessage answer = response.aiMessage();
            if (!answer.hasToolExecutionRequests()) {
                String text = Optional.ofNullable(answer.text()).orElse("");
                return new TurnOutcome(
                        text,
                        usage,
                        (System.nanoTime() - started) / 1_000_000,
                        response.finishReason() == FinishReason.LENGTH,
                        toolCalls,
                        Citations.markedIn(text, sources.shown()));
            }
            if (round == MAX_TOOL_ROUNDS) {
                throw new EngineException(
                        ErrorKind.PROVIDER_ERROR,
                        "The model was still asking for tools after " + MAX_TOOL_ROUNDS + " rounds.",
                        "Ask again more precisely, or give the agent fewer tools.",
                        null);
            }
            messages.add(answer);
            for (ToolExecutionRequest call : answer.toolExecutionRequests()) {
                if (generation.isCancelled()) {
                    throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
                }
                ToolResult result = execute(request, call, generation, sources);
                messages.add(ToolExecutionResultMessage.from(call, result.content()));
                toolCalls++;
            }
        }
    }

    /** The agent's tools and the request's own; a name the request's tools handle is theirs alone. */
    private List<ToolSpecification> offered(TurnRequest request) {
        ToolBox extra = request.extraTools();
        List<ToolSpecification> offered = new ArrayList<>();
        tools.toolsFor(request.agent()).stream()
                .filter(tool -> !extra.handles(request.agent(), tool.name()))
                .forEach(offered::add);
        offered.addAll(extra.toolsFor(request.agent()));
        return offered;
    }

    /**
     * A failed call is the model's to deal with: it reads what went wrong as the call's result. The listener hears
     * the call before it runs and its result after, however it ended.
     */
    private ToolResult execute(
            TurnRequest request, ToolExecutionRequest asked, Generation generation, TurnSources sources) {
        ToolCall call = new ToolCall(
                Optional.ofNullable(asked.id()).orElse(""),
                asked.name(),
                Optional.ofNullable(asked.arguments()).orElse(""));
        request.toolCalls().started(call);
        long started = System.nanoTime();
        ToolResult result;
        try {
            ToolBox box = request.extraTools().handles(request.agent(), asked.name()) ? request.extraTools() : tools;
            result = box.execute(new ToolCallContext(request.agent(), generation, request.origin(), sources), asked);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.CANCELLED) {
                throw e;
            }
            result = ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Tool {} failed for agent {}", call.name(), request.agent().id(), e);
            result = ToolResult.error("the tool " + call.name() + " failed unexpectedly.");
        }
        request.toolCalls().finished(call, result, (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private ChatResponse call(ChatRequest request, Generation generation, Optional<Consumer<String>> onToken) {
        return onToken.isPresent() ? model.stream(request, generation, onToken.get()) : model.chat(request, generation);
    }

    private static ChatRequest chatRequest(
            List<ChatMessage> messages, List<ToolSpecification> offered, TurnRequest request) {
        ChatRequest.Builder builder = ChatRequest.builder().messages(List.copyOf(messages));
        if (!offered.isEmpty()) {
            builder.toolSpecifications(offered);
        }
        request.responseFormat().ifPresent(builder::responseFormat);
        return builder.build();
    }

    /**
     * One system message, then the remembered turns, then the question with the passages found for it. The passages
     * come last, beside the question they were found for, so that the start of the prompt stays the same from one
     * question to the next: a model that keeps what it has read (llama.cpp's prompt cache, a provider's prefix cache)
     * reads only the new turns.
     */
    private static List<ChatMessage> prompt(
            String system, List<ChatTurn> remembered, String question, List<Passage> passages) {
        List<ChatMessage> messages = new ArrayList<>();
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (ChatTurn turn : remembered) {
            switch (turn.role()) {
                case USER -> messages.add(UserMessage.from(turn.content()));
                case ASSISTANT -> messages.add(AiMessage.from(turn.content()));
                case SYSTEM -> {} // Instructions are the caller's, in the system message, not part of the memory.
            }
        }
        messages.add(UserMessage.from(withKnowledge(question, passages)));
        return messages;
    }

    /** The agent's prompt and the caller's instructions in one system message: many local templates accept one. */
    private static String systemPrompt(TurnRequest request) {
        StringBuilder prompt = new StringBuilder(request.agent().systemPrompt());
        String instructions = request.callerInstructions().strip();
        if (!instructions.isEmpty()) {
            prompt.append(prompt.isEmpty() ? "" : "\n\n").append(instructions);
        }
        return prompt.toString();
    }

    /** The question as asked, or after the passages found for it, numbered for citing. */
    static String withKnowledge(String question, List<Passage> passages) {
        if (passages.isEmpty()) {
            return question;
        }
        StringBuilder text = new StringBuilder(PASSAGES_HEADING
                + " Use them when they help, mark each fact you take from one with its number in square brackets,"
                + " like [1], and do not invent facts they do not contain:\n");
        for (int i = 0; i < passages.size(); i++) {
            Passage passage = passages.get(i);
            String where = passage.locationText();
            text.append("\n[")
                    .append(i + 1)
                    .append("] (")
                    .append(passage.source())
                    .append(where.isEmpty() ? "" : ", " + where)
                    .append(")\n")
                    .append(passage.text().strip())
                    .append('\n');
        }
        text.setLength(text.length() - 1); // the last passage's line end: BEFORE_QUESTION brings its own
        return text.append(BEFORE_QUESTION).append(question).toString();
    }

    private static Consumer<String> numbered(TokenListener listener) {
        AtomicInteger seq = new AtomicInteger();
        return delta -> listener.onToken(seq.getAndIncrement(), delta);
    }

    private static Usage usageOf(TokenUsage usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        return new Usage(
                Optional.ofNullable(usage.inputTokenCount()).orElse(0),
                Optional.ofNullable(usage.outputTokenCount()).orElse(0));
    }
}
