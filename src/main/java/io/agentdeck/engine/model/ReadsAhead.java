package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * A chat model that can start reading a prompt before the request is final and keep what it read for the request
 * that follows (the in-process model, through llama.cpp's prompt cache); see {@link ModelPort#readAhead}.
 */
public interface ReadsAhead {
    /** Starts reading the request's prompt on a thread of its own, or does nothing when the model is busy. */
    void readAhead(ChatRequest request);
}
