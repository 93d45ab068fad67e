package io.agentdeck.engine.chat;

import java.util.Optional;

/**
 * A source an answer marks as {@code [n]}: the passage of a knowledge document it was given, and where in the
 * document that passage is.
 */
public record Citation(
        int n,
        long documentId,
        String document,
        long passageId,
        String passage,
        Optional<Integer> page,
        Optional<String> heading,
        int start) {}
