package io.agentdeck.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelFactoryTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anOpenAiCompatibleModelIsBuiltByItsFirstCallAndThenAnswersAsBefore() throws Exception {
        ModelAccess access = new ModelFactory()
                .create(new ModelSettings(
                        ModelSettings.PROVIDER_OPENAI,
                        server.baseUrl(),
                        Optional.of("sk-test"),
                        "fake-model",
                        Duration.ofSeconds(10),
                        0,
                        Duration.ofMillis(10)));

        assertThat(access.status().ready()).isTrue();
        var chat = (OnFirstCallChatModel) access.chat().orElseThrow();
        var streaming = (OnFirstCallStreamingChatModel) access.streaming().orElseThrow();
        assertThat(chat.isBuilt()).isFalse();
        assertThat(streaming.isBuilt()).isFalse();

        server.enqueue(FakeReply.text("Hello from the fake"), FakeReply.text("Streamed hello"));
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("Hi")).build();
        assertThat(chat.chat(request).aiMessage().text()).isEqualTo("Hello from the fake");
        assertThat(chat.isBuilt()).isTrue();
        assertThat(streaming.isBuilt()).isFalse();

        CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                streamed.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                streamed.completeExceptionally(error);
            }
        });
        assertThat(streamed.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Streamed hello");
        assertThat(streaming.isBuilt()).isTrue();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aModelThatCannotBeBuiltIsTheProvidersErrorAndTheNextCallTriesAgain() {
        AtomicInteger builds = new AtomicInteger();
        var chat = new OnFirstCallChatModel(() -> {
            builds.incrementAndGet();
            throw new IllegalStateException("no selector");
        });
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("Hi")).build();

        assertThatThrownBy(() -> chat.chat(request))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR))
                .hasMessage("AgentDeck could not set up the connection to the model provider: no selector");
        assertThatThrownBy(() -> chat.chat(request)).isInstanceOf(EngineException.class);
        assertThat(builds).hasValue(2);
        assertThat(chat.isBuilt()).isFalse();
    }
}
