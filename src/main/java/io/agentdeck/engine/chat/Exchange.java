package io.agentdeck.engine.chat;

/** One question of a thread and the agent's answer to it: a remembered turn. */
public record Exchange(String question, String answer) {}
