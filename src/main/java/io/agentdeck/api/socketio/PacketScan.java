package io.agentdeck.api.socketio;

/**
 * Reads a socket.io text packet ({@code <type>[/<namespace>,][<id>][<json>]}) the way the library's IOParser does, but
 * without parsing its JSON: enough to measure how deeply the JSON nests before the recursive parser is let near it.
 */
final class PacketScan {
    private PacketScan() {}

    /** Whether the packet's JSON nests no deeper than {@code maxDepth}; strings of either quote style are skipped. */
    static boolean nestingAtMost(String packet, int maxDepth) {
        int depth = 0;
        char quote = 0;
        for (int i = dataOffset(packet); i < packet.length(); i++) {
            char c = packet.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth) {
                    return false;
                }
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return true;
    }

    /** Where the JSON starts: after the type, a namespace up to its comma, and an ack id. */
    static int dataOffset(String packet) {
        int i = 1;
        if (i < packet.length() && packet.charAt(i) == '/') {
            int comma = packet.indexOf(',', i);
            i = comma < 0 ? packet.length() : comma + 1;
        }
        // IOParser reads the id with getNumericValue, which also takes letters; any of them ends up here too.
        while (i < packet.length() && Character.getNumericValue(packet.charAt(i)) > -1) {
            i++;
        }
        return i;
    }
}
