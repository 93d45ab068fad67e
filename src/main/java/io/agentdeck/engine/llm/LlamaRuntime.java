package io.agentdeck.engine.llm;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.model.ModelSettings.LocalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * llama.cpp in this process: loads one model of the models folder at a time (after checking it fits in memory), and
 * frees it when another is loaded or AgentDeck stops. llama.cpp's own log goes to AgentDeck's log, not the console.
 * A file llama.cpp refuses, or a native library this platform cannot load, is an error in words; nothing falls back
 * to another model.
 */
public final class LlamaRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaRuntime.class);
    private static final Logger NATIVE = LoggerFactory.getLogger("llama.cpp");

    /** The binding unpacks its native library into this folder and deletes files named llama* or jllama* there. */
    private static final String NATIVE_DIR_PROPERTY = "de.kherud.llama.tmpdir";

    private final LocalModels models;
    private final Function<Optional<Long>, MemoryCheck> memory;
    private final Path nativeDir;
    private boolean loggerSet;
    private LoadedModel loaded;
    private LocalOptions loadedWith;

    /**
     * {@code memory} makes the check for a limit from the settings (empty: the free memory alone); {@code nativeDir}
     * is a folder of AgentDeck's own where the binding unpacks llama.cpp.
     */
    public LlamaRuntime(LocalModels models, Function<Optional<Long>, MemoryCheck> memory, Path nativeDir) {
        this.models = models;
        this.memory = memory;
        this.nativeDir = nativeDir;
    }

    /**
     * The model {@code id}, loaded with {@code options}; the one already loaded when it is the same.
     *
     * @throws EngineException when there is no such model, it does not fit, llama.cpp refuses it, or the native
     *     library cannot load here
     */
    public synchronized LoadedModel load(String id, LocalOptions options) {
        if (loaded != null && loaded.id().equals(id) && options.equals(loadedWith)) {
            return loaded;
        }
        LocalModel model = models.get(id);
        if (model.status() != ModelFileStatus.READY) {
            throw EngineException.invalid(
                    "The model " + id + " is not ready: " + model.error().orElse("it is still arriving") + ".");
        }
        GgufInfo info = GgufInfo.read(model.file());
        memory.apply(options.memoryLimitBytes()).require(model.name(), model.sizeBytes(), info, options.contextSize());
        release();
        long started = System.nanoTime();
        try {
            unpackInto(nativeDir);
            LlamaModel llama = new LlamaModel(new ModelParameters()
                    .setModel(model.file().toString())
                    .setCtxSize(options.contextSize())
                    .setThreads(options.threads())
                    // The model's own Jinja chat template; without it llama.cpp falls back to ChatML for templates
                    // it does not recognise, and the model sees turns it was not trained on.
                    .enableJinja()
                    // llama.cpp's common log writes to the console itself; its ggml log reaches routeNativeLog.
                    .disableLog());
            // Loading resets the native logger, so it is routed once a model is in.
            routeNativeLog();
            loaded = new LoadedModel(id, llama, options.contextSize());
            loadedWith = options;
            LOG.info("Loaded local model {} in {} ms", id, (System.nanoTime() - started) / 1_000_000);
            return loaded;
        } catch (RuntimeException e) { // de.kherud.llama.LlamaException, which the binding does not make public
            LOG.info("llama.cpp refused {}: {}", model.file(), e.getMessage());
            throw EngineException.invalid(model.name() + " could not be loaded: llama.cpp refused the file (it may be"
                    + " damaged, or of an architecture this version does not run).");
        } catch (LinkageError e) {
            LOG.warn("The llama.cpp library did not load", e);
            throw new EngineException(
                    ErrorKind.PROVIDER_ERROR,
                    "The llama.cpp library cannot run on this computer (" + System.getProperty("os.name") + ", "
                            + System.getProperty("os.arch") + "): " + e.getMessage(),
                    "Use a model server instead (Settings → Model provider), such as Ollama or LM Studio.",
                    e);
        }
    }

    /**
     * The binding's default is the shared temp folder, where it deletes every file named llama* or jllama*; a folder
     * of AgentDeck's keeps other programs' files safe. A property set by the user (or a test) stays.
     */
    private static void unpackInto(Path folder) {
        if (System.getProperty(NATIVE_DIR_PROPERTY) == null) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + folder, e);
            }
            System.setProperty(NATIVE_DIR_PROPERTY, folder.toString());
        }
    }

    private void routeNativeLog() {
        if (!loggerSet) {
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
                String line = message.strip();
                if (!line.isEmpty()) {
                    switch (level) {
                        case ERROR -> NATIVE.warn(line);
                        case WARN -> NATIVE.info(line);
                        default -> NATIVE.debug(line);
                    }
                }
            });
            loggerSet = true;
        }
    }

    /** Frees the loaded model once its generation in progress, if any, has ended. */
    public synchronized void release() {
        if (loaded != null) {
            loaded.close();
            LOG.info("Released local model {}", loaded.id());
            loaded = null;
            loadedWith = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
