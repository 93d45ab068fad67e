package io.agentdeck.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers that JavaFX found no usable GPU on this machine, so that the next starts draw in software at once. Without
 * a GPU JavaFX supports (a virtual machine, a remote desktop, Xvfb), it first loads the system's OpenGL, which there
 * is Mesa's software renderer with LLVM, finds it wanting and falls back to its own software pipeline: measured under
 * Xvfb, about 65 ms of the window's start and about 50 MiB of memory that stays mapped for nothing. The memory is kept
 * for {@value #RETRY_DAYS} days; then JavaFX tries the GPU again, so a driver installed since is found.
 *
 * <p>Only JavaFX's own choice is remembered: where {@code prism.order} was set by someone else (the tests, a person's
 * {@code JAVA_TOOL_OPTIONS}), nothing is read or written.
 */
public final class SoftwareRendering {
    /** JavaFX's system property naming the pipelines it tries, in order. */
    static final String PRISM_ORDER = "prism.order";

    static final int RETRY_DAYS = 7;
    private static final Logger LOG = LoggerFactory.getLogger(SoftwareRendering.class);
    private static final String FILE_NAME = "software-rendering";
    private static final String SOFTWARE_ONLY = "sw";

    private final Path file;
    /** Whether JavaFX picked its pipeline itself at this start, after trying the GPU: then what it found is news. */
    private boolean javaFxChose;

    private SoftwareRendering(Path file) {
        this.file = file;
    }

    /** The memory kept in {@code dataDirectory}. */
    public static SoftwareRendering in(Path dataDirectory) {
        return new SoftwareRendering(dataDirectory.resolve(FILE_NAME));
    }

    /**
     * Before the toolkit starts: asks JavaFX for its software pipeline alone if a start in the last
     * {@value #RETRY_DAYS} days found no usable GPU. Returns whether it did.
     */
    public boolean applyIfRemembered(Properties system, Instant now) {
        if (system.getProperty(PRISM_ORDER) != null) {
            return false;
        }
        if (remembered(now)) {
            system.setProperty(PRISM_ORDER, SOFTWARE_ONLY);
            return true;
        }
        javaFxChose = true;
        return false;
    }

    /**
     * Once the toolkit is up: what JavaFX found, if it chose for itself; {@code software} when it draws without the
     * GPU. Kept for the next start (file I/O: call it off the FX thread).
     */
    public void remember(boolean software) {
        if (!javaFxChose) {
            return;
        }
        try {
            if (software) {
                Files.writeString(file, "JavaFX found no usable GPU; the window draws in software.\n");
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Only a faster next start is lost.
            LOG.debug("Cannot keep the rendering choice in {}", file, e);
        }
    }

    private boolean remembered(Instant now) {
        try {
            FileTime written = Files.getLastModifiedTime(file);
            return Duration.between(written.toInstant(), now).toDays() < RETRY_DAYS;
        } catch (IOException noneKept) {
            return false;
        }
    }
}
