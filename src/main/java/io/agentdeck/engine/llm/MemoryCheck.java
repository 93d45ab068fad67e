package io.agentdeck.engine.llm;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether a model fits before it is loaded: its weights (the file, mapped into memory), the key-value cache for the
 * context, and a margin for llama.cpp's buffers, against the memory this computer has free now — or a limit set in
 * the settings, when lower. Loading a model that does not fit would crash the process or swap the machine to a halt;
 * refusing says what to do instead.
 */
public final class MemoryCheck {
    /** llama.cpp's compute buffers and the tokenizer, beside weights and cache (measured: tens of MB). */
    static final long MARGIN_BYTES = 128L * 1024 * 1024;

    private final LongSupplier availableBytes;
    private final Optional<Long> limitBytes;

    public MemoryCheck(LongSupplier availableBytes, Optional<Long> limitBytes) {
        this.availableBytes = availableBytes;
        this.limitBytes = limitBytes;
    }

    /** This computer's free memory: {@code MemAvailable} on Linux, the JVM's view of free memory elsewhere. */
    public static long systemAvailableBytes() {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemAvailable:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the JVM's figure
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /** Bytes the model needs with {@code context} tokens. */
    public static long neededBytes(long fileBytes, GgufInfo info, int context) {
        return fileBytes + info.kvCacheBytes(context) + MARGIN_BYTES;
    }

    /**
     * @throws EngineException (invalid) naming what is needed and what is free, and what to do about it
     */
    public void require(String modelName, long fileBytes, GgufInfo info, int context) {
        long needed = neededBytes(fileBytes, info, context);
        long free = availableBytes.getAsLong();
        long allowed = limitBytes.map(limit -> Math.min(limit, free)).orElse(free);
        if (needed > allowed) {
            String against = limitBytes.isPresent() && limitBytes.get() < free
                    ? "the memory limit in the settings is " + gigabytes(allowed)
                    : "this computer has " + gigabytes(allowed) + " free";
            throw new EngineException(
                    ErrorKind.INVALID_INPUT,
                    modelName + " needs about " + gigabytes(needed) + " of memory with a "
                            + String.format(Locale.ROOT, "%,d", context) + "-token context, and " + against + ".",
                    "Choose a smaller model (a lower quantization such as Q4_K_M), a shorter context, or close other"
                            + " programs.",
                    null);
        }
    }

    static String gigabytes(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
