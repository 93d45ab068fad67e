package io.agentdeck.engine.llm;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GGUF model in memory. llama.cpp's context holds one conversation's state at a time, so generations take turns:
 * a second one waits for the first to end (a cancelled one ends at its next token). Prompts are built with the
 * model's own chat template. A generation may be started ahead, before anyone asks for it ({@link #readAhead}); the
 * generation asked next takes it over when it asks for the very same thing.
 */
public final class LoadedModel implements AutoCloseable {
    /** A generation read ahead that nobody takes over within this is cancelled (its turn failed before the model). */
    static final Duration UNCLAIMED_FOR = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final String id;
    private final LlamaModel model;
    private final int contextSize;

    /** Generations take turns in the order they asked: a fair lock, and its condition's queue. */
    private final ReentrantLock lock = new ReentrantLock(true);

    private final Condition free = lock.newCondition();
    private State state = State.FREE;
    private Speculation speculation;

    /** Who holds the model: nobody, a generation, a generation read ahead that nobody has taken over yet. */
    private enum State {
        FREE,
        GENERATING,
        READ_AHEAD,
        CLOSED
    }

    /** A generation started ahead, with the parameters (as llama.cpp reads them) that a taker must ask for. */
    private record Speculation(String parameters, LlamaIterator pieces) {}

    LoadedModel(String id, LlamaModel model, int contextSize) {
        this.id = id;
        this.model = model;
        this.contextSize = contextSize;
    }

    public String id() {
        return id;
    }

    public int contextSize() {
        return contextSize;
    }

    /** The conversation as the model's chat template writes it, ready for the model to continue. */
    public String prompt(String system, List<Pair<String, String>> turns) {
        return model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
    }

    public int tokenCount(String text) {
        return model.encode(text).length;
    }

    /**
     * Starts generating from {@code parameters} now, before anyone asks, so that the generation asked next with the
     * very same parameters (prompt, length, grammar, sampling) takes it over: llama.cpp reads the prompt and makes
     * the first tokens meanwhile, on its own thread, and they wait for their reader. A generation asked with other
     * parameters cancels it and starts from what the context has read (llama.cpp's prompt cache keeps the common
     * start). Skipped while a generation holds the model; one that nobody takes over is cancelled after {@link
     * #UNCLAIMED_FOR}. Returns at once.
     */
    public void readAhead(InferenceParameters parameters) {
        Speculation started;
        lock.lock();
        try {
            if (state != State.FREE) {
                return;
            }
            String key = parameters.toString();
            started = new Speculation(key, model.generate(parameters).iterator());
            speculation = started;
            state = State.READ_AHEAD;
        } catch (RuntimeException e) {
            LOG.debug("Reading ahead failed; the generation reads the whole prompt itself", e);
            return;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("llama-read-ahead").start(() -> cancelUnclaimed(started));
    }

    private void cancelUnclaimed(Speculation started) {
        try {
            Thread.sleep(UNCLAIMED_FOR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (speculation != started) {
                return; // taken over, or cancelled by another generation
            }
            speculation = null;
            state = State.FREE;
            free.signal();
        } finally {
            lock.unlock();
        }
        started.pieces().cancel();
    }

    /**
     * Generates from {@code parameters}, handing each piece of text to {@code onText} as it comes, until the model
     * stops, the token limit is reached, or {@code cancelled} says so. Returns the number of pieces. Waits while
     * another generation holds the model; takes over a generation read ahead with the same parameters.
     */
    public int generate(InferenceParameters parameters, BooleanSupplier cancelled, Consumer<String> onText) {
        String key = parameters.toString();
        Speculation ahead = hold();
        try {
            LlamaIterator pieces;
            if (ahead != null && ahead.parameters().equals(key)) {
                pieces = ahead.pieces();
            } else {
                if (ahead != null) {
                    ahead.pieces().cancel();
                }
                pieces = model.generate(parameters).iterator();
            }
            int count = 0;
            while (pieces.hasNext()) {
                if (cancelled.getAsBoolean()) {
                    pieces.cancel();
                    break;
                }
                LlamaOutput output = pieces.next();
                if (pieces.hasNext() || !output.text.isEmpty()) {
                    count++; // the last output, when empty, only says that the generation ended
                }
                String text = withoutUndecodableBytes(output.text);
                if (!text.isEmpty()) {
                    onText.accept(text);
                }
            }
            return count;
        } finally {
            letGo();
        }
    }

    /**
     * Takes the model for a generation: at once when it is free or only read ahead (that generation is returned, to
     * be taken over or cancelled), else after the generations that asked before.
     */
    private Speculation hold() {
        lock.lock();
        try {
            while (state == State.GENERATING) {
                try {
                    free.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
                }
            }
            if (state == State.CLOSED) {
                throw new EngineException(
                        ErrorKind.PROVIDER_ERROR,
                        "The local model " + id + " was unloaded while the message waited for it.",
                        "Send the message again: the model in use now answers it.",
                        null);
            }
            Speculation ahead = speculation;
            speculation = null;
            state = State.GENERATING;
            return ahead;
        } finally {
            lock.unlock();
        }
    }

    private void letGo() {
        lock.lock();
        try {
            if (state == State.GENERATING) {
                state = State.FREE;
            }
            free.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * llama.cpp holds back a character until all its bytes are out, but bytes that are not UTF-8 at all (a weak model
     * can sample them; llama.cpp's grammar reads them leniently) reach Java as one replacement character per byte:
     * they are dropped, so nobody reads "����" and a grammar's length bounds hold for the text as decoded.
     */
    static String withoutUndecodableBytes(String text) {
        return text.indexOf('\uFFFD') < 0 ? text : text.replace("\uFFFD", "");
    }

    /** Waits for a generation in progress to end (cancelled ones end at their next token), then frees the model. */
    @Override
    public void close() {
        Speculation ahead;
        lock.lock();
        try {
            while (state == State.GENERATING) {
                free.awaitUninterruptibly();
            }
            ahead = speculation;
            speculation = null;
            state = State.CLOSED;
            free.signalAll();
        } finally {
            lock.unlock();
        }
        if (ahead != null) {
            ahead.pieces().cancel();
        }
        model.close();
    }
}
