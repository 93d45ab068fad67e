package io.agentdeck.engine.knowledge;

/** A piece of a knowledge document that matched a query, with where it came from. */
public record Passage(String text, String source, double score) {}
