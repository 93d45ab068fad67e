package io.agentdeck.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One AgentDeck per data directory. A second start on the same directory (the menu entry clicked twice, a headless
 * server beside the window) would meet the first one's database and knowledge index half-way and fail with their
 * errors; this lock is taken before either is opened, so the second one is refused first, with a reason a person can
 * act on. The operating system drops the lock when the process ends, however it ends, so a crash leaves none behind.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "agentdeck.lock";

    /**
     * The lock files this JVM holds. The operating system's lock belongs to the process, and closing any channel on
     * the file releases it for the whole process, so a second attempt in the same JVM must be refused before it opens
     * a channel of its own. Static because the OS lock it mirrors is per process, not per object.
     */
    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory for this process.
     *
     * @throws IllegalStateException when another AgentDeck (another process, or another instance in this one) has it
     */
    public static DataDirectoryLock acquire(DataDirectory directory) {
        Path file = realPathOf(directory.root()).resolve(FILE_NAME);
        if (!HELD_IN_THIS_PROCESS.add(file)) {
            throw inUse(directory);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD_IN_THIS_PROCESS.remove(file);
            throw new UncheckedIOException("Cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirectoryLock(file, channel, lock);
            }
        } catch (OverlappingFileLockException | IOException e) {
            closeQuietly(channel);
            HELD_IN_THIS_PROCESS.remove(file);
            throw new UncheckedIOException(
                    "Cannot lock " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        closeQuietly(channel);
        HELD_IN_THIS_PROCESS.remove(file);
        throw inUse(directory);
    }

    /** The same folder reached through a link is the same folder. */
    private static Path realPathOf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException notThereYet) {
            return root.toAbsolutePath().normalize();
        }
    }

    private static IllegalStateException inUse(DataDirectory directory) {
        return new IllegalStateException("Another AgentDeck is using the data folder " + directory.root()
                + ". Close it first, or start this one with --data-dir <another folder>.");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // The channel's close below releases it as well.
        }
        closeQuietly(channel);
        HELD_IN_THIS_PROCESS.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }
}
