package io.agentdeck.bench;

import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The benchmarks against one forked headless server and the fake model: the floors, added latency, throughput over
 * the three transports, token relay, and the status fan-out.
 */
final class ServerBenchmarks implements AutoCloseable {
    static final long DRIVER = 1;
    static final long CREATOR = 2;
    static final long GENERATOR = 3;
    private static final int CLIENTS = 16;
    private static final int STREAMED_TOKENS = 200;
    private static final int FAN_OUT_CLIENTS = 1_000;
    private static final String TOKENS_PREFIX = "tokens ";

    private final Report report;
    private final Budget budget;
    private final FakeOpenAiServer fake;
    private final ServerProcess server;
    private final Rest rest;
    private final Floors floors;
    /** A chat completion request exactly as the server sends it (full memory window, knowledge), for the floors. */
    private final String typicalModelRequest;

    private Floors.Floor fakeFloor;
    private Floors.Floor javalinFloor;

    ServerBenchmarks(Report report, Budget budget, FakeOpenAiServer fake, Path dataDir) {
        this.report = report;
        this.budget = budget;
        this.fake = fake;
        this.server = ServerProcess.start(dataDir, fake.baseUrl());
        this.rest = new Rest(server.baseUrl(), Optional.of(server.token()));
        this.floors = new Floors(fake, budget);
        this.typicalModelRequest = captureTypicalRequest();
    }

    /** Answers "tokens N" with N streamed words, anything else with the echo. */
    static FakeReply reply(RecordedRequest request) {
        String question = request.lastQuestion();
        if (question.startsWith(TOKENS_PREFIX)) {
            int count =
                    Integer.parseInt(question.substring(TOKENS_PREFIX.length()).strip());
            return FakeReply.text("tok ".repeat(count).strip());
        }
        return FakeReply.text("Echo: " + question);
    }

    void run(Set<String> selected) {
        warmUp();
        if (selected.contains("floors")) {
            floors();
        }
        if (selected.contains("latency")) {
            latency();
        }
        if (selected.contains("throughput")) {
            throughput();
        }
        if (selected.contains("tokens")) {
            tokens();
        }
        if (selected.contains("fanout")) {
            fanOut();
        }
        report.row(
                "Memory",
                "server RSS after these benchmarks (peak RSS)",
                Report.mib(server.rssKib()),
                "",
                "(" + Report.mib(server.peakRssKib()) + " peak)");
    }

    /**
     * Lets the JIT compile the server's message path before anything is measured: a new JVM spends its first tens of
     * seconds compiling (on 2 cores the compiler threads then take most of the CPU), and the figures are meant to be
     * the steady state. Four clients send over REST and WebSocket to all three agents for 30 s (scaled).
     */
    private void warmUp() {
        System.out.println("Warming the server up");
        List<ClosedLoop.Operation> clients = new java.util.ArrayList<>();
        List<ChatClient> opened = new java.util.ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) {
                long agent = c % 3 + 1;
                ChatClient client = c % 2 == 0
                        ? ChatClient.rest(server.baseUrl(), server.token())
                        : ChatClient.webSocket(server.baseUrl(), server.token());
                opened.add(client);
                long thread = rest.newConversation(agent, "Warm-up " + c);
                clients.add(i -> client.exchange(agent, thread, "Warm-up message " + i));
            }
            ClosedLoop.run(clients, budget.seconds(30), budget.count(100), budget.seconds(5));
        } finally {
            opened.forEach(ChatClient::close);
        }
    }

    /**
     * Warms the server up with 60 messages on a thread of its own, recording what reaches the model, and keeps the
     * last request: by then the thread's memory window is full, so it is as large as requests get.
     */
    private String captureTypicalRequest() {
        fake.recordRequests(true);
        long thread = rest.newConversation(DRIVER, "Warm-up");
        for (int i = 0; i < 60; i++) {
            rest.post("/api/agents/" + DRIVER + "/message", Rest.messageBody("Warm-up message " + i, thread));
        }
        String body = fake.lastRequest().rawBody();
        fake.recordRequests(false);
        fake.reset();
        fake.defaultResponder(ServerBenchmarks::reply);
        return body;
    }

    private Floors.Floor fakeFloor() {
        if (fakeFloor == null) {
            fakeFloor = floors.fakeModel(typicalModelRequest);
        }
        return fakeFloor;
    }

    private Floors.Floor javalinFloor() {
        if (javalinFloor == null) {
            javalinFloor = floors.emptyJavalinRoute();
        }
        return javalinFloor;
    }

    void floors() {
        System.out.println("Floors");
        Floors.Floor model = fakeFloor();
        report.row(
                "Floor: fake model alone",
                "round trip, 1 client, p50 / p99 (request of " + typicalModelRequest.length() + " chars)",
                Report.msPair(model.oneClient().p50(), model.oneClient().p99()),
                "",
                "");
        report.row(
                "Floor: fake model alone",
                "requests/s, 16 clients",
                Report.rate(model.sixteenClientsPerSecond()),
                "",
                "");
        Floors.Floor javalin = javalinFloor();
        report.row(
                "Floor: empty Javalin route",
                "GET /ping round trip, 1 client, p50 / p99",
                Report.msPair(javalin.oneClient().p50(), javalin.oneClient().p99()),
                "",
                "");
        report.row(
                "Floor: empty Javalin route",
                "requests/s, 16 clients",
                Report.rate(javalin.sixteenClientsPerSecond()),
                "",
                "");
    }

    void latency() {
        System.out.println("1. Added latency per message, one client (REST)");
        Floors.Floor model = fakeFloor();
        Floors.Floor javalin = javalinFloor();
        long thread = rest.newConversation(DRIVER, "Latency");
        try (ChatClient client = ChatClient.rest(server.baseUrl(), server.token())) {
            ClosedLoop.Result result = ClosedLoop.run(
                    List.of(i -> client.exchange(DRIVER, thread, "Latency message " + i)),
                    budget.seconds(5),
                    budget.count(1_000),
                    budget.seconds(30),
                    server::cpuMs);
            Samples roundTrip = result.latency();
            report.row(
                    "1. Latency, 1 client (REST)",
                    "server round trip, p50 / p99 (" + roundTrip.count() + " messages)",
                    Report.msPair(roundTrip.p50(), roundTrip.p99()),
                    "ping "
                            + Report.msPair(
                                    javalin.oneClient().p50(),
                                    javalin.oneClient().p99()),
                    "");
            report.row(
                    "1. Latency, 1 client (REST)",
                    "added latency (round trip minus the fake's), p50 / p99",
                    Report.msPair(
                            roundTrip.p50() - model.oneClient().p50(),
                            roundTrip.p99() - model.oneClient().p99()),
                    "fake "
                            + Report.msPair(
                                    model.oneClient().p50(), model.oneClient().p99()),
                    "≤ 1 ms / ≤ 5 ms");
            report.row(
                    "1. Latency, 1 client (REST)",
                    "server CPU time per message (all threads)",
                    Report.ms(result.meterPerOperation()),
                    "",
                    "");
        }
    }

    void throughput() {
        System.out.println("2. Throughput, 16 clients");
        Floors.Floor model = fakeFloor();
        Floors.Floor javalin = javalinFloor();
        String floor = "fake " + Report.rate(model.sixteenClientsPerSecond()) + ", ping "
                + Report.rate(javalin.sixteenClientsPerSecond());
        record Transport(String name, ClientFactory factory) {}
        List<Transport> transports = List.of(
                new Transport("REST", ChatClient::rest),
                new Transport("WebSocket", ChatClient::webSocket),
                new Transport("Socket.IO", ChatClient::socketIo));
        for (Transport transport : transports) {
            for (boolean oneAgent : new boolean[] {true, false}) {
                IntFunction<Long> agentOf = oneAgent ? c -> DRIVER : c -> (long) (c % 3) + 1;
                ClosedLoop.Result result = messages(transport.factory(), agentOf, transport.name());
                report.row(
                        "2. Throughput (" + transport.name() + ")",
                        (oneAgent ? "16 clients on 16 threads of one agent" : "16 clients across the three agents")
                                + ": messages/s (p50 / p99 per message; server CPU per message)",
                        Report.rate(result.perSecond()) + " ("
                                + Report.msPair(
                                        result.latency().p50(), result.latency().p99())
                                + "; CPU " + Report.ms(result.meterPerOperation()) + ")",
                        floor,
                        oneAgent && transport.name().equals("REST") ? "≥ 2,000 /s" : "");
                if (result.errors() > 0) {
                    report.note(transport.name() + " throughput: " + result.errors() + " failed messages");
                }
            }
        }
    }

    @FunctionalInterface
    private interface ClientFactory {
        ChatClient connect(String baseUrl, String token) throws Exception;
    }

    private ClosedLoop.Result messages(ClientFactory factory, IntFunction<Long> agentOf, String label) {
        List<ChatClient> clients = new ArrayList<>();
        List<ClosedLoop.Operation> operations = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                ChatClient client = factory.connect(server.baseUrl(), server.token());
                clients.add(client);
                long agent = agentOf.apply(c);
                long thread = rest.newConversation(agent, label + " client " + c);
                int clientNumber = c;
                operations.add(i -> client.exchange(agent, thread, "Message " + i + " from client " + clientNumber));
            }
            return ClosedLoop.run(
                    operations, budget.seconds(5), budget.count(3_000), budget.seconds(20), server::cpuMs);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot connect the " + label + " clients", e);
        } finally {
            clients.forEach(ChatClient::close);
        }
    }

    void tokens() {
        System.out.println("3. Relayed tokens (WebSocket)");
        int warmUp = budget.count(20);
        int measured = budget.count(100);
        Floors.Streamed direct1 = floors.fakeStream(typicalModelRequest, 1, warmUp, measured);
        Floors.Streamed directN = floors.fakeStream(typicalModelRequest, STREAMED_TOKENS, warmUp, measured);
        double floorPerToken = (directN.total().p50() - direct1.total().p50()) / (STREAMED_TOKENS - 1);

        Samples total1 = new Samples();
        Samples totalN = new Samples();
        Samples firstTokenN = new Samples();
        long thread = rest.newConversation(GENERATOR, "Tokens");
        // One message of N tokens and one of a single token in turn, so both see the same memory window.
        try (ChatClient client = ChatClient.webSocket(server.baseUrl(), server.token())) {
            for (int i = 0; i < warmUp + measured; i++) {
                long started = System.nanoTime();
                long first = client.exchange(GENERATOR, thread, TOKENS_PREFIX + STREAMED_TOKENS);
                long ended = System.nanoTime();
                long started1 = System.nanoTime();
                client.exchange(GENERATOR, thread, TOKENS_PREFIX + 1);
                long ended1 = System.nanoTime();
                if (i >= warmUp) {
                    totalN.add(ended - started);
                    firstTokenN.add(first - started);
                    total1.add(ended1 - started1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double single = total1.p50();
        Samples perToken = new Samples();
        for (long nanos : totalN.sorted()) {
            perToken.add(Math.round((nanos - single * 1e6) / (STREAMED_TOKENS - 1)));
        }
        report.row(
                "3. Relayed tokens (WebSocket)",
                "reply of " + STREAMED_TOKENS + " tokens, send to agent_response, p50 / p99 (1 token: "
                        + Report.ms(single) + ")",
                Report.msPair(totalN.p50(), totalN.p99()),
                "fake " + Report.msPair(directN.total().p50(), directN.total().p99()),
                "");
        report.row(
                "3. Relayed tokens (WebSocket)",
                "cost per relayed token, p50 / p99",
                Report.msPair(perToken.p50(), perToken.p99()),
                "fake " + Report.ms(floorPerToken),
                "≤ 0.2 ms");
        report.row(
                "3. Relayed tokens (WebSocket)",
                "time to first token, p50 / p99",
                Report.msPair(firstTokenN.p50(), firstTokenN.p99()),
                "fake "
                        + Report.msPair(
                                directN.firstToken().p50(), directN.firstToken().p99()),
                "");
        report.row(
                "3. Relayed tokens (WebSocket)",
                "added time to first token, p50 / p99",
                Report.msPair(
                        firstTokenN.p50() - directN.firstToken().p50(),
                        firstTokenN.p99() - directN.firstToken().p99()),
                "",
                "");
    }

    void fanOut() {
        System.out.println("4. Status broadcast to " + FAN_OUT_CLIENTS + " WebSocket clients");
        FanOut fanOut = new FanOut(FAN_OUT_CLIENTS);
        long connectStarted = System.nanoTime();
        fanOut.connect(server.baseUrl(), server.token());
        double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
        try {
            long thread = rest.newConversation(CREATOR, "Fan-out");
            int missingDeliveries = 0;
            int warmUp = budget.count(5);
            int measured = budget.count(20);
            for (int i = 0; i < warmUp + measured; i++) {
                if (i == warmUp) {
                    fanOut.forget();
                }
                int expected = fanOut.statusFrames() + 2 * fanOut.open(); // busy, then idle
                rest.post("/api/agents/" + CREATOR + "/message", Rest.messageBody("Fan-out message " + i, thread));
                int missing = fanOut.awaitStatusFrames(expected, Duration.ofSeconds(20));
                if (i >= warmUp) {
                    missingDeliveries += missing;
                }
                ServerProcess.sleep(50);
            }
            FanOut.Deliveries deliveries = fanOut.deliveries();
            report.row(
                    "4. Status fan-out (" + FAN_OUT_CLIENTS + " WebSocket clients)",
                    "broadcast to delivery, all deliveries, p50 / p99 (" + deliveries.broadcasts() + " broadcasts)",
                    Report.msPair(deliveries.all().p50(), deliveries.all().p99()),
                    "",
                    "p99 ≤ 50 ms");
            report.row(
                    "4. Status fan-out (" + FAN_OUT_CLIENTS + " WebSocket clients)",
                    "per broadcast: median of its p99 / median of its last delivery",
                    Report.msPair(
                            deliveries.perBroadcastP99().p50(),
                            deliveries.perBroadcastLast().p50()),
                    "",
                    "");
            if (missingDeliveries > 0 || fanOut.open() < FAN_OUT_CLIENTS) {
                report.note("Fan-out: " + missingDeliveries + " measured status deliveries never arrived (within 20 s)"
                        + " and " + (FAN_OUT_CLIENTS - fanOut.open()) + " clients were disconnected: "
                        + fanOut.endings());
            }
            report.note(String.format(
                    java.util.Locale.ROOT,
                    "Fan-out: connecting %d WebSocket clients took %.1f s; delivery time is the client's receive"
                            + " time minus the broadcast's own `at` (the server's clock, the same wall clock).",
                    FAN_OUT_CLIENTS,
                    connectSeconds));
        } finally {
            fanOut.close();
        }
    }

    @Override
    public void close() {
        rest.close();
        server.close();
    }

    ServerProcess server() {
        return server;
    }

    /** Many WebSocket clients sharing one HTTP client, each recording when each {@code agent_status} arrived. */
    static final class FanOut implements AutoCloseable {
        record Delivery(long receivedMicros, String frame) {}

        record Deliveries(Samples all, Samples perBroadcastP99, Samples perBroadcastLast, int broadcasts) {}

        private final int size;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        private final List<WsConnection> connections = new ArrayList<>();
        private final List<List<Delivery>> received = new ArrayList<>();
        private final AtomicInteger statusFrames = new AtomicInteger();

        FanOut(int size) {
            this.size = size;
        }

        void connect(String baseUrl, String token) {
            for (int batch = 0; batch < size; batch += 100) {
                List<CompletableFuture<WsConnection>> opening = new ArrayList<>();
                for (int c = batch; c < Math.min(size, batch + 100); c++) {
                    List<Delivery> mine = new ArrayList<>();
                    received.add(mine);
                    opening.add(WsConnection.open(http, baseUrl, token, frame -> {
                        long now = micros(Instant.now());
                        if (frame.startsWith("{\"event\":\"agent_status\"")) {
                            synchronized (mine) {
                                mine.add(new Delivery(now, frame));
                            }
                            statusFrames.incrementAndGet();
                        }
                    }));
                }
                opening.forEach(future -> connections.add(future.join()));
            }
            // The client's handshake can complete just before the server registers the connection with its hub;
            // one status request each, answered to the asker, proves every client receives events.
            int before = statusFrames.get();
            String request = "{\"event\":\"agent_status_request\",\"data\":{\"agent_id\":" + CREATOR + "}}";
            connections.forEach(connection -> connection.send(request));
            int missing = awaitStatusFrames(before + size, Duration.ofSeconds(60));
            if (missing > 0) {
                throw new IllegalStateException(missing + " of " + size + " clients got no answer to a status request");
            }
            forget();
        }

        int statusFrames() {
            return statusFrames.get();
        }

        /** Waits until {@code count} status frames arrived in all; returns how many were still missing then. */
        int awaitStatusFrames(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (statusFrames.get() < count && System.nanoTime() < deadline) {
                ServerProcess.sleep(1);
            }
            return Math.max(0, count - statusFrames.get());
        }

        /** Connections still open. */
        int open() {
            return (int) connections.stream()
                    .filter(connection -> connection.ended().isEmpty())
                    .count();
        }

        /** How the connections that ended did so, counted by reason. */
        Map<String, Long> endings() {
            return connections.stream()
                    .flatMap(connection -> connection.ended().stream())
                    .collect(Collectors.groupingBy(reason -> reason, TreeMap::new, Collectors.counting()));
        }

        /** Drops what arrived so far (the warm-up). */
        void forget() {
            for (List<Delivery> mine : received) {
                synchronized (mine) {
                    mine.clear();
                }
            }
        }

        Deliveries deliveries() {
            Samples all = new Samples();
            Map<String, Samples> byBroadcast = new TreeMap<>();
            for (List<Delivery> mine : received) {
                synchronized (mine) {
                    for (Delivery delivery : mine) {
                        String at = Rest.parse(delivery.frame())
                                .path("data")
                                .path("at")
                                .asText();
                        long nanos = (delivery.receivedMicros() - micros(Instant.parse(at))) * 1_000;
                        all.add(nanos);
                        byBroadcast.computeIfAbsent(at, key -> new Samples()).add(nanos);
                    }
                }
            }
            Samples p99s = new Samples();
            Samples lasts = new Samples();
            byBroadcast.values().forEach(samples -> {
                p99s.add(Math.round(samples.p99() * 1e6));
                lasts.add(Math.round(samples.maxMs() * 1e6));
            });
            return new Deliveries(all, p99s, lasts, byBroadcast.size());
        }

        private static long micros(Instant instant) {
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
        }

        @Override
        public void close() {
            connections.forEach(WsConnection::close);
            http.close();
        }
    }

    static List<String> names() {
        return Arrays.asList("floors", "latency", "throughput", "tokens", "fanout");
    }
}
