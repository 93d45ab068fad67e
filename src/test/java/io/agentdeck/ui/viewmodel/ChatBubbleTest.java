package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.ui.viewmodel.ChatBubble.Segment;
import org.junit.jupiter.api.Test;

class ChatBubbleTest {

    @Test
    void fencedCodeBecomesACodeSegmentWithoutTheFences() {
        var bubble = new ChatBubble(
                ChatBubble.Kind.AGENT, "Here it is:\n```python\nprint('hi')\n  x = 1\n```\nDone.", false);

        assertThat(bubble.segments())
                .containsExactly(
                        new Segment("Here it is:", false),
                        new Segment("print('hi')\n  x = 1", true),
                        new Segment("Done.", false));
    }

    @Test
    void anUnclosedFenceWhileStreamingStillShowsTheCode() {
        var bubble = new ChatBubble(ChatBubble.Kind.AGENT, "```\nint x", true);

        assertThat(bubble.segments()).containsExactly(new Segment("int x", true));
    }

    @Test
    void markupIsKeptAsPlainText() {
        var bubble = new ChatBubble(ChatBubble.Kind.USER, "<b>bold</b> & <script>x</script>", false);

        assertThat(bubble.segments()).containsExactly(new Segment("<b>bold</b> & <script>x</script>", false));
    }
}
