package io.agentdeck.engine.chat;

import java.util.List;

/** A page of history, oldest first; {@code hasMore} says older messages exist before the first one. */
public record MessagePage(List<Message> messages, boolean hasMore) {
    public MessagePage {
        messages = List.copyOf(messages);
    }
}
