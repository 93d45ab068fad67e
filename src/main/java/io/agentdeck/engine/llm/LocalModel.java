package io.agentdeck.engine.llm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A GGUF model file in the models folder: its id (the file's name without {@code .gguf}), a name to show (the
 * model's own, else the id), the file, its size, and what its header says; a download in progress has its bytes so
 * far and its total when the server said, a failed one its reason.
 */
public record LocalModel(
        String id,
        String name,
        Path file,
        long sizeBytes,
        Optional<String> quantization,
        Optional<Integer> contextLength,
        ModelFileStatus status,
        long bytesDone,
        Optional<Long> bytesTotal,
        Optional<String> error) {

    /** The part done, 0 to 1, while downloading with a known total. */
    public Optional<Double> progress() {
        return bytesTotal.filter(total -> total > 0).map(total -> Math.min(1.0, bytesDone / (double) total));
    }
}
