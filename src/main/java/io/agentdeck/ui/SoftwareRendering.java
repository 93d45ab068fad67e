package io.agentdeck.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Remembers that JavaFX found no usable GPU on this machine's display, so that the next starts draw in software at
 * once. Without a GPU JavaFX supports (a virtual machine, a remote desktop, Xvfb), it first loads the system's OpenGL,
 * which there is Mesa's software renderer with LLVM, finds it wanting and falls back to its own software pipeline:
 * measured under Xvfb, about 65 ms of the window's start and about 50 MiB of memory that stays mapped for nothing.
 *
 * <p>The memory holds for {@value #RETRY_DAYS} days and for the display it was made on (a start over {@code ssh -X}
 * or VNC says nothing about the local screen); then JavaFX tries the GPU again, so a driver installed since is found.
 * Only JavaFX's own choice is remembered: where {@code prism.order} was set by someone else (the tests, a person's
 * {@code JAVA_TOOL_OPTIONS}), nothing is read or written. JavaFX does not say which pipeline it chose; a window without
 * 3D support is taken as drawn in software, which is also what JavaFX's OpenGL pipeline reports on a GPU too old for
 * it (without multisampling or textures of any size), where software drawing is the better choice anyway.
 */
public final class SoftwareRendering {
    /** JavaFX's system property naming the pipelines it tries, in order. */
    static final String PRISM_ORDER = "prism.order";

    /**
     * JavaFX's system property that turns off its cache of drawn region backgrounds: a texture of 2048 × 1024 pixels
     * that the software pipeline keeps as an 8 MB array on the heap, for backgrounds it can as well draw directly.
     */
    static final String REGION_CACHING_OFF = "prism.disableRegionCaching";

    static final int RETRY_DAYS = 7;
    private static final String FILE_NAME = "software-rendering";
    private static final String SOFTWARE_ONLY = "sw";
    private static final String DISPLAY_KEY = "display=";

    private final Path file;
    /** The X or Wayland display this start draws on: what the memory is about. */
    private final String display;
    /** Whether JavaFX picked its pipeline itself at this start, after trying the GPU: then what it found is news. */
    private boolean javaFxChose;

    private SoftwareRendering(Path file, String display) {
        this.file = file;
        this.display = display;
    }

    /** The memory kept in {@code dataDirectory}, for the display named in {@code env}. */
    public static SoftwareRendering in(Path dataDirectory, Map<String, String> env) {
        String display =
                Objects.toString(env.get("DISPLAY"), "") + " " + Objects.toString(env.get("WAYLAND_DISPLAY"), "");
        return new SoftwareRendering(dataDirectory.resolve(FILE_NAME), display.strip());
    }

    /**
     * Before the toolkit starts: asks JavaFX for its software pipeline alone if a start on this display in the last
     * {@value #RETRY_DAYS} days found no usable GPU, without its region cache (unless someone chose that setting).
     * Returns whether it did.
     */
    public boolean applyIfRemembered(Properties system, Instant now) {
        if (system.getProperty(PRISM_ORDER) != null) {
            return false;
        }
        if (remembered(now)) {
            system.setProperty(PRISM_ORDER, SOFTWARE_ONLY);
            // On a GPU the cache is a texture in video memory that saves drawing rounded backgrounds again; in
            // software it is an 8 MB int[] on the heap, and drawing those backgrounds directly is as quick. The
            // pixels differ only in the antialiasing of rounded corners, by one step of colour (docs/benchmarks.md).
            if (system.getProperty(REGION_CACHING_OFF) == null) {
                system.setProperty(REGION_CACHING_OFF, "true");
            }
            return true;
        }
        javaFxChose = true;
        return false;
    }

    /**
     * Once the toolkit is up: what JavaFX found at {@code now}, if it chose for itself; {@code software} when it draws
     * without the GPU. Kept for the next start (file I/O: call it off the FX thread).
     */
    public void remember(boolean software, Instant now) {
        if (!javaFxChose) {
            return;
        }
        try {
            if (software) {
                Files.writeString(
                        file,
                        "JavaFX found no usable GPU; the window draws in software on this display.\n" + DISPLAY_KEY
                                + display + "\n");
                Files.setLastModifiedTime(file, FileTime.from(now));
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Only a faster next start is lost. The logger is only asked for here: this class is used before the
            // log is set up, on another thread (LoggingSetup).
            LoggerFactory.getLogger(SoftwareRendering.class).debug("Cannot keep the rendering choice in {}", file, e);
        }
    }

    private boolean remembered(Instant now) {
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            boolean recent =
                    !written.isAfter(now) && Duration.between(written, now).toDays() < RETRY_DAYS;
            return recent && Files.readAllLines(file).contains(DISPLAY_KEY + display);
        } catch (IOException noneKept) {
            return false;
        }
    }
}
