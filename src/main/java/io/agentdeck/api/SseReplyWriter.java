package io.agentdeck.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.dto.ErrorDto;
import io.agentdeck.api.dto.ReplyDto;
import io.agentdeck.api.realtime.EventPayloads;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.engine.chat.Reply;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams one reply as server-sent events: {@code token} events (and {@code tool_call} / {@code tool_result} for the
 * tools the agent calls), then one {@code done} (or {@code error}) event.
 * Tokens are queued by the agent's lane and written by the request's own thread, so a slow reader never holds the
 * agent up; a reader that goes away cancels the generation.
 */
final class SseReplyWriter {
    private final Engine engine;
    private final ObjectMapper json;

    SseReplyWriter(Engine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    /** One server-sent event waiting to be written. */
    private record Frame(String event, Object data) {}

    void stream(Context ctx, MessageRequest asked) throws IOException {
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        // Tool calls are told by request: one of our own when the client named none.
        Optional<String> clientRequestId = asked.requestId();
        MessageRequest request =
                asked.withRequestId(Optional.of(clientRequestId.orElseGet(() -> "sse-" + UUID.randomUUID())));
        String routing = request.requestId().orElseThrow();
        EventBus.Subscription toolEvents = engine.events().subscribe(event -> {
            switch (event) {
                case EngineEvent.ToolCallStarted call
                when call.requestId().equals(Optional.of(routing)) ->
                    frames.add(new Frame("tool_call", EventPayloads.toolCall(call, clientRequestId)));
                case EngineEvent.ToolCallFinished result
                when result.requestId().equals(Optional.of(routing)) ->
                    frames.add(new Frame("tool_result", EventPayloads.toolResult(result, clientRequestId)));
                default -> {}
            }
        });
        CompletableFuture<Reply> reply;
        try {
            // Validation, 404 and 503 surface here, before any header is sent, as ordinary JSON errors.
            reply = engine.sendMessageAsync(request, Optional.of((seq, delta) -> {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("agent_id", request.agentId());
                token.put("seq", seq);
                token.put("delta", delta);
                frames.add(new Frame("token", token));
            }));
        } catch (RuntimeException e) {
            toolEvents.close();
            throw e;
        }
        try {
            write(ctx, reply, frames);
        } finally {
            toolEvents.close();
        }
    }

    private void write(Context ctx, CompletableFuture<Reply> reply, BlockingQueue<Frame> frames) throws IOException {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        OutputStream out = ctx.outputStream();
        try {
            while (!reply.isDone() || !frames.isEmpty()) {
                Frame frame = frames.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    write(out, ctx, frame.event(), frame.data());
                }
            }
            writeOutcome(out, ctx, reply);
        } catch (IOException | InterruptedException e) {
            reply.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeOutcome(OutputStream out, Context ctx, CompletableFuture<Reply> reply) throws IOException {
        try {
            write(out, ctx, "done", ReplyDto.of(reply.join()));
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            EngineException failure = e.getCause() instanceof EngineException engineException
                    ? engineException
                    : new EngineException(ErrorKind.CANCELLED, "The message was cancelled.");
            ErrorDto error = ErrorMapper.toDto(failure);
            write(out, ctx, "error", error);
        }
    }

    private void write(OutputStream out, Context ctx, String event, Object data) throws IOException {
        String frame = "event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
        ctx.res().flushBuffer();
    }
}
