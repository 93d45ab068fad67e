package io.agentdeck.engine.knowledge.index;

/**
 * A passage the index found: its fused score (higher is better; only the order means something) and its cosine
 * similarity with the query's vector, which says whether it is about the question at all ({@link Double#NaN} when the
 * search had no vector). The index holds the vectors, so it can say so before anything is read from the database.
 */
public record PassageHit(long passageId, long documentId, double score, double similarity) {}
