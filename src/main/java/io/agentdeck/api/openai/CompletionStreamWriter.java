package io.agentdeck.api.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.dto.ReplyDto.UsageDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.chat.Completion;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams one completion as OpenAI-format server-sent events: a role chunk, content chunks, a chunk with the finish
 * reason, the usage chunk if asked for, then {@code data: [DONE]}. Tokens are queued by the agent's lane and written
 * by the request's thread, so a slow reader never holds the agent up; a reader that goes away cancels the generation.
 */
final class CompletionStreamWriter {
    private final Engine engine;
    private final ObjectMapper json;

    CompletionStreamWriter(Engine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    void stream(Context ctx, Agent agent, CompletionRequest request, ChatCompletionChunkDto.Stream chunks)
            throws IOException {
        BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
        // Validation and 503s surface here, before any header is sent, as ordinary JSON errors.
        CompletableFuture<Completion> completion = engine.completeStateless(
                agent.id(), request.messages(), Optional.of((seq, delta) -> tokens.add(delta)));
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        OutputStream out = ctx.outputStream();
        try {
            write(out, ctx, chunks.role());
            while (!completion.isDone() || !tokens.isEmpty()) {
                String delta = tokens.poll(50, TimeUnit.MILLISECONDS);
                if (delta != null && !delta.isEmpty()) {
                    write(out, ctx, chunks.content(delta));
                }
            }
            writeOutcome(out, ctx, completion, request, chunks);
        } catch (IOException | InterruptedException e) {
            completion.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeOutcome(
            OutputStream out,
            Context ctx,
            CompletableFuture<Completion> future,
            CompletionRequest request,
            ChatCompletionChunkDto.Stream chunks)
            throws IOException {
        Completion completion;
        try {
            completion = future.join();
        } catch (CompletionException | CancellationException e) {
            EngineException failure = e.getCause() instanceof EngineException engineException
                    ? engineException
                    : new EngineException(ErrorKind.CANCELLED, "The completion was cancelled.");
            // The status line is long gone: like OpenAI, say it in an event and end the stream without [DONE].
            write(out, ctx, OpenAiErrorDto.of(failure));
            return;
        }
        write(out, ctx, chunks.finish(ChatCompletionDto.finishReason(completion)));
        if (request.includeUsage()) {
            write(out, ctx, chunks.usage(UsageDto.of(completion.usage())));
        }
        writeData(out, ctx, "[DONE]");
    }

    private void write(OutputStream out, Context ctx, Object data) throws IOException {
        writeData(out, ctx, json.writeValueAsString(data));
    }

    private static void writeData(OutputStream out, Context ctx, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        ctx.res().flushBuffer();
    }
}
