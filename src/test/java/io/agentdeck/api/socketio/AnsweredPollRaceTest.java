package io.agentdeck.api.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.engineio.server.transport.Polling;
import org.junit.jupiter.api.Test;

class AnsweredPollRaceTest {
    private static NullPointerException thrownIn(String className, String method) {
        NullPointerException failure = new NullPointerException("mPollRequest is null");
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(className, method, "Source.java", 1),
            new StackTraceElement("io.socket.engineio.server.EngineIoSocket", "onRequest", "EngineIoSocket.java", 2)
        });
        return failure;
    }

    @Test
    void onlyTheNullPollInPollingSendIsTheRace() {
        assertThat(AnsweredPollRace.isThe(thrownIn(Polling.class.getName(), "send")))
                .isTrue();
        assertThat(AnsweredPollRace.isThe(thrownIn(Polling.class.getName(), "onRequest")))
                .isFalse();
        assertThat(AnsweredPollRace.isThe(thrownIn("io.agentdeck.api.realtime.RealtimeHub", "send")))
                .isFalse();
        assertThat(AnsweredPollRace.isThe(new IllegalArgumentException("No packets to send.")))
                .isFalse();
        assertThat(AnsweredPollRace.isThe(new NullPointerException()))
                .as("no stack")
                .isFalse();
    }
}
