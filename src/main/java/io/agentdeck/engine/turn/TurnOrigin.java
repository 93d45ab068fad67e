package io.agentdeck.engine.turn;

/** The stored question a turn answers, so that what the turn asks a person can point back to it. */
public record TurnOrigin(long conversationId, long questionId) {}
