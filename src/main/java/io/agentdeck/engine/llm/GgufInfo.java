package io.agentdeck.engine.llm;

import io.agentdeck.engine.EngineException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a GGUF model file says about itself, read from its header without loading it: architecture, name,
 * quantization, context length and the sizes that decide how much memory it needs beside its weights. A file that is
 * not GGUF, of a version llama.cpp no longer reads, or cut short is refused with the reason in words.
 */
public record GgufInfo(
        String architecture,
        Optional<String> name,
        Optional<String> quantization,
        Optional<Integer> contextLength,
        int layers,
        int embeddingLength,
        int headCount,
        int headCountKv,
        boolean hasChatTemplate,
        long tensorCount) {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_KEY_BYTES = 64 * 1024;
    private static final long MAX_STRING_BYTES = 16L * 1024 * 1024;

    /** The names llama.cpp gives its {@code general.file_type} values (the common ones). */
    private static final Map<Integer, String> FILE_TYPES = Map.ofEntries(
            Map.entry(0, "F32"),
            Map.entry(1, "F16"),
            Map.entry(2, "Q4_0"),
            Map.entry(3, "Q4_1"),
            Map.entry(7, "Q8_0"),
            Map.entry(8, "Q5_0"),
            Map.entry(9, "Q5_1"),
            Map.entry(10, "Q2_K"),
            Map.entry(11, "Q3_K_S"),
            Map.entry(12, "Q3_K_M"),
            Map.entry(13, "Q3_K_L"),
            Map.entry(14, "Q4_K_S"),
            Map.entry(15, "Q4_K_M"),
            Map.entry(16, "Q5_K_S"),
            Map.entry(17, "Q5_K_M"),
            Map.entry(18, "Q6_K"),
            Map.entry(19, "IQ2_XXS"),
            Map.entry(20, "IQ2_XS"),
            Map.entry(24, "IQ1_S"),
            Map.entry(25, "IQ4_NL"),
            Map.entry(26, "IQ3_S"),
            Map.entry(28, "IQ4_XS"),
            Map.entry(32, "BF16"));

    /**
     * Bytes the key-value cache takes for {@code context} tokens at 16 bits a value (llama.cpp's default): keys and
     * values for every layer, each as wide as the key-value heads.
     */
    public long kvCacheBytes(int context) {
        long headDim = headCount == 0 ? 0 : embeddingLength / headCount;
        long kvWidth = headDim * (headCountKv == 0 ? headCount : headCountKv);
        return 2L * 2L * layers * kvWidth * context;
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws EngineException (invalid) when the file is missing, not a GGUF model, or damaged
     */
    public static GgufInfo read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024))) {
            return new Reader(in).read(file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw EngineException.invalid("There is no file " + file + ".");
        } catch (EOFException e) {
            throw EngineException.invalid(
                    file.getFileName() + " is cut short: its header ends early. Download or copy it again.");
        } catch (IOException e) {
            throw EngineException.invalid("AgentDeck could not read " + file + ": " + e.getMessage());
        }
    }

    /** A little-endian reader of the header's values, keeping the keys a model needs and skipping the others. */
    private static final class Reader {
        private final DataInputStream in;
        private String architecture = "";
        private Optional<String> name = Optional.empty();
        private Optional<Integer> fileType = Optional.empty();
        private final java.util.HashMap<String, Long> numbers = new java.util.HashMap<>();
        private boolean chatTemplate;

        Reader(DataInputStream in) {
            this.in = in;
        }

        GgufInfo read(String fileName) throws IOException {
            if (i32() != MAGIC) {
                throw EngineException.invalid(fileName + " is not a GGUF model file (llama.cpp's format).");
            }
            int version = i32();
            if (version < 2 || version > 3) {
                throw EngineException.invalid(fileName + " is a GGUF file of version " + version
                        + ", which this version of AgentDeck cannot load (it reads versions 2 and 3).");
            }
            long tensors = i64();
            long entries = i64();
            if (tensors < 0 || entries < 0 || entries > 1_000_000) {
                throw EngineException.invalid(fileName + " is damaged: its header counts make no sense.");
            }
            for (long i = 0; i < entries; i++) {
                String key = string(MAX_KEY_BYTES);
                int type = i32();
                entry(key, type);
            }
            if (architecture.isEmpty()) {
                throw EngineException.invalid(fileName + " does not say which model architecture it holds.");
            }
            return new GgufInfo(
                    architecture,
                    name,
                    fileType.map(type -> FILE_TYPES.getOrDefault(type, "type " + type)),
                    Optional.ofNullable(numbers.get(architecture + ".context_length"))
                            .map(Long::intValue),
                    number(architecture + ".block_count"),
                    number(architecture + ".embedding_length"),
                    number(architecture + ".attention.head_count"),
                    number(architecture + ".attention.head_count_kv"),
                    chatTemplate,
                    tensors);
        }

        private int number(String key) {
            return numbers.getOrDefault(key, 0L).intValue();
        }

        private void entry(String key, int type) throws IOException {
            switch (key) {
                case "general.architecture" -> architecture = stringValue(type);
                case "general.name" -> name = Optional.of(stringValue(type));
                case "tokenizer.chat_template" -> {
                    skip(type);
                    chatTemplate = true;
                }
                default -> {
                    if (type <= 7 || type >= 10) { // integers, floats and bools: small, kept
                        Optional<Long> value = scalar(type);
                        if (key.equals("general.file_type")) {
                            fileType = value.map(Long::intValue);
                        }
                        value.ifPresent(v -> numbers.put(key, v));
                    } else {
                        skip(type);
                    }
                }
            }
        }

        private String stringValue(int type) throws IOException {
            if (type != 8) {
                skip(type);
                return "";
            }
            return string(MAX_STRING_BYTES);
        }

        /** An integer value as a long; floats and bools are read and dropped. */
        private Optional<Long> scalar(int type) throws IOException {
            return switch (type) {
                case 0 -> Optional.of((long) in.readUnsignedByte());
                case 1 -> Optional.of((long) in.readByte());
                case 2 -> Optional.of((long) Short.toUnsignedInt(Short.reverseBytes(in.readShort())));
                case 3 -> Optional.of((long) Short.reverseBytes(in.readShort()));
                case 4 -> Optional.of(Integer.toUnsignedLong(i32()));
                case 5 -> Optional.of((long) i32());
                case 6 -> {
                    i32();
                    yield Optional.empty();
                }
                case 7 -> {
                    in.readByte();
                    yield Optional.empty();
                }
                case 10, 11 -> Optional.of(i64());
                case 12 -> {
                    i64();
                    yield Optional.empty();
                }
                default -> throw EngineException.invalid("The model file is damaged: unknown value type " + type + ".");
            };
        }

        private void skip(int type) throws IOException {
            switch (type) {
                case 8 -> skipBytes(length(MAX_STRING_BYTES));
                case 9 -> {
                    int itemType = i32();
                    long count = i64();
                    if (count < 0) {
                        throw EngineException.invalid("The model file is damaged: an array has a negative length.");
                    }
                    int width = width(itemType);
                    if (width > 0) {
                        skipBytes(count * width);
                    } else {
                        for (long i = 0; i < count; i++) {
                            skip(itemType);
                        }
                    }
                }
                default -> scalar(type);
            }
        }

        private static int width(int type) {
            return switch (type) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                default -> 0;
            };
        }

        private String string(long max) throws IOException {
            long length = length(max);
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private long length(long max) throws IOException {
            long length = i64();
            if (length < 0 || length > max) {
                throw EngineException.invalid(
                        "The model file is damaged: a text in its header is " + length + " bytes long.");
            }
            return length;
        }

        private void skipBytes(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException();
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private int i32() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        private long i64() throws IOException {
            return Long.reverseBytes(in.readLong());
        }
    }
}
