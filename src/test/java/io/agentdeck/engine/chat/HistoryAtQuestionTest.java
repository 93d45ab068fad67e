package io.agentdeck.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.turn.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryAtQuestionTest {
    /** A thread's answered turns, and the bounds it was asked for. */
    private final List<Long> askedBefore = new ArrayList<>();

    private final List<ChatTurn> thread = new ArrayList<>(List.of(ChatTurn.user("hello"), ChatTurn.assistant("hi")));

    private List<ChatTurn> before(long id) {
        askedBefore.add(id);
        return List.copyOf(thread);
    }

    @Test
    void theTurnRemembersWhatWasReadBeforeTheQuestionWasStoredWithoutReadingAgain() {
        HistoryAtQuestion history = new HistoryAtQuestion(this::before);

        List<ChatTurn> ahead = history.beforeStoring().recall();
        thread.add(ChatTurn.user("stored meanwhile by nobody who holds the thread"));

        assertThat(history.forTurn(42).recall()).isEqualTo(ahead).hasSize(2);
        assertThat(askedBefore).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void withoutAReadAheadTheTurnReadsTheHistoryBeforeItsStoredQuestion() {
        HistoryAtQuestion history = new HistoryAtQuestion(this::before);

        assertThat(history.forTurn(42).recall()).hasSize(2);
        assertThat(askedBefore).containsExactly(42L);
    }
}
