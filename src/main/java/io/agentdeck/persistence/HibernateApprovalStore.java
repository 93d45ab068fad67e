package io.agentdeck.persistence;

import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalKind;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.approval.NewApproval;
import io.agentdeck.engine.store.ApprovalStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class HibernateApprovalStore implements ApprovalStore {
    private final Transactions transactions;
    private final Clock clock;

    public HibernateApprovalStore(Transactions transactions) {
        this(transactions, Clock.systemUTC());
    }

    public HibernateApprovalStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Approval create(NewApproval approval) {
        ApprovalEntity entity = new ApprovalEntity(
                approval.kind().wireName(),
                approval.agentId(),
                approval.tool(),
                approval.arguments(),
                approval.conversationId().orElse(null),
                approval.questionId().orElse(null),
                approval.taskId().orElse(null),
                ApprovalStatus.PENDING.wireName(),
                Timestamps.now(clock));
        transactions.writeWithoutResult(session -> session.persist(entity));
        return toApproval(entity);
    }

    @Override
    public Optional<Approval> findById(long id) {
        return transactions.read(session ->
                Optional.ofNullable(session.find(ApprovalEntity.class, id)).map(HibernateApprovalStore::toApproval));
    }

    @Override
    public List<Approval> find(Optional<ApprovalStatus> status, int limit) {
        return transactions.read(session -> {
            var query = status.isPresent()
                    ? session.createSelectionQuery(
                                    "from ApprovalEntity a where a.status = :status order by a.id desc",
                                    ApprovalEntity.class)
                            .setParameter("status", status.get().wireName())
                    : session.createSelectionQuery("from ApprovalEntity a order by a.id desc", ApprovalEntity.class);
            return query.setMaxResults(limit).getResultList().stream()
                    .map(HibernateApprovalStore::toApproval)
                    .toList();
        });
    }

    @Override
    public Optional<Approval> decide(long id, ApprovalStatus status, Optional<String> reason, Instant at) {
        return transactions.write(session -> {
            // One statement that only changes a pending row: of two deciders, exactly one sees an update.
            int changed = session.createMutationQuery("""
                            update ApprovalEntity a set a.status = :status, a.decidedAt = :at, a.reason = :reason
                            where a.id = :id and a.status = :pending""")
                    .setParameter("status", status.wireName())
                    .setParameter("at", Timestamps.stored(at))
                    .setParameter("reason", reason.orElse(null))
                    .setParameter("id", id)
                    .setParameter("pending", ApprovalStatus.PENDING.wireName())
                    .executeUpdate();
            if (changed == 0) {
                return Optional.empty();
            }
            session.clear();
            return Optional.of(toApproval(session.find(ApprovalEntity.class, id)));
        });
    }

    @Override
    public boolean markInterrupted(long id, String note) {
        return transactions.write(session -> session.createMutationQuery("""
                                update ApprovalEntity a set a.reason = :note
                                where a.id = :id and a.status = :pending and a.reason is null""")
                        .setParameter("note", note)
                        .setParameter("id", id)
                        .setParameter("pending", ApprovalStatus.PENDING.wireName())
                        .executeUpdate()
                > 0);
    }

    private static Approval toApproval(ApprovalEntity entity) {
        return new Approval(
                entity.id(),
                ApprovalKind.valueOf(entity.kind().toUpperCase(Locale.ROOT)),
                entity.agentId(),
                Optional.ofNullable(entity.tool()),
                Optional.ofNullable(entity.arguments()),
                Optional.ofNullable(entity.conversationId()),
                Optional.ofNullable(entity.questionId()),
                Optional.ofNullable(entity.taskId()),
                ApprovalStatus.fromWire(entity.status()),
                entity.createdAt(),
                Optional.ofNullable(entity.decidedAt()),
                Optional.ofNullable(entity.reason()));
    }
}
