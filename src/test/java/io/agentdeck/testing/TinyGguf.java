package io.agentdeck.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SequencedSet;

/**
 * Writes a real GGUF (version 3) file of a tiny llama-architecture model with seeded random weights, for tests of the
 * in-process local model: llama.cpp loads it, tokenizes any text with it, applies its chat template and generates
 * (nonsense, but grammar-constrained generation still obeys the grammar).
 *
 * <p>The defaults give 2 blocks, embedding 64, 4 heads (4 kv heads), feed-forward 128 and a 512-token context; with
 * its ~600-token SentencePiece-style vocabulary the file is well under 1 MB in F32. Everything is settable:
 *
 * <pre>{@code
 * Path model = TinyGguf.model().seed(7).layers(2).kvHeads(2).name("tiny").writeTo(dir.resolve("tiny.gguf"));
 * Path broken = TinyGguf.model().corruption(TinyGguf.Corruption.TRUNCATED_TENSOR_DATA).writeTo(file);
 * }</pre>
 *
 * <p>The layout follows llama.cpp's gguf-py writer: header (magic, version, tensor count, key-value count), the
 * key-value pairs, the tensor infos (name, dimensions innermost first, type, offset into the data section), padding to
 * {@code general.alignment}, then each tensor's data, each padded to the alignment. All little-endian.
 *
 * <p>The vocabulary: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>}..{@code <0xFF>}
 * (byte fallback, so any text tokenizes), the ChatML control tokens {@code <|im_start|>} and {@code <|im_end|>}, then
 * printable ASCII pieces: every single character, {@code ▁} (SentencePiece's space), JSON punctuation runs and common
 * words with and without the {@code ▁} prefix. Every prefix of a piece is a piece too, so SentencePiece's pairwise
 * merges can reach each one.
 */
public final class TinyGguf {

    /** GGUF's magic, the bytes "GGUF" read as a little-endian uint32. */
    public static final int MAGIC = 0x46554747;

    public static final int VERSION = 3;

    public static final int ALIGNMENT = 32;

    /** A short ChatML template in Jinja, as models carry in {@code tokenizer.chat_template}. */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;

    /** How to spoil the file, for tests that a broken model is refused. */
    public enum Corruption {
        NONE,
        /** The first four bytes are not "GGUF". */
        BAD_MAGIC,
        /** The file ends halfway through the tensor data, as after an interrupted download. */
        TRUNCATED_TENSOR_DATA
    }

    /** How the weight matrices are stored; norms stay F32, as llama.cpp's converter keeps them. */
    public enum FileType {
        ALL_F32(0, 0),
        MOSTLY_F16(1, 1);

        /** The value of {@code general.file_type} (llama_ftype). */
        final int ftype;
        /** The ggml_type of the matrices. */
        final int ggmlType;

        FileType(int ftype, int ggmlType) {
            this.ftype = ftype;
            this.ggmlType = ggmlType;
        }
    }

    // gguf_type
    private static final int UINT32 = 4;
    private static final int INT32 = 5;
    private static final int FLOAT32 = 6;
    private static final int BOOL = 7;
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    // ggml_type
    private static final int GGML_F32 = 0;

    // llama_token_type
    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_BYTE = 6;

    private static final String SPACE = "\u2581";

    private static final List<String> WORDS = List.of(
            "the",
            "a",
            "an",
            "and",
            "or",
            "not",
            "is",
            "are",
            "was",
            "be",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "with",
            "as",
            "by",
            "it",
            "this",
            "that",
            "you",
            "I",
            "we",
            "they",
            "he",
            "she",
            "hello",
            "hi",
            "yes",
            "no",
            "ok",
            "name",
            "value",
            "type",
            "true",
            "false",
            "null",
            "user",
            "system",
            "assistant",
            "model",
            "agent",
            "tool",
            "file",
            "text",
            "word",
            "answer",
            "question",
            "please",
            "thanks",
            "red",
            "green",
            "blue",
            "cat",
            "dog",
            "one",
            "two",
            "three");

    private static final List<String> SUFFIXES = List.of("ing", "ed", "er", "es", "ly", "s");

    private static final List<String> PUNCTUATION = List.of("{\"", "\":", "\",", "\"}", "\": \"", "\", \"", "}\n");

    private long seed = 42;
    private int layers = 2;
    private int embedding = 64;
    private int heads = 4;
    private int kvHeads = 4;
    private int feedForward = 128;
    private int contextLength = 512;
    private float rmsEpsilon = 1e-5f;
    private float ropeFreqBase = 10000f;
    private String name;
    private FileType fileType = FileType.ALL_F32;
    private String chatTemplate = CHATML_TEMPLATE;
    private Corruption corruption = Corruption.NONE;

    private TinyGguf() {}

    /** A tiny model with the defaults described above. */
    public static TinyGguf model() {
        return new TinyGguf();
    }

    /** The seed of the random weights; the same settings and seed give the same bytes. */
    public TinyGguf seed(long seed) {
        this.seed = seed;
        return this;
    }

    public TinyGguf layers(int layers) {
        this.layers = positive(layers, "layers");
        return this;
    }

    public TinyGguf embedding(int embedding) {
        this.embedding = positive(embedding, "embedding");
        return this;
    }

    /** Attention heads; the embedding must divide by them. */
    public TinyGguf heads(int heads) {
        this.heads = positive(heads, "heads");
        return this;
    }

    /** Key-value heads (grouped-query attention when fewer than the heads, which must divide by them). */
    public TinyGguf kvHeads(int kvHeads) {
        this.kvHeads = positive(kvHeads, "kvHeads");
        return this;
    }

    public TinyGguf feedForward(int feedForward) {
        this.feedForward = positive(feedForward, "feedForward");
        return this;
    }

    /** The context the model was "trained" with ({@code llama.context_length}). */
    public TinyGguf contextLength(int contextLength) {
        this.contextLength = positive(contextLength, "contextLength");
        return this;
    }

    public TinyGguf rmsEpsilon(float rmsEpsilon) {
        this.rmsEpsilon = rmsEpsilon;
        return this;
    }

    public TinyGguf ropeFreqBase(float ropeFreqBase) {
        this.ropeFreqBase = ropeFreqBase;
        return this;
    }

    /** {@code general.name}; without one the key is left out. */
    public TinyGguf name(String name) {
        this.name = name;
        return this;
    }

    public TinyGguf fileType(FileType fileType) {
        this.fileType = Objects.requireNonNull(fileType);
        return this;
    }

    /** {@code tokenizer.chat_template}; {@code null} leaves the key out. */
    public TinyGguf chatTemplate(String chatTemplate) {
        this.chatTemplate = chatTemplate;
        return this;
    }

    public TinyGguf corruption(Corruption corruption) {
        this.corruption = Objects.requireNonNull(corruption);
        return this;
    }

    /** Writes the file (replacing one there) and returns its path. */
    public Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** The tokens of the vocabulary, by id. */
    public static List<String> vocabulary() {
        SequencedSet<String> tokens = new LinkedHashSet<>();
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        for (int b = 0; b < 256; b++) {
            tokens.add(byteToken(b));
        }
        tokens.add("<|im_start|>");
        tokens.add("<|im_end|>");
        tokens.add(SPACE);
        for (char c = 0x21; c < 0x7F; c++) {
            tokens.add(String.valueOf(c));
        }
        List<String> pieces = new ArrayList<>(PUNCTUATION);
        for (String word : WORDS) {
            pieces.add(SPACE + word);
            pieces.add(word);
        }
        for (String suffix : SUFFIXES) {
            pieces.add(suffix);
        }
        pieces.add(SPACE + SPACE);
        for (String piece : pieces) {
            String spm = piece.replace(" ", SPACE);
            for (int end = 2; end <= spm.length(); end++) {
                tokens.add(spm.substring(0, end));
            }
        }
        return List.copyOf(tokens);
    }

    /** The token of byte {@code b} in SentencePiece's byte fallback, with upper-case hex as llama.cpp looks it up. */
    public static String byteToken(int b) {
        return "<0x%02X>".formatted(b);
    }

    /** The whole file. */
    public byte[] bytes() {
        if (embedding % heads != 0) {
            throw new IllegalStateException("embedding " + embedding + " does not divide by heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalStateException("heads " + heads + " do not divide by kvHeads " + kvHeads);
        }
        List<String> vocabulary = vocabulary();
        int vocab = vocabulary.size();
        int headDim = embedding / heads;
        int kvDim = headDim * kvHeads;

        Out out = new Out();
        List<Tensor> tensors = new ArrayList<>();
        Random random = new Random(seed);
        float scale = 1f / (float) Math.sqrt(embedding);
        tensors.add(matrix("token_embd.weight", embedding, vocab, random, 1f, fileType));
        for (int block = 0; block < layers; block++) {
            String p = "blk." + block + ".";
            tensors.add(norm(p + "attn_norm.weight", embedding));
            tensors.add(matrix(p + "attn_q.weight", embedding, embedding, random, scale, fileType));
            tensors.add(matrix(p + "attn_k.weight", embedding, kvDim, random, scale, fileType));
            tensors.add(matrix(p + "attn_v.weight", embedding, kvDim, random, scale, fileType));
            tensors.add(matrix(p + "attn_output.weight", embedding, embedding, random, scale, fileType));
            tensors.add(norm(p + "ffn_norm.weight", embedding));
            tensors.add(matrix(p + "ffn_gate.weight", embedding, feedForward, random, scale, fileType));
            tensors.add(matrix(p + "ffn_down.weight", feedForward, embedding, random, scale, fileType));
            tensors.add(matrix(p + "ffn_up.weight", embedding, feedForward, random, scale, fileType));
        }
        tensors.add(norm("output_norm.weight", embedding));
        tensors.add(matrix("output.weight", embedding, vocab, random, scale * 4, fileType));

        List<Runnable> keys = new ArrayList<>();
        keys.add(() -> out.kvString("general.architecture", "llama"));
        if (name != null) {
            keys.add(() -> out.kvString("general.name", name));
        }
        keys.add(() -> out.kvUint32("general.alignment", ALIGNMENT));
        keys.add(() -> out.kvUint32("general.file_type", fileType.ftype));
        keys.add(() -> out.kvUint32("llama.context_length", contextLength));
        keys.add(() -> out.kvUint32("llama.embedding_length", embedding));
        keys.add(() -> out.kvUint32("llama.block_count", layers));
        keys.add(() -> out.kvUint32("llama.feed_forward_length", feedForward));
        keys.add(() -> out.kvUint32("llama.attention.head_count", heads));
        keys.add(() -> out.kvUint32("llama.attention.head_count_kv", kvHeads));
        keys.add(() -> out.kvUint32("llama.rope.dimension_count", headDim));
        keys.add(() -> out.kvFloat32("llama.rope.freq_base", ropeFreqBase));
        keys.add(() -> out.kvFloat32("llama.attention.layer_norm_rms_epsilon", rmsEpsilon));
        keys.add(() -> out.kvUint32("llama.vocab_size", vocab));
        keys.add(() -> out.kvString("tokenizer.ggml.model", "llama"));
        keys.add(() -> out.kvStringArray("tokenizer.ggml.tokens", vocabulary));
        keys.add(() -> out.kvFloat32Array("tokenizer.ggml.scores", scores(vocabulary)));
        keys.add(() -> out.kvInt32Array("tokenizer.ggml.token_type", tokenTypes(vocabulary)));
        keys.add(() -> out.kvUint32("tokenizer.ggml.unknown_token_id", UNK_ID));
        keys.add(() -> out.kvUint32("tokenizer.ggml.bos_token_id", BOS_ID));
        keys.add(() -> out.kvUint32("tokenizer.ggml.eos_token_id", EOS_ID));
        keys.add(() -> out.kvBool("tokenizer.ggml.add_bos_token", true));
        keys.add(() -> out.kvBool("tokenizer.ggml.add_eos_token", false));
        if (chatTemplate != null) {
            keys.add(() -> out.kvString("tokenizer.chat_template", chatTemplate));
        }

        out.u32(MAGIC);
        out.u32(VERSION);
        out.u64(tensors.size());
        out.u64(keys.size());
        keys.forEach(Runnable::run);

        long offset = 0;
        for (Tensor tensor : tensors) {
            out.string(tensor.name);
            out.u32(tensor.dims.length);
            for (long dim : tensor.dims) {
                out.u64(dim);
            }
            out.u32(tensor.type);
            out.u64(offset);
            offset += padded(tensor.data.length);
        }
        out.pad();
        long dataStart = out.size();
        for (Tensor tensor : tensors) {
            out.raw(tensor.data);
            out.pad();
        }
        byte[] file = out.toByteArray();
        return switch (corruption) {
            case NONE -> file;
            case BAD_MAGIC -> {
                file[0] = 'X';
                yield file;
            }
            case TRUNCATED_TENSOR_DATA ->
                java.util.Arrays.copyOf(file, (int) (dataStart + (file.length - dataStart) / 2));
        };
    }

    private static float[] scores(List<String> vocabulary) {
        float[] scores = new float[vocabulary.size()];
        for (int id = 0; id < scores.length; id++) {
            // SentencePiece merges the highest-scoring pair first; longer pieces win, then earlier ones.
            scores[id] = isSpecialOrByte(vocabulary.get(id), id)
                    ? 0f
                    : -1000f + vocabulary.get(id).length() * 10f - id * 0.001f;
        }
        return scores;
    }

    private static int[] tokenTypes(List<String> vocabulary) {
        int[] types = new int[vocabulary.size()];
        for (int id = 0; id < types.length; id++) {
            String token = vocabulary.get(id);
            types[id] = id == UNK_ID
                    ? TYPE_UNKNOWN
                    : id == BOS_ID || id == EOS_ID || token.startsWith("<|")
                            ? TYPE_CONTROL
                            : token.matches("<0x[0-9A-F]{2}>") ? TYPE_BYTE : TYPE_NORMAL;
        }
        return types;
    }

    private static boolean isSpecialOrByte(String token, int id) {
        return id <= EOS_ID || token.startsWith("<|") || token.matches("<0x[0-9A-F]{2}>");
    }

    private static Tensor norm(String name, int size) {
        float[] ones = new float[size];
        java.util.Arrays.fill(ones, 1f);
        return new Tensor(name, new long[] {size}, GGML_F32, encode(ones, GGML_F32));
    }

    /** A matrix of {@code rows} rows of {@code inner} values; GGUF lists the inner (contiguous) dimension first. */
    private static Tensor matrix(String name, int inner, int rows, Random random, float scale, FileType fileType) {
        float[] values = new float[inner * rows];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return new Tensor(name, new long[] {inner, rows}, fileType.ggmlType, encode(values, fileType.ggmlType));
    }

    private static byte[] encode(float[] values, int ggmlType) {
        boolean f32 = ggmlType == GGML_F32;
        ByteBuffer buffer = ByteBuffer.allocate(values.length * (f32 ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            if (f32) {
                buffer.putFloat(value);
            } else {
                buffer.putShort(Float.floatToFloat16(value));
            }
        }
        return buffer.array();
    }

    private static long padded(long size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static int positive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    private record Tensor(String name, long[] dims, int type, byte[] data) {}

    /** Little-endian GGUF primitives. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u32(int value) {
            scratch.clear();
            bytes.write(scratch.putInt(value).array(), 0, 4);
        }

        void u64(long value) {
            scratch.clear();
            bytes.write(scratch.putLong(value).array(), 0, 8);
        }

        void f32(float value) {
            scratch.clear();
            bytes.write(scratch.putFloat(value).array(), 0, 4);
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes.writeBytes(utf8);
        }

        void raw(byte[] data) {
            bytes.writeBytes(data);
        }

        void pad() {
            while (bytes.size() % ALIGNMENT != 0) {
                bytes.write(0);
            }
        }

        long size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        void kvUint32(String key, int value) {
            string(key);
            u32(UINT32);
            u32(value);
        }

        void kvFloat32(String key, float value) {
            string(key);
            u32(FLOAT32);
            f32(value);
        }

        void kvBool(String key, boolean value) {
            string(key);
            u32(BOOL);
            bytes.write(value ? 1 : 0);
        }

        void kvString(String key, String value) {
            string(key);
            u32(STRING);
            string(value);
        }

        void kvStringArray(String key, List<String> values) {
            string(key);
            u32(ARRAY);
            u32(STRING);
            u64(values.size());
            values.forEach(this::string);
        }

        void kvFloat32Array(String key, float[] values) {
            string(key);
            u32(ARRAY);
            u32(FLOAT32);
            u64(values.length);
            for (float value : values) {
                f32(value);
            }
        }

        void kvInt32Array(String key, int[] values) {
            string(key);
            u32(ARRAY);
            u32(INT32);
            u64(values.length);
            for (int value : values) {
                u32(value);
            }
        }
    }
}
