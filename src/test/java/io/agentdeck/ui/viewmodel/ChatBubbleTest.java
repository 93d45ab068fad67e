package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatBubbleTest {
    private static final Instant AT = Instant.parse("2026-11-24T09:30:00Z");

    @Test
    void aStoredMessageKeepsItsRoleTextAndTime() {
        var bubble = ChatBubble.of(
                new Message(7, 1, 2, MessageRole.AGENT, "**hi**", AT, Optional.empty(), Optional.empty()));

        assertThat(bubble.kind()).isEqualTo(ChatBubble.Kind.AGENT);
        assertThat(bubble.text()).isEqualTo("**hi**");
        assertThat(bubble.at()).contains(AT);
        assertThat(bubble.canRetry()).isFalse();
    }

    @Test
    void aDraftGrowsWithoutLosingItsKind() {
        var draft = new ChatBubble(ChatBubble.Kind.AGENT, "one", true).append(" two");

        assertThat(draft.text()).isEqualTo("one two");
        assertThat(draft.streaming()).isTrue();
    }

    @Test
    void onlyAFailedSendCanBeRetriedWithItsOriginalText() {
        var failed = ChatBubble.failed("The model provider answered with HTTP 400.", "my question", AT);

        assertThat(failed.kind()).isEqualTo(ChatBubble.Kind.ERROR);
        assertThat(failed.canRetry()).isTrue();
        assertThat(failed.retryText()).contains("my question");
        assertThat(ChatBubble.sent("my question", AT).canRetry()).isFalse();
    }
}
