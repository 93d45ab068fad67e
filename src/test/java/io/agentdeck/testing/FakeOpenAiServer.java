package io.agentdeck.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake OpenAI-compatible chat server on loopback, standing in for the model provider in tests.
 *
 * <p>Serves {@code GET /v1/models} and {@code POST /v1/chat/completions} (plain and streaming). Each completion request
 * takes the next {@linkplain #enqueue scripted reply}; with none left, the {@linkplain #defaultResponder default
 * responder} answers, which echoes the last user message unless replaced. Every completion request is recorded, unless
 * {@linkplain #recordRequests recording is turned off} (for benchmarks, which send hundreds of thousands).
 */
public final class FakeOpenAiServer implements AutoCloseable {
    public static final String MODEL = "fake-model";

    /** The default responder: {@code "Echo: " + <the last user message's question>}. */
    public static final Function<RecordedRequest, FakeReply> ECHO =
            request -> FakeReply.text("Echo: " + request.lastQuestion());

    private static final String COMPLETIONS_PATH = "/v1/chat/completions";
    private static final String MODELS_PATH = "/v1/models";

    private final HttpServer http;
    private final ExecutorService executor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ReplyWriter writer = new ReplyWriter(closed);
    private final Queue<FakeReply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new ArrayList<>(); // guarded by itself
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private volatile Function<RecordedRequest, FakeReply> defaultResponder = ECHO;
    private volatile String apiKey;
    private volatile boolean recording = true;

    private FakeOpenAiServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Starts a server on an ephemeral loopback port. */
    public static FakeOpenAiServer start() {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            FakeOpenAiServer fake = new FakeOpenAiServer(http, executor);
            http.createContext("/", fake::handle);
            http.setExecutor(executor);
            http.start();
            return fake;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the fake OpenAI server", e);
        }
    }

    /** The base URL clients are configured with, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Queues replies for the next completion requests, one each, first in first out. */
    public FakeOpenAiServer enqueue(FakeReply... replies) {
        script.addAll(Arrays.asList(replies));
        return this;
    }

    /** Scripted replies not yet consumed. */
    public int pendingReplies() {
        return script.size();
    }

    /** Answers completion requests when no scripted reply is queued; null restores {@link #ECHO}. */
    public FakeOpenAiServer defaultResponder(Function<RecordedRequest, FakeReply> responder) {
        this.defaultResponder = responder == null ? ECHO : responder;
        return this;
    }

    /** Requires {@code Authorization: Bearer <apiKey>} on every request (401 otherwise); null lifts the requirement. */
    public FakeOpenAiServer requireApiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /**
     * Whether completion requests are kept for {@link #requests()} and the other accessors (the default). Off, they
     * are still parsed and answered, but nothing is kept, so memory stays flat however many arrive; the accessors then
     * see only what arrived while recording was on.
     */
    public FakeOpenAiServer recordRequests(boolean record) {
        this.recording = record;
        return this;
    }

    /** Every completion request received so far, in order of arrival. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public int requestCount() {
        synchronized (recorded) {
            return recorded.size();
        }
    }

    /** The latest completion request; fails when there is none. */
    public RecordedRequest lastRequest() {
        synchronized (recorded) {
            if (recorded.isEmpty()) {
                throw new AssertionError("The fake OpenAI server has received no chat completion request");
            }
            return recorded.getLast();
        }
    }

    /** Waits until at least {@code count} completion requests have arrived; fails after {@code timeout}. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (recorded) {
            while (recorded.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected %d chat completion requests within %s, got %d"
                            .formatted(count, timeout, recorded.size()));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(recorded, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while waiting for chat completion requests", e);
                }
            }
            return List.copyOf(recorded);
        }
    }

    /** The most completion requests that were in flight at the same time. */
    public int maxConcurrentRequests() {
        return peakInFlight.get();
    }

    public int inFlightRequests() {
        return inFlight.get();
    }

    /** Exceptions thrown while handling requests (each answered with a 500); client disconnects are not failures. */
    public List<Throwable> handlerFailures() {
        return List.copyOf(failures);
    }

    /** Forgets the script, the recordings, the failures and the peak; restores {@link #ECHO} and drops the API key. */
    public void reset() {
        script.clear();
        synchronized (recorded) {
            recorded.clear();
        }
        failures.clear();
        peakInFlight.set(inFlight.get());
        defaultResponder = ECHO;
        apiKey = null;
    }

    /** Stops at once: hanging and delayed replies are released and open connections dropped. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed.countDown();
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
            exchange.close();
        } catch (ReplyWriter.ConnectionAbort abort) {
            throw abort;
        } catch (IOException clientGone) {
            // The client hung up (a timeout or a cancelled stream): nobody is left to answer.
            throw new ReplyWriter.ConnectionAbort();
        } catch (Throwable failure) {
            failures.add(failure);
            answerFailure(exchange, failure);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(COMPLETIONS_PATH) && method.equals("POST")) {
            completion(exchange);
        } else if (path.equals(MODELS_PATH) && method.equals("GET")) {
            models(exchange);
        } else if (path.equals(COMPLETIONS_PATH) || path.equals(MODELS_PATH)) {
            ReplyWriter.sendError(exchange, FakeReply.error(405, "Method " + method + " is not allowed on " + path));
        } else {
            ReplyWriter.sendError(exchange, FakeReply.error(404, "Unknown URL " + path));
        }
    }

    private void models(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            ReplyWriter.sendError(exchange, FakeReply.unauthorized());
            return;
        }
        ReplyWriter.sendJson(exchange, 200, OpenAiPayloads.models());
    }

    private void completion(HttpExchange exchange) throws IOException {
        Runnable leave = enterFlight();
        try {
            RecordedRequest request = record(exchange);
            writer.write(exchange, request, replyTo(request, exchange), leave);
        } finally {
            leave.run();
        }
    }

    private FakeReply replyTo(RecordedRequest request, HttpExchange exchange) {
        if (!authorized(exchange)) {
            return FakeReply.unauthorized();
        }
        if (!request.validJson()) {
            return FakeReply.badRequest("We could not parse the JSON body of your request.");
        }
        FakeReply scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        return Objects.requireNonNull(defaultResponder.apply(request), "The default responder returned null");
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        if (!recording) {
            return parse(exchange, body);
        }
        synchronized (recorded) {
            // Numbered under the lock, so that the sequence is the order of the recording.
            RecordedRequest request = parse(exchange, body);
            recorded.add(request);
            recorded.notifyAll();
            return request;
        }
    }

    private RecordedRequest parse(HttpExchange exchange, String body) {
        return RecordedRequest.parse(
                sequence.incrementAndGet(),
                Instant.now(),
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(),
                body,
                OpenAiPayloads.MAPPER);
    }

    /** Counts a request in flight; the returned action ends that, and may safely run more than once. */
    private Runnable enterFlight() {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
    }

    private boolean authorized(HttpExchange exchange) {
        String required = apiKey;
        return required == null
                || ("Bearer " + required).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void answerFailure(HttpExchange exchange, Throwable failure) {
        if (exchange.getResponseCode() != -1) {
            // Part of the response is already out: dropping the connection is the only honest signal left.
            throw new ReplyWriter.ConnectionAbort();
        }
        try {
            ReplyWriter.sendError(exchange, FakeReply.error(500, "Fake OpenAI server handler failed: " + failure));
            exchange.close();
        } catch (IOException | RuntimeException e) {
            throw new ReplyWriter.ConnectionAbort();
        }
    }
}
