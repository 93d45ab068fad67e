package io.agentdeck.engine.llm;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.Lazy;
import io.agentdeck.engine.Sha256;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models folder: GGUF files a person added from disk or downloaded, listed with what their headers say. A
 * download writes {@code <id>.gguf.part} beside a small note of where it comes from, resumes from the bytes it has
 * (an HTTP range request) when started again — also after a restart — and becomes {@code <id>.gguf} only once its
 * SHA-256 (when given) and its header check out. Each arriving file sends {@link EngineEvent.ModelProgress}.
 */
public final class LocalModels {
    private static final Logger LOG = LoggerFactory.getLogger(LocalModels.class);
    private static final String EXTENSION = ".gguf";
    private static final String PART = ".part";
    private static final String NOTE = ".download";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,150}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int BUFFER = 256 * 1024;
    /** Progress events at most this often per file, so a fast copy does not flood the clients. */
    private static final long PROGRESS_EVERY_NANOS = Duration.ofMillis(200).toNanos();

    private final Path folder;
    private final EventBus events;
    /**
     * Made by the first download, then kept: building a client sets up TLS (about 1,000 classes), which most starts
     * never use.
     */
    private final Supplier<HttpClient> http;

    private final Clock clock;
    private final Map<String, Arrival> arriving = new ConcurrentHashMap<>();

    public LocalModels(Path folder, EventBus events, Supplier<HttpClient> http, Clock clock) {
        this.folder = folder;
        this.events = events;
        this.http = Lazy.of(http);
        this.clock = clock;
    }

    public Path folder() {
        return folder;
    }

    /** Every model file, ready ones first by name, then those arriving or failed. */
    public List<LocalModel> list() {
        // By id: the parts are read before the finished files, so a copy that finishes between the two reads shows
        // twice (the finished file wins) rather than not at all.
        Map<String, LocalModel> byId = new LinkedHashMap<>();
        if (Files.isDirectory(folder)) {
            try {
                try (Stream<Path> parts = Files.list(folder)) {
                    parts.filter(file -> file.getFileName().toString().endsWith(EXTENSION + PART))
                            .sorted()
                            .map(this::partial)
                            .forEach(model -> byId.put(model.id(), model));
                }
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(file -> file.getFileName().toString().endsWith(EXTENSION))
                            .sorted()
                            .map(this::ready)
                            .forEach(model -> byId.put(model.id(), model));
                }
                // A download refused whole (its checksum or header) leaves only its note, with the reason.
                try (Stream<Path> notes = Files.list(folder)) {
                    notes.filter(file -> file.getFileName().toString().endsWith(EXTENSION + NOTE))
                            .map(file -> file.getFileName().toString().replace(EXTENSION + NOTE, ""))
                            .filter(id -> !byId.containsKey(id)
                                    && !Files.exists(part(id))
                                    && !Files.exists(folder.resolve(id + EXTENSION)))
                            .sorted()
                            .forEach(id -> refused(id).ifPresent(model -> byId.put(id, model)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<LocalModel> models = new ArrayList<>(byId.values());
        models.sort(Comparator.comparing((LocalModel model) -> model.status() != ModelFileStatus.READY)
                .thenComparing(model -> model.name().toLowerCase(Locale.ROOT)));
        return models;
    }

    /** @throws EngineException (not found) when there is no such model */
    public LocalModel get(String id) {
        return list().stream()
                .filter(model -> model.id().equals(id))
                .findFirst()
                .orElseThrow(() -> EngineException.notFound("There is no model \"" + id + "\"."));
    }

    /**
     * Copies a GGUF file from this computer into the models folder, in the background; its header is checked first,
     * so a file that is not a model is refused at once.
     */
    public LocalModel addFile(Path source) {
        if (!Files.isRegularFile(source)) {
            throw EngineException.invalid("There is no file " + source + ".");
        }
        GgufInfo.read(source);
        String id = idFor(source.getFileName().toString());
        Path target = folder.resolve(id + EXTENSION);
        if (Files.exists(target) || arriving.containsKey(id)) {
            throw new EngineException(ErrorKind.CONFLICT, "A model named \"" + id + "\" is already there.");
        }
        long size = size(source);
        start(id, size, arrival -> {
            try (InputStream in = Files.newInputStream(source)) {
                copy(in, part(id), false, arrival);
            }
            finish(id, Optional.empty(), arrival);
        });
        return get(id);
    }

    /**
     * Downloads a GGUF file, or resumes its download: the bytes already in its {@code .part} file are kept when the
     * server answers a range request. {@code sha256}, when given, must match the whole file.
     */
    public LocalModel download(URI url, Optional<String> sha256) {
        if (url == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw EngineException.invalid("The model's address must be an http or https URL.");
        }
        sha256.ifPresent(sum -> {
            if (!SHA256.matcher(sum).matches()) {
                throw EngineException.invalid("A SHA-256 is 64 hexadecimal characters.");
            }
        });
        String id = idFor(lastSegment(url));
        if (Files.exists(folder.resolve(id + EXTENSION))) {
            throw new EngineException(ErrorKind.CONFLICT, "A model named \"" + id + "\" is already there.");
        }
        if (arriving.containsKey(id)) {
            return get(id);
        }
        writeNote(id, url, sha256);
        start(id, 0, arrival -> {
            fetch(url, id, arrival);
            finish(id, sha256.map(sum -> sum.toLowerCase(Locale.ROOT)), arrival);
        });
        return get(id);
    }

    /** Deletes a model file, or stops its download and deletes what arrived. */
    public void delete(String id) {
        Arrival arrival = arriving.remove(id);
        if (arrival != null) {
            arrival.thread().interrupt();
        }
        boolean found = arrival != null;
        for (Path file : List.of(folder.resolve(id + EXTENSION), part(id), note(id))) {
            try {
                found |= Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!found) {
            throw EngineException.notFound("There is no model \"" + id + "\".");
        }
    }

    /** Stops downloads and copies; their parts stay for a resume. */
    public void close() {
        arriving.values().forEach(arrival -> arrival.thread().interrupt());
    }

    // Arrivals

    private interface Work {
        void run(Arrival arrival) throws IOException;
    }

    /** A file on its way in: how much of it is there, and the thread bringing it. */
    private static final class Arrival {
        private volatile Thread thread;
        private volatile long bytes;
        private volatile long total;
        private long lastEventNanos;

        Thread thread() {
            return thread;
        }
    }

    private void start(String id, long total, Work work) {
        try {
            Files.createDirectories(folder);
            if (!Files.exists(part(id))) {
                Files.createFile(part(id)); // listed as arriving from the first moment
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Arrival arrival = new Arrival();
        arrival.total = total;
        if (arriving.putIfAbsent(id, arrival) != null) {
            throw new EngineException(ErrorKind.CONFLICT, "The model \"" + id + "\" is already on its way.");
        }
        arrival.thread = Thread.ofVirtual().name("model-" + id).unstarted(() -> {
            try {
                work.run(arrival);
            } catch (IOException | RuntimeException e) {
                if (arriving.get(id) != arrival) {
                    return; // deleted meanwhile
                }
                String reason = e instanceof EngineException engine ? engine.getMessage() : interrupted(arrival, e);
                LOG.info("Model {} did not arrive: {}", id, reason);
                writeFailure(id, reason);
                publish(id, ModelFileStatus.FAILED, arrival);
            } finally {
                arriving.remove(id, arrival);
            }
        });
        publish(id, ModelFileStatus.DOWNLOADING, arrival);
        arrival.thread.start();
    }

    private static String interrupted(Arrival arrival, Exception e) {
        return "The download stopped after " + megabytes(arrival.bytes) + " ("
                + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName())
                + "). Start it again to resume.";
    }

    private void fetch(URI url, String id, Arrival arrival) throws IOException {
        Path part = part(id);
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopped", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 416 && have > 0) {
                return; // the part is whole already
            }
            if (status != 200 && status != 206) {
                throw EngineException.invalid("The server answered " + status + " for " + url + ".");
            }
            boolean resumed = status == 206 && have > 0;
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            arrival.bytes = resumed ? have : 0;
            arrival.total = length < 0 ? 0 : length + arrival.bytes;
            copy(body, part, resumed, arrival);
            if (arrival.total > 0 && arrival.bytes < arrival.total) {
                throw new IOException("the connection closed early");
            }
        }
    }

    private void copy(InputStream in, Path target, boolean append, Arrival arrival) throws IOException {
        try (OutputStream out = Files.newOutputStream(
                target,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("stopped");
                }
                out.write(buffer, 0, read);
                arrival.bytes += read;
                long now = System.nanoTime();
                if (now - arrival.lastEventNanos >= PROGRESS_EVERY_NANOS) {
                    arrival.lastEventNanos = now;
                    events.publish(new EngineEvent.ModelProgress(
                            target.getFileName().toString().replace(EXTENSION + PART, ""),
                            ModelFileStatus.DOWNLOADING,
                            arrival.bytes,
                            arrival.total,
                            clock.instant()));
                }
            }
        }
    }

    /** Checks the whole part (checksum, then header) and gives it its name. */
    private void finish(String id, Optional<String> sha256, Arrival arrival) throws IOException {
        Path part = part(id);
        if (sha256.isPresent()) {
            String actual = Sha256.of(part);
            if (!actual.equals(sha256.get())) {
                Files.deleteIfExists(part);
                throw EngineException.invalid("The downloaded file's SHA-256 is " + actual + ", not " + sha256.get()
                        + " as expected; it was deleted. Check the address and the checksum.");
            }
        }
        try {
            GgufInfo.read(part);
        } catch (EngineException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, folder.resolve(id + EXTENSION), StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(note(id));
        arrival.bytes = size(folder.resolve(id + EXTENSION));
        arrival.total = arrival.bytes;
        publish(id, ModelFileStatus.READY, arrival);
    }

    private void publish(String id, ModelFileStatus status, Arrival arrival) {
        events.publish(new EngineEvent.ModelProgress(id, status, arrival.bytes, arrival.total, clock.instant()));
    }

    // Listing

    private LocalModel ready(Path file) {
        String id = file.getFileName().toString().replace(EXTENSION, "");
        long size = size(file);
        try {
            GgufInfo info = GgufInfo.read(file);
            return new LocalModel(
                    id,
                    info.name().filter(name -> !name.isBlank()).orElse(id),
                    file,
                    size,
                    info.quantization(),
                    info.contextLength(),
                    ModelFileStatus.READY,
                    size,
                    Optional.of(size),
                    Optional.empty());
        } catch (EngineException e) {
            return new LocalModel(
                    id,
                    id,
                    file,
                    size,
                    Optional.empty(),
                    Optional.empty(),
                    ModelFileStatus.FAILED,
                    size,
                    Optional.of(size),
                    Optional.of(e.getMessage()));
        }
    }

    private LocalModel partial(Path part) {
        String id = part.getFileName().toString().replace(EXTENSION + PART, "");
        Arrival arrival = arriving.get(id);
        Properties note = readNote(id);
        long size = size(part);
        if (arrival != null) {
            return new LocalModel(
                    id,
                    id,
                    part,
                    arrival.bytes,
                    Optional.empty(),
                    Optional.empty(),
                    ModelFileStatus.DOWNLOADING,
                    arrival.bytes,
                    arrival.total > 0 ? Optional.of(arrival.total) : Optional.empty(),
                    Optional.empty());
        }
        String reason = Optional.ofNullable(note.getProperty("error"))
                .orElse("The download stopped after " + megabytes(size) + ". Start it again to resume.");
        return new LocalModel(
                id,
                id,
                part,
                size,
                Optional.empty(),
                Optional.empty(),
                ModelFileStatus.FAILED,
                size,
                Optional.empty(),
                Optional.of(reason));
    }

    private Optional<LocalModel> refused(String id) {
        return Optional.ofNullable(readNote(id).getProperty("error"))
                .map(reason -> new LocalModel(
                        id,
                        id,
                        folder.resolve(id + EXTENSION),
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        ModelFileStatus.FAILED,
                        0,
                        Optional.empty(),
                        Optional.of(reason)));
    }

    // Files

    private Path part(String id) {
        return folder.resolve(id + EXTENSION + PART);
    }

    private Path note(String id) {
        return folder.resolve(id + EXTENSION + NOTE);
    }

    private void writeNote(String id, URI url, Optional<String> sha256) {
        Properties note = new Properties();
        note.setProperty("url", url.toString());
        sha256.ifPresent(sum -> note.setProperty("sha256", sum));
        storeNote(id, note);
    }

    private void writeFailure(String id, String reason) {
        Properties note = readNote(id);
        note.setProperty("error", reason);
        storeNote(id, note);
    }

    private void storeNote(String id, Properties note) {
        try {
            Files.createDirectories(folder);
            try (var out = Files.newBufferedWriter(note(id), StandardCharsets.UTF_8)) {
                note.store(out, "AgentDeck model download");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties readNote(String id) {
        Properties note = new Properties();
        if (Files.exists(note(id))) {
            try (var in = Files.newBufferedReader(note(id), StandardCharsets.UTF_8)) {
                note.load(in);
            } catch (IOException e) {
                LOG.info("Could not read the download note of {}: {}", id, e.getMessage());
            }
        }
        return note;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static String idFor(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT).endsWith(EXTENSION)
                ? fileName.substring(0, fileName.length() - EXTENSION.length())
                : fileName;
        if (!SAFE_ID.matcher(base).matches()) {
            throw EngineException.invalid("\"" + fileName + "\" is not a model file name AgentDeck can use: it must"
                    + " end in .gguf and hold only letters, digits, dots, dashes and underscores.");
        }
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(EXTENSION)) {
            throw EngineException.invalid("\"" + fileName + "\" is not a GGUF file (its name must end in .gguf).");
        }
        return base;
    }

    private static String lastSegment(URI url) {
        String path = Optional.ofNullable(url.getPath()).orElse("");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
