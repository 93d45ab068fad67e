package io.agentdeck.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One AgentDeck per data directory. A second start on the same directory (the menu entry clicked twice, a headless
 * server beside the window) would meet the first one's database and knowledge index half-way and fail with their
 * errors; this lock is taken before either is opened, so the second one is refused first, with a reason a person can
 * act on. The operating system drops the lock when the process ends, however it ends, so a crash leaves none behind.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "agentdeck.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory for this process.
     *
     * @throws IllegalStateException when another AgentDeck (another process, or another instance in this one) has it
     */
    public static DataDirectoryLock acquire(DataDirectory directory) {
        Path file = directory.root().resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirectoryLock(channel, lock);
            }
        } catch (OverlappingFileLockException inThisProcess) {
            // Held by another AgentDeck in this JVM (tests, or an embedding application).
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new IllegalStateException("Another AgentDeck is using the data folder " + directory.root()
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
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }
}
