package io.agentdeck.engine.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.knowledge.KnowledgeRetriever;
import io.agentdeck.engine.knowledge.Passage;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.model.ModelInvoker;
import io.agentdeck.testing.ScriptedChatModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent turn against a scripted model: no database, no HTTP, milliseconds per case. */
class AgentTurnTest {
    private static final Agent DRIVER = new Agent(
            1,
            "Driver",
            AgentType.DRIVER,
            "Coordinates",
            "You are the Driver.",
            List.of(),
            Instant.EPOCH,
            Optional.empty(),
            Optional.empty());
    private static final KnowledgeRetriever NO_KNOWLEDGE = (agentId, query) -> List.of();

    private final ScriptedChatModel model = new ScriptedChatModel();

    private AgentTurn turn(KnowledgeRetriever knowledge, ToolBox tools) {
        return new AgentTurn(new ModelInvoker(() -> model.access(2)), knowledge, tools);
    }

    @Test
    void theModelSeesThePromptWithKnowledgeThenTheRememberedTurnsThenTheQuestion() {
        model.replies("Paris [1].", 12, 2);
        KnowledgeRetriever knowledge = (agentId, query) -> agentId == DRIVER.id() && query.contains("capital")
                ? List.of(
                        new Passage(
                                41,
                                7,
                                "atlas.pdf",
                                "Paris is the capital of France.",
                                Optional.of(3),
                                Optional.empty(),
                                90,
                                0.9),
                        new Passage(
                                42,
                                7,
                                "atlas.pdf",
                                "Lyon is on the Rhône.",
                                Optional.of(4),
                                Optional.empty(),
                                120,
                                0.5))
                : List.of();
        Memory memory = Memory.of(List.of(ChatTurn.user("Hello"), ChatTurn.assistant("Hi, how can I help?")));

        TurnOutcome outcome = turn(knowledge, ToolBox.NONE)
                .run(
                        TurnRequest.of(DRIVER, "What is the capital of France?", memory),
                        new Generation(),
                        Optional.empty());

        assertThat(outcome.text()).isEqualTo("Paris [1].");
        assertThat(outcome.citations())
                .as("only the passage the answer marks")
                .containsExactly(new Citation(
                        1,
                        7,
                        "atlas.pdf",
                        41,
                        "Paris is the capital of France.",
                        Optional.of(3),
                        Optional.empty(),
                        90));
        assertThat(outcome.usage()).isEqualTo(new Usage(12, 2));
        assertThat(outcome.truncated()).isFalse();
        assertThat(outcome.toolCalls()).isZero();
        ChatRequest sent = model.requests().getFirst();
        assertThat(sent.toolSpecifications()).isEmpty();
        List<ChatMessage> messages = sent.messages();
        assertThat(messages).hasSize(4);
        // The passages come with the question, so the prompt's start stays the same from one question to the next.
        assertThat(((SystemMessage) messages.get(0)).text()).isEqualTo("You are the Driver.");
        assertThat(((UserMessage) messages.get(1)).singleText()).isEqualTo("Hello");
        assertThat(((AiMessage) messages.get(2)).text()).isEqualTo("Hi, how can I help?");
        assertThat(((UserMessage) messages.get(3)).singleText())
                .startsWith("Relevant passages from the knowledge base.")
                .contains("[1] (atlas.pdf, page 3)\nParis is the capital of France.")
                .contains("[2] (atlas.pdf, page 4)\nLyon is on the Rhône.")
                .endsWith("\n\nQuestion: What is the capital of France?");
    }

    @Test
    void whileTheKnowledgeIsSearchedTheModelIsToldThePromptItGetsWhenNothingIsFound() {
        KnowledgeRetriever slowAndEmpty = (agentId, query) -> {
            // Still searching when the turn starts, and until the model has heard what is coming.
            org.awaitility.Awaitility.await().until(() -> !model.readAhead().isEmpty());
            return List.of();
        };
        model.replies("Hello!");
        AgentTurn turn = turn(slowAndEmpty, ToolBox.NONE);
        Memory memory = Memory.of(List.of(ChatTurn.user("Hi"), ChatTurn.assistant("Hello")));

        turn.run(
                TurnRequest.of(DRIVER, "How are you?", memory),
                turn.lookAhead(DRIVER.id(), "How are you?"),
                new Generation(),
                Optional.empty());

        assertThat(model.readAhead()).hasSize(1);
        assertThat(model.readAhead().getFirst().messages())
                .isEqualTo(model.requests().getFirst().messages());
    }

    @Test
    void passagesFoundAfterTheModelWasToldWhatIsComingFollowTheSameStartOfThePrompt() {
        KnowledgeRetriever slowWithPassage = (agentId, query) -> {
            org.awaitility.Awaitility.await().until(() -> !model.readAhead().isEmpty());
            return List.of(new Passage(
                    41, 7, "atlas.pdf", "Paris is the capital of France.", Optional.of(3), Optional.empty(), 0, 0.9));
        };
        model.replies("Paris [1].");
        AgentTurn turn = turn(slowWithPassage, ToolBox.NONE);
        Memory memory = Memory.of(List.of(ChatTurn.user("Hi"), ChatTurn.assistant("Hello")));

        turn.run(
                TurnRequest.of(DRIVER, "Capital of France?", memory),
                turn.lookAhead(DRIVER.id(), "Capital of France?"),
                new Generation(),
                Optional.empty());

        List<ChatMessage> told = model.readAhead().getFirst().messages();
        List<ChatMessage> sent = model.requests().getFirst().messages();
        assertThat(sent).hasSameSizeAs(told);
        assertThat(sent.subList(0, sent.size() - 1)).isEqualTo(told.subList(0, told.size() - 1));
        assertThat(((UserMessage) told.getLast()).singleText()).isEqualTo("Capital of France?");
        assertThat(((UserMessage) sent.getLast()).singleText())
                .contains("[1] (atlas.pdf, page 3)")
                .endsWith("Question: Capital of France?");
    }

    @Test
    void aTurnPreparedAheadTellsTheModelItsPromptBeforeTheSearchAndOnlyOnce() {
        KnowledgeRetriever afterTheModelWasTold = (agentId, query) -> {
            org.awaitility.Awaitility.await().until(() -> !model.readAhead().isEmpty());
            return List.of();
        };
        model.replies("Fine, thanks.");
        AgentTurn turn = turn(afterTheModelWasTold, ToolBox.NONE);
        TurnRequest request = TurnRequest.of(
                DRIVER, "How are you?", Memory.of(List.of(ChatTurn.user("Hi"), ChatTurn.assistant("Hello"))));

        TurnOutcome outcome =
                turn.run(request, turn.lookAhead(request, Optional.of(5L)), new Generation(), Optional.empty());

        assertThat(outcome.text()).isEqualTo("Fine, thanks.");
        assertThat(model.readAhead()).hasSize(1);
        assertThat(model.readAhead().getFirst().messages())
                .isEqualTo(model.requests().getFirst().messages());
    }

    @Test
    void aLookupThatHasEndedBeforeTheTurnTellsTheModelNothingAhead() {
        model.replies("Hello!");
        AgentTurn turn = turn(NO_KNOWLEDGE, ToolBox.NONE);
        KnowledgeLookup lookup = turn.lookAhead(DRIVER.id(), "Hi");
        org.awaitility.Awaitility.await().until(lookup::isDone);

        turn.run(TurnRequest.of(DRIVER, "Hi", Memory.none()), lookup, new Generation(), Optional.empty());

        assertThat(model.readAhead()).isEmpty();
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void knowledgeLookedUpAheadIsFoundOnItsOwnThreadWhileTheCallerWorksAndAFailedLookupFailsTheTurn() throws Exception {
        java.util.concurrent.CountDownLatch callerDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<String> lookupThread = new java.util.concurrent.CompletableFuture<>();
        KnowledgeRetriever knowledge = (agentId, query) -> {
            lookupThread.complete(Thread.currentThread().getName());
            if (query.equals("broken")) {
                throw new IllegalStateException("index unreadable");
            }
            try {
                // Still looking while the caller stores the question.
                assertThat(callerDone.await(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return List.of(new Passage(
                    41, 7, "atlas.pdf", "Paris is the capital of France.", Optional.of(3), Optional.empty(), 0, 0.9));
        };
        AgentTurn turn = turn(knowledge, ToolBox.NONE);
        model.replies("Paris [1].");

        KnowledgeLookup lookup = turn.lookAhead(DRIVER.id(), "capital of France?");
        assertThat(lookupThread.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("the lookup started before the turn, not on the caller's thread")
                .isEqualTo("knowledge-lookup");
        callerDone.countDown();
        TurnOutcome outcome = turn.run(
                TurnRequest.of(DRIVER, "capital of France?", Memory.none()),
                lookup,
                new Generation(),
                Optional.empty());

        assertThat(outcome.citations()).extracting(Citation::passageId).containsExactly(41L);
        assertThat(((UserMessage) model.requests().getFirst().messages().getLast()).singleText())
                .contains("Paris is the capital of France.");

        KnowledgeLookup failed = turn.lookAhead(DRIVER.id(), "broken");
        assertThatThrownBy(() -> turn.run(
                        TurnRequest.of(DRIVER, "broken", Memory.none()), failed, new Generation(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("index unreadable");
        assertThat(model.requests()).as("a failed lookup calls no model").hasSize(1);
    }

    @Test
    void callerInstructionsJoinTheAgentsPromptInOneSystemMessageAndSystemTurnsAreNotRemembered() {
        model.replies("Bonjour");
        Memory memory = Memory.of(List.of(ChatTurn.system("ignored here"), ChatTurn.user("Hi")));

        turn(NO_KNOWLEDGE, ToolBox.NONE)
                .run(
                        TurnRequest.of(DRIVER, "Greet me", memory).withCallerInstructions("Answer in French."),
                        new Generation(),
                        Optional.empty());

        List<ChatMessage> messages = model.requests().getFirst().messages();
        assertThat(messages).hasSize(3);
        assertThat(messages.stream().filter(SystemMessage.class::isInstance)).hasSize(1);
        assertThat(((SystemMessage) messages.getFirst()).text()).isEqualTo("You are the Driver.\n\nAnswer in French.");
        assertThat(((UserMessage) messages.get(1)).singleText()).isEqualTo("Hi");
    }

    @Test
    void aListenerHearsTheReplyNumberedAndWhole() {
        model.replies("one two three");
        List<String> deltas = new ArrayList<>();
        List<Integer> seqs = new ArrayList<>();

        TurnOutcome outcome = turn(NO_KNOWLEDGE, ToolBox.NONE)
                .run(TurnRequest.of(DRIVER, "Count", Memory.none()), new Generation(), Optional.of((seq, delta) -> {
                    seqs.add(seq);
                    deltas.add(delta);
                }));

        assertThat(String.join("", deltas)).isEqualTo(outcome.text()).isEqualTo("one two three");
        assertThat(seqs).containsExactly(0, 1, 2);
    }

    @Test
    void toolRoundsRunUntilTheModelAnswersAndTheirTokensAddUp() {
        model.callsTool("call-1", "add", "{\"a\": 2, \"b\": 3}").replies("2 + 3 = 5", 20, 6);
        List<ToolExecutionRequest> executed = new ArrayList<>();
        ToolBox calculator = new ToolBox() {
            @Override
            public List<ToolSpecification> toolsFor(Agent agent) {
                return List.of(ToolSpecification.builder()
                        .name("add")
                        .description("Adds two whole numbers")
                        .parameters(JsonObjectSchema.builder()
                                .addIntegerProperty("a")
                                .addIntegerProperty("b")
                                .required("a", "b")
                                .build())
                        .build());
            }

            @Override
            public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
                executed.add(call);
                try {
                    JsonNode arguments = new ObjectMapper().readTree(call.arguments());
                    return ToolResult.ok(String.valueOf(
                            arguments.get("a").asInt() + arguments.get("b").asInt()));
                } catch (JsonProcessingException e) {
                    throw EngineException.invalid("The arguments are not JSON: " + e.getOriginalMessage());
                }
            }
        };

        TurnOutcome outcome = turn(NO_KNOWLEDGE, calculator)
                .run(TurnRequest.of(DRIVER, "What is 2 + 3?", Memory.none()), new Generation(), Optional.empty());

        assertThat(outcome.text()).isEqualTo("2 + 3 = 5");
        assertThat(outcome.toolCalls()).isEqualTo(1);
        assertThat(outcome.usage()).isEqualTo(new Usage(27, 9));
        assertThat(executed).extracting(ToolExecutionRequest::name).containsExactly("add");
        List<ChatRequest> requests = model.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.getFirst().toolSpecifications())
                .extracting(ToolSpecification::name)
                .containsExactly("add");
        List<ChatMessage> second = requests.get(1).messages();
        assertThat(second.get(second.size() - 2)).isInstanceOf(AiMessage.class);
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) second.getLast();
        assertThat(result.id()).isEqualTo("call-1");
        assertThat(result.toolName()).isEqualTo("add");
        assertThat(result.text()).isEqualTo("5");
    }

    /** A tool box of one tool that answers with its own name and the call's arguments. */
    private static ToolBox namedTool(String name, List<String> calls) {
        return new ToolBox() {
            @Override
            public List<ToolSpecification> toolsFor(Agent agent) {
                return List.of(ToolSpecification.builder()
                        .name(name)
                        .description("The tool " + name)
                        .build());
            }

            @Override
            public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
                calls.add(name + ":" + call.name());
                return ToolResult.ok(name + " ran");
            }
        };
    }

    @Test
    void aRequestsOwnToolsAreOfferedBesideTheAgentsAndTheirCallsGoToThem() {
        model.callsTool("call-1", "delegate", "{}")
                .callsTool("call-2", "clock", "{}")
                .replies("Done.");
        List<String> calls = new ArrayList<>();
        ToolBox own = namedTool("clock", calls);
        ToolBox extra = namedTool("delegate", calls);

        TurnOutcome outcome = turn(NO_KNOWLEDGE, own)
                .run(
                        TurnRequest.of(DRIVER, "Work", Memory.none()).withExtraTools(extra),
                        new Generation(),
                        Optional.empty());

        assertThat(outcome.text()).isEqualTo("Done.");
        assertThat(model.requests().getFirst().toolSpecifications())
                .extracting(ToolSpecification::name)
                .containsExactly("clock", "delegate");
        assertThat(calls).containsExactly("delegate:delegate", "clock:clock");
    }

    @Test
    void aNameTheRequestsToolsHandleWithoutOfferingItIsTheirsToAnswer() {
        model.callsTool("call-1", "delegate", "{}").replies("Done.");
        List<String> calls = new ArrayList<>();
        ToolBox hidden = new ToolBox() {
            @Override
            public List<ToolSpecification> toolsFor(Agent agent) {
                return List.of();
            }

            @Override
            public boolean handles(Agent agent, String toolName) {
                return toolName.equals("delegate");
            }

            @Override
            public ToolResult execute(ToolCallContext context, ToolExecutionRequest call) {
                calls.add(call.name());
                return ToolResult.error("not at this depth");
            }
        };

        turn(NO_KNOWLEDGE, ToolBox.NONE)
                .run(
                        TurnRequest.of(DRIVER, "Work", Memory.none()).withExtraTools(hidden),
                        new Generation(),
                        Optional.empty());

        assertThat(model.requests().getFirst().toolSpecifications()).isEmpty();
        assertThat(calls).containsExactly("delegate");
        ToolExecutionResultMessage result =
                (ToolExecutionResultMessage) model.requests().get(1).messages().getLast();
        assertThat(result.text()).isEqualTo("Error: not at this depth");
    }

    @Test
    void aCallToAToolThatDoesNotExistIsAnsweredWithAnErrorTheModelCanRead() {
        model.callsTool("call-1", "delete_everything", "{}").replies("I cannot do that.");

        TurnOutcome outcome = turn(NO_KNOWLEDGE, ToolBox.NONE)
                .run(TurnRequest.of(DRIVER, "Clean up", Memory.none()), new Generation(), Optional.empty());

        assertThat(outcome.text()).isEqualTo("I cannot do that.");
        ToolExecutionResultMessage result =
                (ToolExecutionResultMessage) model.requests().get(1).messages().getLast();
        assertThat(result.text()).isEqualTo("Error: There is no tool named \"delete_everything\".");
    }

    @Test
    void aModelThatNeverStopsAskingForToolsIsStoppedWithAClearError() {
        for (int i = 0; i <= AgentTurn.MAX_TOOL_ROUNDS; i++) {
            model.callsTool("call-" + i, "again", "{}");
        }

        assertThatThrownBy(() -> turn(NO_KNOWLEDGE, ToolBox.NONE)
                        .run(TurnRequest.of(DRIVER, "Loop", Memory.none()), new Generation(), Optional.empty()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
                    assertThat(e.getMessage()).contains("after " + AgentTurn.MAX_TOOL_ROUNDS + " rounds");
                });
        assertThat(model.requests()).hasSize(AgentTurn.MAX_TOOL_ROUNDS + 1);
    }

    @Test
    void aTransientModelFailureIsRetriedAndAnotherIsExplained() {
        model.fails(new InternalServerException("upstream 503")).replies("Recovered");
        assertThat(turn(NO_KNOWLEDGE, ToolBox.NONE)
                        .run(TurnRequest.of(DRIVER, "Hi", Memory.none()), new Generation(), Optional.empty())
                        .text())
                .isEqualTo("Recovered");

        model.fails(new IllegalArgumentException("unsupported parameter"));
        assertThatThrownBy(() -> turn(NO_KNOWLEDGE, ToolBox.NONE)
                        .run(TurnRequest.of(DRIVER, "Hi", Memory.none()), new Generation(), Optional.empty()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR));
    }

    @Test
    void aReplyCutOffAtTheTokenLimitIsMarkedTruncated() {
        model.truncates("The answer is");
        assertThat(turn(NO_KNOWLEDGE, ToolBox.NONE)
                        .run(TurnRequest.of(DRIVER, "Long", Memory.none()), new Generation(), Optional.empty())
                        .truncated())
                .isTrue();
    }

    @Test
    void aCancelledGenerationDoesNotCallTheModel() {
        Generation generation = new Generation();
        generation.cancel();
        model.replies("never");

        assertThatThrownBy(() -> turn(NO_KNOWLEDGE, ToolBox.NONE)
                        .run(TurnRequest.of(DRIVER, "Hi", Memory.none()), generation, Optional.empty()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
        assertThat(model.requests()).isEmpty();
    }
}
