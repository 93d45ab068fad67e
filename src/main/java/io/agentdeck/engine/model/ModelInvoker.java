package io.agentdeck.engine.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the configured model with retries and backoff for transient failures (429, 5xx, broken connections) and
 * turns every failure into an {@link EngineException}. A streaming call is retried only until its first token, so a
 * reader never sees a reply start twice.
 */
public final class ModelInvoker implements ModelPort {
    private static final Logger LOG = LoggerFactory.getLogger(ModelInvoker.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final Supplier<ModelAccess> access;

    public ModelInvoker(Supplier<ModelAccess> access) {
        this.access = access;
    }

    public ModelStatus status() {
        return access.get().status();
    }

    /** Fails fast with {@code no_model_configured} so that nothing is queued for a model that does not exist. */
    public void requireReady() {
        ModelAccess current = access.get();
        if (current.chat().isEmpty()) {
            throw new EngineException(
                    ErrorKind.NO_MODEL_CONFIGURED,
                    "No model provider is configured: "
                            + current.status().missing().orElse("no model") + ".",
                    ErrorKind.NO_MODEL_CONFIGURED.defaultHint(),
                    null);
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request, Generation generation) {
        requireReady();
        ModelAccess current = access.get();
        ChatModel model = current.chat().orElseThrow();
        return withRetries(current.settings(), generation, () -> alwaysRetriable -> {
            generation.runningOn(Thread.currentThread());
            try {
                return model.chat(request);
            } finally {
                generation.finished();
            }
        });
    }

    @Override
    public ChatResponse stream(ChatRequest request, Generation generation, Consumer<String> onToken) {
        requireReady();
        ModelAccess current = access.get();
        StreamingChatModel model = current.streaming().orElseThrow();
        AtomicBoolean anyToken = new AtomicBoolean();
        return withRetries(
                current.settings(),
                generation,
                () -> retriable -> streamOnce(
                        model, request, generation, current.settings().timeout(), token -> {
                            anyToken.set(true);
                            retriable.set(false);
                            onToken.accept(token);
                        }));
    }

    @Override
    public void readAhead(ChatRequest request) {
        if (access.get().chat().orElse(null) instanceof ReadsAhead model) {
            model.readAhead(request);
        }
    }

    @Override
    public boolean readsAhead() {
        return access.get().chat().orElse(null) instanceof ReadsAhead;
    }

    private static ChatResponse streamOnce(
            StreamingChatModel model,
            ChatRequest request,
            Generation generation,
            Duration idleTimeout,
            Consumer<String> onToken) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                generation.attach(context.streamingHandle());
                if (done.isDone() || generation.isCancelled()) {
                    return;
                }
                lastActivity.set(System.nanoTime());
                onToken.accept(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return awaitStream(done, generation, lastActivity, idleTimeout);
    }

    /** Waits while tokens keep coming; the timeout is the longest silence allowed, not the whole reply's length. */
    private static ChatResponse awaitStream(
            CompletableFuture<ChatResponse> done, Generation generation, AtomicLong lastActivity, Duration idle) {
        while (true) {
            if (generation.isCancelled()) {
                throw cancelled();
            }
            try {
                return done.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() - lastActivity.get() > idle.toNanos()) {
                    generation.cancel();
                    throw new EngineException(
                            ErrorKind.MODEL_TIMEOUT,
                            "The model provider stopped sending for " + idle.toSeconds() + " s.",
                            ErrorKind.MODEL_TIMEOUT.defaultHint(),
                            e);
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                throw cancelled();
            }
        }
    }

    private interface Attempt {
        ChatResponse run(AtomicBoolean retriable);
    }

    private static ChatResponse withRetries(ModelSettings settings, Generation generation, Supplier<Attempt> attempt) {
        AtomicBoolean retriable = new AtomicBoolean(true);
        for (int tryNumber = 0; ; tryNumber++) {
            if (generation.isCancelled()) {
                throw cancelled();
            }
            try {
                return attempt.get().run(retriable);
            } catch (RuntimeException failure) {
                if (generation.isCancelled()) {
                    throw cancelled();
                }
                if (failure instanceof EngineException engineException) {
                    throw engineException;
                }
                boolean again =
                        retriable.get() && tryNumber < settings.maxRetries() && ModelFailures.isTransient(failure);
                if (!again) {
                    EngineException explained = ModelFailures.explain(failure, settings);
                    LOG.warn("Model call failed: {} ({})", explained.getMessage(), rootMessage(failure, settings));
                    throw explained;
                }
                Duration wait = backoff(settings.initialBackoff(), tryNumber);
                LOG.info(
                        "Model call failed transiently ({}); retry {} in {} ms",
                        rootMessage(failure, settings),
                        tryNumber + 1,
                        wait.toMillis());
                sleep(wait, generation);
            }
        }
    }

    private static Duration backoff(Duration initial, int tryNumber) {
        Duration wait = initial.multipliedBy(1L << Math.min(tryNumber, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static void sleep(Duration wait, Generation generation) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            if (generation.isCancelled()) {
                throw cancelled();
            }
            Thread.currentThread().interrupt();
        }
    }

    private static EngineException cancelled() {
        return new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
    }

    /** Provider error bodies can echo the key back; the log must never hold it. */
    private static String rootMessage(Throwable failure, ModelSettings settings) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        String redacted = settings.apiKey()
                .filter(key -> !key.isBlank())
                .map(key -> text.replace(key, "[redacted]"))
                .orElse(text);
        return redacted.length() > 300 ? redacted.substring(0, 300) + "…" : redacted;
    }
}
