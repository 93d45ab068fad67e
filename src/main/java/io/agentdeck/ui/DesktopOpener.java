package io.agentdeck.ui;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a link or a document with what the desktop uses for it: {@code xdg-open} on Linux, {@code open} on macOS.
 * JavaFX's own {@code HostServices.showDocument} only tries a fixed list of web browsers on Linux, so a cited PDF
 * opened nothing there and the person saw no reason why; here a failure is reported, in words, to {@code onFailure}.
 * The command runs on {@code background}: a desktop's opener may take seconds to hand over.
 */
public final class DesktopOpener {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopOpener.class);
    /**
     * Without a desktop environment {@code xdg-open} runs the viewer itself and exits when the viewer does, with its
     * status; an opener still running after this long has found an application, whatever that application returns.
     */
    private static final long WAIT_SECONDS = 5;

    private final List<String> command;
    private final Executor background;
    private final Consumer<String> onFailure;

    /** Opens with {@code command} followed by the link; the command's exit status tells whether it worked. */
    public DesktopOpener(List<String> command, Executor background, Consumer<String> onFailure) {
        this.command = List.copyOf(command);
        this.background = background;
        this.onFailure = onFailure;
    }

    /** The desktop's own opener for this operating system, if it has one AgentDeck knows. */
    public static Optional<List<String>> systemCommand() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Optional.of(List.of("open"));
        }
        if (os.contains("linux") || os.contains("bsd")) {
            return Optional.of(List.of("xdg-open"));
        }
        return Optional.empty();
    }

    public void open(URI uri) {
        background.execute(() -> run(uri));
    }

    private void run(URI uri) {
        String what = describe(uri);
        if ("file".equals(uri.getScheme()) && !Files.exists(Path.of(uri))) {
            onFailure.accept(what + " is no longer on this computer; it may have been moved or deleted.");
            return;
        }
        List<String> line = new ArrayList<>(command);
        line.add("file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString());
        try {
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            if (process.exitValue() != 0) {
                LOG.info("{} exited with {} for {}", command.getFirst(), process.exitValue(), uri);
                onFailure.accept("No application on this computer opens " + what + ".");
            }
        } catch (IOException e) {
            LOG.info("Could not run {}: {}", command.getFirst(), e.getMessage());
            onFailure.accept("AgentDeck could not open " + what + ": this desktop has no \"" + command.getFirst()
                    + "\" to hand it to.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(URI uri) {
        return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString();
    }
}
