package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.turn.Speed;
import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
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
    void aStreamedAnswerShowsHowFastItCameAndNothingElseDoes() {
        Usage fast = new Usage(20, 40, Optional.of(new Speed(420, 37.6)));
        Usage slow = new Usage(20, 40, Optional.of(new Speed(2350, 4.2)));
        assertThat(ChatBubble.of(new Message(1, 1, 2, MessageRole.AGENT, "a", AT, Optional.of(fast), Optional.of(9L)))
                        .speedText())
                .isEqualTo("420 ms to first token · 38 tokens/s");
        assertThat(ChatBubble.of(new Message(2, 1, 2, MessageRole.AGENT, "b", AT, Optional.of(slow), Optional.of(9L)))
                        .speedText())
                .isEqualTo("2.4 s to first token · 4 tokens/s");
        assertThat(ChatBubble.of(new Message(
                                3, 1, 2, MessageRole.AGENT, "c", AT, Optional.of(new Usage(1, 1)), Optional.of(9L)))
                        .speedText())
                .as("not streamed")
                .isEmpty();
        assertThat(ChatBubble.of(new Message(4, 1, 2, MessageRole.USER, "d", AT, Optional.of(fast), Optional.empty()))
                        .speedText())
                .isEmpty();
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

    @Test
    void aStoredAnswerKeepsItsSourcesAndTheirChipsSayWhereThePassageIs() {
        Citation heading = new Citation(
                1, 9, "errors.md", 40, "ERR_4711_QUOTA …", Optional.empty(), Optional.of("Quota errors"), 0);
        Citation page = new Citation(2, 10, "manual.pdf", 41, "…", Optional.of(3), Optional.empty(), 120);
        Citation both = new Citation(3, 10, "manual.pdf", 42, "…", Optional.of(4), Optional.of("Limits"), 900);
        Citation neither = new Citation(4, 11, "notes.txt", 43, "…", Optional.empty(), Optional.of(" "), 0);
        var bubble = ChatBubble.of(new Message(
                7,
                1,
                2,
                MessageRole.AGENT,
                "Full [1], see [2].",
                AT,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(heading, page)));

        assertThat(bubble.citations()).containsExactly(heading, page);
        assertThat(bubble.append(" More").citations()).as("kept while it grows").containsExactly(heading, page);
        assertThat(SourcePreview.chipText(heading)).isEqualTo("[1] errors.md · under 'Quota errors'");
        assertThat(SourcePreview.chipText(page)).isEqualTo("[2] manual.pdf · page 3");
        assertThat(SourcePreview.chipText(both)).isEqualTo("[3] manual.pdf · page 4, under 'Limits'");
        assertThat(SourcePreview.chipText(neither)).isEqualTo("[4] notes.txt");
        assertThat(new ChatBubble(ChatBubble.Kind.AGENT, "no sources", false).citations())
                .isEmpty();
    }
}
