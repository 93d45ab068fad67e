package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes committed writes durable with as few disk flushes as possible: a writer that needs its commit on disk takes
 * a ticket; the first waiter flushes once for every ticket taken so far while the others wait, so concurrent writers
 * share one flush (group commit) and a lone writer pays for exactly one.
 */
final class GroupCommit {
    /** The flush itself; it must cover every commit that returned before it started. */
    interface Flush {
        void run() throws Exception;
    }

    private final Flush flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushed = lock.newCondition();
    private long ticketsTaken;
    private long ticketsFlushed;
    private boolean flushing;
    private long flushes;

    GroupCommit(Flush flush) {
        this.flush = flush;
    }

    /**
     * Returns once everything committed before the call is on disk.
     *
     * @throws EngineException ({@code storage_unavailable}) when the flush fails: the write may not survive a power
     *     cut, so it must not be acknowledged
     */
    void awaitDurable() {
        lock.lock();
        try {
            long ticket = ++ticketsTaken;
            while (ticketsFlushed < ticket) {
                if (flushing) {
                    flushed.awaitUninterruptibly();
                } else {
                    leadFlush();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many flushes ran; the benchmarks and tests read it to see writes being grouped. */
    long flushes() {
        lock.lock();
        try {
            return flushes;
        } finally {
            lock.unlock();
        }
    }

    private void leadFlush() {
        flushing = true;
        long covered = ticketsTaken;
        lock.unlock();
        Exception failure = null;
        try {
            flush.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            lock.lock();
            flushing = false;
            if (failure == null) {
                ticketsFlushed = Math.max(ticketsFlushed, covered);
                flushes++;
            }
            flushed.signalAll();
        }
        if (failure != null) {
            throw new EngineException(
                    ErrorKind.STORAGE_UNAVAILABLE,
                    "The database could not write to disk: " + failure.getMessage(),
                    ErrorKind.STORAGE_UNAVAILABLE.defaultHint(),
                    failure);
        }
    }
}
