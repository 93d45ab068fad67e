package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.chat.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * One bubble in the chat list. Immutable: a growing draft is replaced by a longer one, which also tells the list to
 * redraw that row. The text is shown as plain text, never as HTML.
 */
public record ChatBubble(Kind kind, String text, boolean streaming) {

    public enum Kind {
        USER,
        AGENT,
        SYSTEM,
        ERROR
    }

    /** A run of plain text or of code from a fenced block ({@code ```}). */
    public record Segment(String text, boolean code) {}

    static ChatBubble of(Message message) {
        Kind kind = switch (message.role()) {
            case USER -> Kind.USER;
            case AGENT -> Kind.AGENT;
            case SYSTEM -> Kind.SYSTEM;
            case ERROR -> Kind.ERROR;
        };
        return new ChatBubble(kind, message.content(), false);
    }

    ChatBubble append(String delta) {
        return new ChatBubble(kind, text + delta, streaming);
    }

    /** Splits the text at fence lines; the fence lines themselves (with any language name) are left out. */
    public List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inCode = false;
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                flush(segments, current, inCode);
                inCode = !inCode;
            } else {
                if (!current.isEmpty()) {
                    current.append('\n');
                }
                current.append(line);
            }
        }
        flush(segments, current, inCode);
        return segments;
    }

    private static void flush(List<Segment> segments, StringBuilder current, boolean code) {
        String content = current.toString();
        if (!content.isBlank()) {
            segments.add(new Segment(code ? content : content.strip(), code));
        }
        current.setLength(0);
    }
}
