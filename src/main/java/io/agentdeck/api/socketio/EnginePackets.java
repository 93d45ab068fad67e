package io.agentdeck.api.socketio;

import java.util.Base64;

/**
 * The engine.io v4 packet shapes the library's parser handles without throwing: a type digit from 0 (open) to 6
 * (noop) followed by any text, or {@code b} and base64. A polling payload joins packets with the record separator.
 */
final class EnginePackets {
    private static final String SEPARATOR = "\u001e";

    private EnginePackets() {}

    static boolean wellFormedPayload(String payload) {
        for (String packet : payload.split(SEPARATOR, -1)) {
            if (!wellFormed(packet)) {
                return false;
            }
        }
        return true;
    }

    static boolean wellFormed(String packet) {
        if (packet.isEmpty()) {
            return false;
        }
        char type = packet.charAt(0);
        if (type == 'b') {
            try {
                Base64.getDecoder().decode(packet.substring(1));
                return true;
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return type >= '0' && type <= '6';
    }
}
