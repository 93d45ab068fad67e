package io.agentdeck.persistence;

import io.agentdeck.engine.store.ToolPolicyStore;
import io.agentdeck.engine.tool.ToolPolicy;
import io.agentdeck.engine.tool.ToolPolicyRule;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

public final class HibernateToolPolicyStore implements ToolPolicyStore {
    private static final long ALL_AGENTS = 0;

    private final Transactions transactions;

    public HibernateToolPolicyStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public List<ToolPolicyRule> findAll() {
        return transactions.read(session -> session
                .createSelectionQuery("from ToolPolicyEntity p order by p.agentId, p.tool", ToolPolicyEntity.class)
                .getResultList()
                .stream()
                .map(entity -> new ToolPolicyRule(
                        entity.tool(),
                        entity.agentId() == ALL_AGENTS ? Optional.empty() : Optional.of(entity.agentId()),
                        ToolPolicy.parse(entity.policy())))
                .toList());
    }

    @Override
    public synchronized void save(ToolPolicyRule rule) {
        transactions.writeWithoutResult(session -> {
            long agentId = rule.agentId().orElse(ALL_AGENTS);
            find(session, rule.tool(), agentId)
                    .ifPresentOrElse(
                            existing -> existing.setPolicy(rule.policy().wireName()),
                            () -> session.persist(new ToolPolicyEntity(
                                    rule.tool(), agentId, rule.policy().wireName())));
        });
    }

    @Override
    public synchronized boolean delete(String tool, Optional<Long> agentId) {
        return transactions.write(session -> session.createMutationQuery(
                                "delete from ToolPolicyEntity p where p.tool = :tool and p.agentId = :agentId")
                        .setParameter("tool", tool)
                        .setParameter("agentId", agentId.orElse(ALL_AGENTS))
                        .executeUpdate()
                > 0);
    }

    private static Optional<ToolPolicyEntity> find(Session session, String tool, long agentId) {
        return session.createSelectionQuery(
                        "from ToolPolicyEntity p where p.tool = :tool and p.agentId = :agentId", ToolPolicyEntity.class)
                .setParameter("tool", tool)
                .setParameter("agentId", agentId)
                .uniqueResultOptional();
    }
}
