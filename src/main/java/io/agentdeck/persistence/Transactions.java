package io.agentdeck.persistence;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Short transactions for the stores. A write returns only once its commit is on disk: the database writes each commit
 * to its file before the commit returns (so it survives the process being killed), and where the database does not
 * also flush the file itself (embedded H2), the writers' commits are flushed together by one {@link GroupCommit} (so
 * they survive a power cut too). Reads never wait for a flush.
 */
public final class Transactions {
    private final Supplier<SessionFactory> sessions;
    private final Optional<GroupCommit> groupCommit;

    /** @param sessions the session factory, waited for while Hibernate still boots (see {@link Database#open}) */
    Transactions(Supplier<SessionFactory> sessions, Optional<String> flushStatement) {
        this.sessions = sessions;
        this.groupCommit = flushStatement.map(statement -> new GroupCommit(() -> flush(statement)));
    }

    /** Runs {@code work} in a transaction that only reads. */
    public <T> T read(Function<Session, T> work) {
        // Outside the try: a failed boot is reported as it was thrown, not taken for a database gone away.
        SessionFactory booted = sessions.get();
        try {
            return booted.fromTransaction(work);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
    }

    /** Runs {@code work} in a transaction and returns once its commit is durable. */
    public <T> T write(Function<Session, T> work) {
        T result;
        SessionFactory booted = sessions.get();
        try {
            result = booted.fromTransaction(work);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
        groupCommit.ifPresent(GroupCommit::awaitDurable);
        return result;
    }

    /**
     * A database that stopped answering (a server down, restarting or failing over, the network gone, the pool's wait
     * over, an embedded file closed) is not a bug in AgentDeck: it becomes {@code storage_unavailable} (503, with a
     * hint) instead of an internal error. Anything else is left as it is.
     */
    private static RuntimeException unreachableOr(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isConnectionFailure(cause)) {
                return new EngineException(
                        ErrorKind.STORAGE_UNAVAILABLE,
                        "The database cannot be reached or is too busy to answer.",
                        "Check that the database is running and reachable, then retry; a change sent just before may"
                                + " or may not have been saved, so look before sending it again.",
                        failure);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return failure;
    }

    private static boolean isConnectionFailure(Throwable cause) {
        if (cause instanceof JDBCConnectionException
                || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException) {
            return true;
        }
        // SQL state class 08 is a connection exception; 57P01-57P03 are PostgreSQL's shutdown and "cannot connect now".
        String state = cause instanceof SQLException sql ? sql.getSQLState() : null;
        return state != null
                && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** As {@link #write(Function)}, for work without a result. */
    public void writeWithoutResult(Consumer<Session> work) {
        write(session -> {
            work.accept(session);
            return null;
        });
    }

    /** How many disk flushes the writes have needed so far (0 where the database flushes on commit itself). */
    public long flushes() {
        return groupCommit.map(GroupCommit::flushes).orElse(0L);
    }

    private void flush(String statement) {
        sessions.get()
                .inStatelessTransaction(session -> session.doWork(connection -> {
                    try (Statement flush = connection.createStatement()) {
                        flush.execute(statement);
                    }
                }));
    }
}
