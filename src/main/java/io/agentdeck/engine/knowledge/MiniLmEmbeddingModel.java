package io.agentdeck.engine.knowledge;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The quantized all-MiniLM-L6-v2 model that langchain4j ships, run by an ONNX session of one thread that sleeps when
 * idle. langchain4j's own class opens its session with ONNX's defaults: a thread per core, spinning between
 * operations. A question is embedded while the in-process model reads the prompt on another core (a turn reads ahead,
 * ADR 26), and spinning threads would take that core from it; documents embedded in batches still use every core,
 * one text per thread.
 */
public final class MiniLmEmbeddingModel extends AbstractInProcessEmbeddingModel {
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSIONS = 384;

    private final OnnxBertBiEncoder model;

    public MiniLmEmbeddingModel() {
        super(null);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        // A class literal does not run the class's static initializer, which would load a second session.
        Class<?> shipped = AllMiniLmL6V2QuantizedEmbeddingModel.class;
        try (InputStream weights = shipped.getResourceAsStream(MODEL);
                InputStream tokenizer = shipped.getResourceAsStream(TOKENIZER);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (weights == null || tokenizer == null) {
                throw new IllegalStateException("The embedding model is missing from the application's files");
            }
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtSession session = environment.createSession(weights.readAllBytes(), options);
            this.model = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot open the embedding model", e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return model;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSIONS;
    }
}
