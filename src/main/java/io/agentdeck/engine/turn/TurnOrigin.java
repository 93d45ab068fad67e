package io.agentdeck.engine.turn;

import java.util.Optional;

/**
 * The stored question a turn answers, and the task it runs for if any, so that what the turn asks a person can point
 * back to them.
 */
public record TurnOrigin(long conversationId, long questionId, Optional<Long> taskId) {}
