package io.agentdeck.engine.chat;

import java.time.Instant;

/** A chat thread with one agent. Each agent has one default thread: the seed's plain history. */
public record Conversation(
        long id, long agentId, String title, boolean isDefault, Instant createdAt, Instant updatedAt) {}
