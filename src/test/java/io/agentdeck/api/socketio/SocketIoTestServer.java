package io.agentdeck.api.socketio;

import io.agentdeck.api.ApiConfig;
import io.agentdeck.api.ApiServer;
import io.agentdeck.api.JsonSupport;
import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.security.ApiSecurity;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.api.security.SecurityGate;
import io.agentdeck.testing.TestApp;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * The API with Socket.IO, over a {@link TestApp}'s engine and token. While ApiServer does not list
 * {@link SocketIoModule} yet, this builds ApiServer's own app (security filter included) and adds the module to it;
 * once it does, the TestApp itself is used.
 */
final class SocketIoTestServer implements AutoCloseable {
    private final String baseUrl;
    private final Javalin own;
    private boolean stopped;

    private SocketIoTestServer(String baseUrl, Javalin own) {
        this.baseUrl = baseUrl;
        this.own = own;
    }

    static SocketIoTestServer over(TestApp app, RateLimit rateLimit) {
        if (servesSocketIo(app.baseUrl())) {
            return new SocketIoTestServer(app.baseUrl(), null);
        }
        ApiConfig config = new ApiConfig(
                "test", ApiSecurity.forBind("127.0.0.1", app.context().apiToken(), rateLimit));
        RealtimeHub hub =
                new RealtimeHub(app.engine(), JsonSupport.newMapper(), Clock.systemUTC(), ClientChannel.DEFAULT_OUTBOX);
        Javalin server = ApiServer.create(app.engine(), config, hub);
        new SocketIoModule(hub, new SecurityGate(config.security()), JsonSupport.newMapper())
                .install(server.unsafe.jetty, server.unsafe.events);
        server.start("127.0.0.1", 0);
        return new SocketIoTestServer("http://127.0.0.1:" + server.port(), server);
    }

    String baseUrl() {
        return baseUrl;
    }

    int port() {
        return URI.create(baseUrl).getPort();
    }

    /** Stops the server this made; a TestApp that serves Socket.IO itself stops with the TestApp. */
    @Override
    public void close() {
        if (own != null && !stopped) {
            stopped = true;
            own.stop();
        }
    }

    private static boolean servesSocketIo(String baseUrl) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/socket.io/?EIO=4&transport=polling"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().startsWith("0{");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot probe " + baseUrl, e);
        }
    }
}
