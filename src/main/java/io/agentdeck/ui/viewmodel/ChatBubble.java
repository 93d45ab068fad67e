package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.turn.Speed;
import io.agentdeck.engine.turn.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One bubble in the chat list. Immutable: a growing draft is replaced by a longer one, which also tells the list to
 * redraw that row. {@code at} is when the message was written (empty while a draft streams); an error bubble keeps
 * the text that failed in {@code retryText} so the user can send it again. An answer that used the knowledge base lists
 * the sources its {@code [n]} marks stand for in {@code citations}, and a streamed answer how fast it came in
 * {@code speed}. Text is never rendered as HTML.
 */
public record ChatBubble(
        Kind kind,
        String text,
        boolean streaming,
        Optional<Instant> at,
        Optional<String> retryText,
        Optional<ToolCard> tool,
        List<Citation> citations,
        Optional<Speed> speed) {

    public enum Kind {
        USER,
        AGENT,
        SYSTEM,
        ERROR,
        /** A tool call the agent made: shown as a compact card, its result ({@code text}) folded away. */
        TOOL
    }

    /** What a tool card shows in its header: the tool, its arguments as the model wrote them, how it ended. */
    public record ToolCard(String name, String arguments, String status, long durationMs) {}

    public ChatBubble(Kind kind, String text, boolean streaming, Optional<Instant> at, Optional<String> retryText) {
        this(kind, text, streaming, at, retryText, Optional.empty(), List.of(), Optional.empty());
    }

    public ChatBubble {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(retryText, "retryText");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(speed, "speed");
        citations = List.copyOf(citations);
    }

    public ChatBubble(Kind kind, String text, boolean streaming) {
        this(kind, text, streaming, Optional.empty(), Optional.empty());
    }

    static ChatBubble sent(String text, Instant at) {
        return new ChatBubble(Kind.USER, text, false, Optional.of(at), Optional.empty());
    }

    static ChatBubble failed(String explanation, String failedText, Instant at) {
        return new ChatBubble(Kind.ERROR, explanation, false, Optional.of(at), Optional.of(failedText));
    }

    static ChatBubble of(Message message) {
        Kind kind = switch (message.role()) {
            case USER -> Kind.USER;
            case AGENT -> Kind.AGENT;
            case SYSTEM -> Kind.SYSTEM;
            case ERROR -> Kind.ERROR;
            case TOOL -> Kind.TOOL;
        };
        Optional<ToolCard> card = message.tool()
                .map(call -> new ToolCard(
                        call.name(),
                        call.arguments(),
                        call.status().wireName(),
                        message.durationMs().orElse(0L)));
        return new ChatBubble(
                kind,
                message.content(),
                false,
                Optional.of(message.createdAt()),
                Optional.empty(),
                card,
                message.citations(),
                message.role() == MessageRole.AGENT ? message.usage().flatMap(Usage::speed) : Optional.empty());
    }

    ChatBubble append(String delta) {
        return new ChatBubble(kind, text + delta, streaming, at, retryText, tool, citations, speed);
    }

    /** How fast the answer came, as shown under it: "0.4 s to first token · 42 tokens/s"; empty when not measured. */
    public String speedText() {
        return speed.map(ChatBubble::describe).orElse("");
    }

    static String describe(Speed speed) {
        return firstTokenText(speed.ttftMs()) + " to first token · " + Math.round(speed.tokensPerSecond())
                + " tokens/s";
    }

    static String firstTokenText(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Whether this is an error whose message can be sent again. */
    public boolean canRetry() {
        return retryText.isPresent();
    }
}
