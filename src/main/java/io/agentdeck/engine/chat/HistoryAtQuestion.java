package io.agentdeck.engine.chat;

import io.agentdeck.engine.turn.ChatTurn;
import io.agentdeck.engine.turn.Memory;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A thread's history as it stood when a question was asked, read at most once for both the model's head start and
 * the turn. The question holds its thread until it is answered, so no other answer can land in between: the history
 * read before the question was stored is the one the turn would read after. Reading it twice would only take the CPU
 * the model is reading the prompt on.
 */
final class HistoryAtQuestion {
    private final LongFunction<List<ChatTurn>> before;
    private volatile List<ChatTurn> read;

    /** @param before the thread's answered turns before the message with this id */
    HistoryAtQuestion(LongFunction<List<ChatTurn>> before) {
        this.before = before;
    }

    /** The history before the question is stored: everything the thread holds now. */
    Memory beforeStoring() {
        return () -> {
            List<ChatTurn> turns = List.copyOf(before.apply(Long.MAX_VALUE));
            read = turns;
            return turns;
        };
    }

    /** For the turn: what was read before the question was stored, or else the history before the stored question. */
    Memory forTurn(long questionId) {
        return () -> {
            List<ChatTurn> turns = read;
            return turns != null ? turns : before.apply(questionId);
        };
    }
}
