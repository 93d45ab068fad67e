package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.Optional;

/** The chat models built from settings, or none with the reason in {@link #status()}. */
public record ModelAccess(
        ModelSettings settings, Optional<ChatModel> chat, Optional<StreamingChatModel> streaming, ModelStatus status) {}
