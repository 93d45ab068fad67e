package io.agentdeck.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.Engine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The {@link AppTest} extension itself: what it hands a test, and that it closes the app after the test. */
@AppTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestAppExtensionTest {
    private static int portOfTheFirstTest;

    @FromApp
    private HttpJson filledHttp;

    @FromApp
    private Engine filledEngine;

    @Test
    @Order(1)
    void aTestGetsOneInitializedAppItsModelItsClientAndItsEngine(
            TestApp app, FakeOpenAiServer model, HttpJson http, Engine engine) {
        assertThat(app.model()).isSameAs(model);
        assertThat(app.http()).isSameAs(http);
        assertThat(app.engine()).isSameAs(engine);
        assertThat(filledHttp).as("a @FromApp field").isSameAs(http);
        assertThat(filledEngine).isSameAs(engine);
        assertThat(engine.isInitialized()).isTrue();
        assertThat(http.get("/api/agents").status()).isEqualTo(200);
        portOfTheFirstTest = app.port();
    }

    @Test
    @Order(2)
    void theAppOfTheTestBeforeIsClosedAndThisOneIsNew(TestApp app) {
        assertThat(app.port()).isNotEqualTo(portOfTheFirstTest);
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", portOfTheFirstTest), 1_000);
                    }
                })
                .isInstanceOf(IOException.class);
    }
}
