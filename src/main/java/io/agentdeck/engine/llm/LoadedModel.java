package io.agentdeck.engine.llm;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GGUF model in memory. llama.cpp's context holds one conversation's state at a time, so generations take turns:
 * a second one waits for the first to end (a cancelled one ends at its next token). Prompts are built with the
 * model's own chat template.
 */
public final class LoadedModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final String id;
    private final LlamaModel model;
    private final int contextSize;
    private final Semaphore turn = new Semaphore(1, true);

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
     * Reads {@code prompt} now, on a thread of its own, so that a generation whose prompt starts the same reads only
     * the rest: llama.cpp keeps what its context read (the prompt cache) for the next generation. Skipped while
     * another generation holds the model (reading would evict that conversation for nothing) and for a prompt that
     * does not fit the context; a generation asked meanwhile waits for the reading to end, and continues from it.
     */
    public void readAhead(String prompt) {
        if (!turn.tryAcquire()) {
            return;
        }
        try {
            Thread.ofPlatform().daemon().name("llama-read-ahead").start(() -> {
                try {
                    if (tokenCount(prompt) < contextSize) {
                        // One token is the least llama.cpp generates; it is dropped, and the prompt's reading kept.
                        for (LlamaOutput ignored : model.generate(
                                new InferenceParameters(prompt).setNPredict(1).setCachePrompt(true))) {
                            // nothing to keep
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Reading ahead failed; the generation reads the whole prompt itself", e);
                } finally {
                    turn.release();
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            turn.release();
            throw e;
        }
    }

    /**
     * Generates from {@code parameters}, handing each piece of text to {@code onText} as it comes, until the model
     * stops, the token limit is reached, or {@code cancelled} says so. Returns the number of pieces.
     */
    public int generate(InferenceParameters parameters, BooleanSupplier cancelled, Consumer<String> onText) {
        try {
            turn.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
        }
        try {
            LlamaIterator pieces = model.generate(parameters).iterator();
            int count = 0;
            while (pieces.hasNext()) {
                if (cancelled.getAsBoolean()) {
                    pieces.cancel();
                    break;
                }
                LlamaOutput output = pieces.next();
                count++;
                String text = withoutUndecodableBytes(output.text);
                if (!text.isEmpty()) {
                    onText.accept(text);
                }
            }
            return count;
        } finally {
            turn.release();
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
        turn.acquireUninterruptibly();
        model.close();
    }
}
