package io.agentdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import io.agentdeck.engine.model.ModelSettings.LocalOptions;
import io.agentdeck.testing.TinyGguf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * 9. The in-process model (issue 13): a streamed reply of the headless server's Generator running a generated GGUF
 * through llama.cpp, received by a WebSocket client, against the same model, prompt and settings run by the binding
 * alone in this JVM (the floor). Measured through the installed layout when the app image has been built (its
 * runtime, launcher options and AOT cache, as people run it) and through the source checkout's server, each cold and
 * warmed (ADR 34). Decode rate is measured over the same positions of the replies on both sides; time to first token
 * runs from sending the message (AgentDeck) or starting the generation (the floor). No weights
 * can be downloaded here, so the model is random weights in a real llama-architecture file, sized so that a token
 * takes milliseconds as a small real model's does; its replies end where its sampling meets the end token.
 */
final class LocalModelBenchmark {
    private static final long GENERATOR = 3;
    private static final String MODEL_ID = "bench";
    private static final String QUESTION = "Write three sentences about the colours red, green and blue.";
    /** As {@code LocalChatModel.DEFAULT_MAX_TOKENS}: a request without a limit gets at most this. */
    private static final int MAX_TOKENS = 1024;
    /** How long the server is asked questions between the two measured runs (scaled by {@code bench.scale}). */
    private static final int WARM_UP_SECONDS = 20;
    /** Decode speed is compared over these positions of each reply. */
    private static final int DECODE_WINDOW = 64;

    private LocalModelBenchmark() {}

    /**
     * One reply: when it was asked, when each of its tokens arrived, the prompt's length and, through AgentDeck, the
     * time to first token the server measured from its call to the model.
     */
    record Reply(long askedNanos, List<Long> tokenNanos, int promptTokens, double serverTtftMs) {
        double ttftMs() {
            return (tokenNanos.getFirst() - askedNanos) / 1e6;
        }

        int tokens() {
            return tokenNanos.size();
        }
    }

    static void run(Report report, Budget budget, Path work) {
        System.out.println("9. In-process model: AgentDeck against the binding alone");
        int threads = LocalOptions.DEFAULTS.threads();
        int context = LocalOptions.DEFAULT_CONTEXT;
        Path modelFile = work.resolve(MODEL_ID + ".gguf");
        try {
            Files.createDirectories(work);
            // About 27 million parameters in F16 (55 MB): a token takes a few milliseconds on 2 cores.
            TinyGguf.model()
                    .name("Bench")
                    .embedding(512)
                    .heads(8)
                    .kvHeads(8)
                    .feedForward(1536)
                    .layers(8)
                    .contextLength(context)
                    .fileType(TinyGguf.FileType.MOSTLY_F16)
                    .writeTo(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = Map.of("AGENTDECK_MODEL_PROVIDER", "local", "AGENTDECK_MODEL", MODEL_ID);
        Path installed = ServerProcess.INSTALLED_LAUNCHER;
        try (LlamaModel binding = new LlamaModel(new ModelParameters()
                .setModel(modelFile.toString())
                .setCtxSize(context)
                .setThreads(threads)
                .enableJinja()
                .disableLog())) {
            // What people run first: the installed app, with its launcher's JVM options and AOT cache (ADR 28: only
            // the JIT's quick compiler, which compiles a turn's code after fewer questions). The source checkout's
            // run command keeps the JVM's default compilers.
            if (Files.isExecutable(installed)) {
                compare(
                        report,
                        budget,
                        "9. In-process model, installed layout (llama.cpp, " + threads + " threads)",
                        data -> ServerProcess.startInstalled(
                                installed.toAbsolutePath(), data, "http://127.0.0.1:9", environment),
                        dataWithModel(work.resolve("installed"), modelFile),
                        binding,
                        context);
            } else {
                report.note("The in-process model through the installed layout not measured: no app image at "
                        + installed + " (build it with ./mvnw -Ppackage -DskipTests package).");
            }
            compare(
                    report,
                    budget,
                    "9. In-process model, source checkout (llama.cpp, " + threads + " threads)",
                    data -> ServerProcess.start(data, "http://127.0.0.1:9", environment),
                    dataWithModel(work.resolve("checkout"), modelFile),
                    binding,
                    context);
        }
    }

    /** A data folder holding the benchmark's model where the server looks for it. */
    private static Path dataWithModel(Path dataDir, Path modelFile) {
        Path models = dataDir.resolve("models");
        try {
            Files.createDirectories(models);
            Files.createLink(models.resolve(MODEL_ID + ".gguf"), modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dataDir;
    }

    /** The replies of one run of rounds: through AgentDeck, from the binding alone, and whether the prompts matched. */
    private record Rounds(List<Reply> agentDeck, List<Reply> floor, boolean mismatched) {}

    /**
     * One server against the binding alone, twice: the first questions after the server started (its code still
     * interpreted or lightly compiled), then again after a warm-up of questions, as the server benchmarks measure
     * their steady state (ServerBenchmarks). Both are reported under {@code section}.
     */
    private static void compare(
            Report report,
            Budget budget,
            String section,
            java.util.function.Function<Path, ServerProcess> starter,
            Path dataDir,
            LlamaModel binding,
            int context) {
        int count = budget.count(12);
        System.out.println("  " + section);
        try (ServerProcess server = starter.apply(dataDir);
                Rest rest = new Rest(server.baseUrl(), Optional.of(server.token()))) {
            String system = rest.getJson("/api/agents/" + GENERATOR)
                    .path("system_prompt")
                    .asText();
            Rounds cold = rounds(server, rest, binding, system, context, 0, count);
            int warmUp = warmUp(server, rest, budget.seconds(WARM_UP_SECONDS));
            Rounds warm = rounds(server, rest, binding, system, context, count + 1, count);
            report(report, section, "the first " + count + " questions after the start", cold);
            report(report, section, "after " + warmUp + " more questions (steady state)", warm);
        }
    }

    /**
     * {@code count} rounds after one more to warm up. Rounds alternate the two sides, so both see the same machine.
     * Each round asks a question of its own, numbered from {@code first}, so that neither side finds the whole prompt
     * in its prompt cache: both read the system prompt once and then only each new question (a new thread of the
     * same agent).
     */
    private static Rounds rounds(
            ServerProcess server, Rest rest, LlamaModel binding, String system, int context, int first, int count) {
        List<Reply> agentDeck = new ArrayList<>();
        List<Reply> floor = new ArrayList<>();
        boolean mismatched = false;
        for (int round = first - 1; round < first + count; round++) {
            Reply viaAgentDeck = null;
            Reply alone = null;
            int promptTokens = 0;
            // A reply whose first sampled token ends it has no first token (random weights do that now and then, on
            // either side): the round asks both sides again, with a question of its own.
            for (int again = 0; again < 5 && alone == null; again++) {
                String question = question(round, again);
                String prompt = binding.applyTemplate(
                        new InferenceParameters("").setMessages(system, List.of(new Pair<>("user", question))));
                promptTokens = binding.encode(prompt).length;
                int nPredict = Math.min(MAX_TOKENS, context - promptTokens);
                Optional<Reply> reply = viaWebSocket(server, rest, round, question);
                if (reply.isEmpty()) {
                    continue;
                }
                Reply fromBinding = alone(binding, prompt, nPredict, promptTokens);
                if (fromBinding.tokens() > 0) {
                    viaAgentDeck = reply.get();
                    alone = fromBinding;
                }
            }
            if (alone == null) {
                throw new IllegalStateException("Five empty replies in a row");
            }
            if (viaAgentDeck.promptTokens() != promptTokens) {
                mismatched = true;
            }
            if (round >= first) {
                agentDeck.add(viaAgentDeck);
                floor.add(alone);
            }
            System.out.printf(
                    Locale.ROOT,
                    "  round %d: AgentDeck %d tokens, first %.1f ms; alone %d tokens, first %.1f ms%n",
                    round,
                    viaAgentDeck.tokens(),
                    viaAgentDeck.ttftMs(),
                    alone.tokens(),
                    alone.ttftMs());
        }
        return new Rounds(agentDeck, floor, mismatched);
    }

    /**
     * Asks the Generator question after question, each in a new thread, for {@code length}, cancelling each reply at
     * its first token: the server's way from a question to its first token is what the rounds measure, and a whole
     * reply of random weights can run to a thousand tokens. Returns how many questions were asked.
     */
    private static int warmUp(ServerProcess server, Rest rest, java.time.Duration length) {
        long until = System.nanoTime() + length.toNanos();
        int asked = 0;
        HttpClient http = HttpClient.newHttpClient();
        try {
            while (System.nanoTime() < until) {
                warmUpQuestion(server, rest, http, asked++);
            }
        } finally {
            http.close();
        }
        System.out.println("  warmed up with " + asked + " questions");
        return asked;
    }

    private static void warmUpQuestion(ServerProcess server, Rest rest, HttpClient http, int number) {
        long conversation = rest.newConversation(GENERATOR, "Warm-up " + number);
        String requestId = "warm-up-" + number;
        CompletableFuture<Void> firstToken = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (WsConnection socket = WsConnection.open(http, server.baseUrl(), server.token(), frame -> {
                    if (frame.startsWith("{\"event\":\"agent_token\"")) {
                        firstToken.complete(null);
                    } else if (endOf(frame, requestId).isPresent()) {
                        ended.complete(null);
                    }
                })
                .join()) {
            socket.send(
                    Rest.sendMessageFrame(GENERATOR, QUESTION + " Warm-up " + number + ".", conversation, requestId));
            CompletableFuture.anyOf(firstToken, ended).get(1, TimeUnit.MINUTES);
            if (!ended.isDone()) {
                socket.send(Rest.cancelFrame(GENERATOR));
            }
            ended.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("A warm-up question did not end", e);
        }
    }

    private static void report(Report report, String section, String when, Rounds rounds) {
        List<Reply> agentDeck = rounds.agentDeck();
        List<Reply> floor = rounds.floor();
        if (rounds.mismatched()) {
            report.note(section + ", " + when + ": the server's prompt had a different length from the floor's in some"
                    + " round, so the times to first token are not comparable.");
        }
        double rate = rate(agentDeck);
        double floorRate = rate(floor);
        Samples ttft = ttfts(agentDeck);
        Samples floorTtft = ttfts(floor);
        report.row(
                section,
                "decode tokens/s at positions 1–" + DECODE_WINDOW + ", " + when + ": " + agentDeck.size()
                        + " streamed replies (" + tokens(agentDeck) + " tokens), AgentDeck over WebSocket vs the"
                        + " binding alone (" + tokens(floor) + " tokens)",
                String.format(Locale.ROOT, "%.1f vs %.1f (%.1f %%)", rate, floorRate, 100 * rate / floorRate),
                String.format(Locale.ROOT, "%.1f /s", floorRate),
                "≥ 95 %");
        report.row(
                section,
                "time to first token, p50 / p99, " + when + " (AgentDeck: send_message to the first agent_token)",
                Report.msPair(ttft.p50(), ttft.p99()),
                "alone " + Report.msPair(floorTtft.p50(), floorTtft.p99()),
                "");
        report.row(
                section,
                "added time to first token, p50, " + when,
                Report.ms(ttft.p50() - floorTtft.p50()),
                "",
                "≤ 10 ms");
        Samples beforeModel = new Samples();
        agentDeck.stream()
                .filter(reply -> !Double.isNaN(reply.serverTtftMs()))
                .forEach(reply -> beforeModel.add(Math.max(0, (long) ((reply.ttftMs() - reply.serverTtftMs()) * 1e6))));
        if (beforeModel.count() > 0) {
            report.row(
                    section,
                    "of which before the turn calls the model and after its first token, p50, " + when
                            + " (send_message to first agent_token, less the reply's usage.ttft_ms; the model has been"
                            + " reading ahead since the question arrived)",
                    Report.ms(beforeModel.p50()),
                    "",
                    "");
        }
    }

    /**
     * Tokens per second over the gaps between consecutive tokens at the same positions on both sides (the first
     * {@value #DECODE_WINDOW}): a token late in a long reply attends to more context and takes longer, and the two
     * sides' replies end at different lengths.
     */
    private static double rate(List<Reply> replies) {
        long nanos = 0;
        long gaps = 0;
        for (Reply reply : replies) {
            List<Long> times = reply.tokenNanos();
            for (int i = 1; i < Math.min(times.size(), DECODE_WINDOW + 1); i++) {
                nanos += times.get(i) - times.get(i - 1);
                gaps++;
            }
        }
        return gaps / (nanos / 1e9);
    }

    private static long tokens(List<Reply> replies) {
        return replies.stream().mapToLong(Reply::tokens).sum();
    }

    private static Samples ttfts(List<Reply> replies) {
        Samples samples = new Samples();
        replies.forEach(reply -> samples.add(reply.tokenNanos().getFirst() - reply.askedNanos()));
        return samples;
    }

    private static String question(int round, int attempt) {
        return QUESTION + " Number " + (round + 2) + (attempt == 0 ? "" : ", again " + attempt) + ".";
    }

    /**
     * The floor: the prompt as the server's template writes it, generated by the binding with nothing around it and
     * its defaults (the prompt cache on, as in AgentDeck).
     */
    private static Reply alone(LlamaModel binding, String prompt, int nPredict, int promptTokens) {
        InferenceParameters parameters = new InferenceParameters(prompt).setNPredict(nPredict);
        long asked = System.nanoTime();
        List<Long> times = new ArrayList<>();
        for (LlamaOutput output : binding.generate(parameters)) {
            long now = System.nanoTime();
            if (output.text == null) {
                throw new IllegalStateException("The binding gave a token without text");
            }
            // As AgentDeck streams them: a piece that is only bytes no UTF-8 reader can decode (random weights
            // sample many) is no token for the reader, so both sides time the same positions.
            if (!output.text.replace("\uFFFD", "").isEmpty()) {
                times.add(now);
            }
        }
        return new Reply(asked, times, promptTokens, Double.NaN);
    }

    /** The event that ends the request {@code requestId} (its reply or its error), parsed, if {@code frame} is it. */
    private static Optional<JsonNode> endOf(String frame, String requestId) {
        if (!frame.startsWith("{\"event\":\"agent_response\"") && !frame.startsWith("{\"event\":\"error\"")) {
            return Optional.empty();
        }
        JsonNode parsed = Rest.parse(frame);
        return requestId.equals(parsed.path("data").path("request_id").asText())
                ? Optional.of(parsed)
                : Optional.empty();
    }

    /** One message in a new thread (so the prompt is the system prompt and the question), streamed back. */
    private static Optional<Reply> viaWebSocket(ServerProcess server, Rest rest, int round, String question) {
        long conversation = rest.newConversation(GENERATOR, "Local " + round);
        String requestId = "local-" + round + "-" + question.length();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpClient http = HttpClient.newHttpClient();
        try (WsConnection socket = WsConnection.open(http, server.baseUrl(), server.token(), frame -> {
                    long now = System.nanoTime();
                    if (frame.startsWith("{\"event\":\"agent_token\"")) {
                        times.add(now);
                    } else {
                        endOf(frame, requestId).ifPresent(response::complete);
                    }
                })
                .join()) {
            long asked = System.nanoTime();
            socket.send(Rest.sendMessageFrame(GENERATOR, question, conversation, requestId));
            JsonNode done = response.get(10, TimeUnit.MINUTES);
            if (!done.path("event").asText().equals("agent_response")) {
                throw new IllegalStateException("The local model failed: " + done);
            }
            JsonNode usage = done.path("data").path("usage");
            if (times.isEmpty()) {
                return Optional.empty(); // the random weights ended the reply at once
            }
            return Optional.of(new Reply(
                    asked,
                    List.copyOf(times),
                    usage.path("prompt_tokens").asInt(),
                    usage.path("ttft_ms").asDouble(Double.NaN)));
        } catch (Exception e) {
            throw new IllegalStateException("The streamed reply did not arrive", e);
        } finally {
            http.close();
        }
    }
}
