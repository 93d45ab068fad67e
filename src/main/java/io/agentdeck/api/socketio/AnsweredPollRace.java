package io.agentdeck.api.socketio;

import io.socket.engineio.server.transport.Polling;

/**
 * engine.io-server writes a no-op to a pending poll without holding its lock: when a poll arrives during an upgrade,
 * and when it answers the upgrade probe. If another thread answered that poll in between (a reply streaming to the
 * client, a ping), {@code Polling.send} fails on the poll that is gone with a {@link NullPointerException}. The
 * client already has its packets; the connection is fine.
 */
final class AnsweredPollRace {
    private AnsweredPollRace() {}

    static boolean isThe(Throwable failure) {
        if (!(failure instanceof NullPointerException)) {
            return false;
        }
        StackTraceElement[] frames = failure.getStackTrace();
        return frames.length > 0
                && frames[0].getClassName().equals(Polling.class.getName())
                && frames[0].getMethodName().equals("send");
    }
}
