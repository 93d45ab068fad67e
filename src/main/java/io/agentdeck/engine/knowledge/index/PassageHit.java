package io.agentdeck.engine.knowledge.index;

/** A passage the index found, with its fused score (higher is better; only the order means something). */
public record PassageHit(long passageId, long documentId, double score) {}
