package io.agentdeck.engine.model;

/**
 * Prepares a reply that was asked for as JSON (a response format) for parsing. Models that ignore the format often still wrap the
 * JSON in a Markdown code fence, so a fence around the whole reply is taken off first.
 */
public final class StructuredReply {
    private StructuredReply() {}

    /** The reply's text without a code fence around it, ready for a JSON parser. */
    public static String withoutCodeFence(String reply) {
        String trimmed = reply == null ? "" : reply.strip();
        if (trimmed.startsWith("```")) {
            int firstLine = trimmed.indexOf('\n');
            int lastFence = trimmed.lastIndexOf("```");
            if (firstLine > 0 && lastFence > firstLine) {
                return trimmed.substring(firstLine + 1, lastFence);
            }
        }
        return trimmed;
    }
}
