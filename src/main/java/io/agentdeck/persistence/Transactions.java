package io.agentdeck.persistence;

import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Short transactions for the stores. A write returns only once its commit is on disk: the database writes each commit
 * to its file before the commit returns (so it survives the process being killed), and where the database does not
 * also flush the file itself (embedded H2), the writers' commits are flushed together by one {@link GroupCommit} (so
 * they survive a power cut too). Reads never wait for a flush.
 */
public final class Transactions {
    private final SessionFactory sessions;
    private final Optional<GroupCommit> groupCommit;

    Transactions(SessionFactory sessions, Optional<String> flushStatement) {
        this.sessions = sessions;
        this.groupCommit = flushStatement.map(statement -> new GroupCommit(() -> flush(statement)));
    }

    /** Runs {@code work} in a transaction that only reads. */
    public <T> T read(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    /** Runs {@code work} in a transaction and returns once its commit is durable. */
    public <T> T write(Function<Session, T> work) {
        T result = sessions.fromTransaction(work);
        groupCommit.ifPresent(GroupCommit::awaitDurable);
        return result;
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

    SessionFactory sessionFactory() {
        return sessions;
    }

    private void flush(String statement) {
        sessions.inStatelessTransaction(session -> session.doWork(connection -> {
            try (Statement flush = connection.createStatement()) {
                flush.execute(statement);
            }
        }));
    }
}
