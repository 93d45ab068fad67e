package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.function.Consumer;

/**
 * The port through which an agent turn reaches the configured model. {@link ModelInvoker} implements it with retries
 * and failure translation; every failure arrives as an {@link io.agentdeck.engine.EngineException}.
 */
public interface ModelPort {
    /** One call that returns the whole reply. */
    ChatResponse chat(ChatRequest request, Generation generation);

    /** One call whose reply arrives piece by piece in {@code onToken} before the whole response is returned. */
    ChatResponse stream(ChatRequest request, Generation generation, Consumer<String> onToken);

    /**
     * A hint that a request starting like this one is coming: a model that keeps what it has read (the in-process
     * model) may start reading it now, on a thread of its own. Returns at once; others ignore it.
     */
    default void readAhead(ChatRequest request) {}

    /** Whether {@link #readAhead} does anything with the model configured now (else preparing a request is waste). */
    default boolean readsAhead() {
        return false;
    }
}
