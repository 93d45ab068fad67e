package io.agentdeck.testing;

import io.agentdeck.persistence.Database;
import io.agentdeck.persistence.HibernateAccountStore;
import io.agentdeck.persistence.HibernateAgentStore;
import io.agentdeck.persistence.HibernateApprovalStore;
import io.agentdeck.persistence.HibernateConversationStore;
import io.agentdeck.persistence.HibernateKnowledgeStore;
import io.agentdeck.persistence.HibernateMessageStore;
import io.agentdeck.persistence.HibernateTaskStore;
import io.agentdeck.persistence.HibernateToolPolicyStore;
import io.agentdeck.persistence.HibernateWorkflowStore;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of the test's own (an H2 file, or PostgreSQL in the second test run: {@link TestDatabases}), opened before each test and closed (and deleted) after it, with a clock the
 * test moves by hand; the stores it makes share both, as two processes on one database would when made twice.
 * Register it with {@code @RegisterExtension}.
 */
public final class TestDatabase implements BeforeEachCallback, AfterEachCallback {
    private final MutableClock clock = new MutableClock();
    private Path dir;
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = TempDirectory.create();
        database = Database.open(TestDatabases.configFor(dir));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            database.close();
        } finally {
            TempDirectory.delete(dir);
        }
    }

    public MutableClock clock() {
        return clock;
    }

    public HibernateAgentStore agents() {
        return new HibernateAgentStore(database.transactions(), clock);
    }

    public HibernateConversationStore conversations() {
        return new HibernateConversationStore(database.transactions(), clock);
    }

    public HibernateMessageStore messages() {
        return new HibernateMessageStore(database.transactions(), clock);
    }

    public HibernateToolPolicyStore toolPolicies() {
        return new HibernateToolPolicyStore(database.transactions());
    }

    public HibernateApprovalStore approvals() {
        return new HibernateApprovalStore(database.transactions(), clock);
    }

    public HibernateTaskStore tasks() {
        return new HibernateTaskStore(database.transactions(), clock);
    }

    public HibernateWorkflowStore workflows() {
        return new HibernateWorkflowStore(database.transactions());
    }

    public HibernateKnowledgeStore knowledge() {
        return new HibernateKnowledgeStore(database.transactions());
    }

    public HibernateAccountStore accounts() {
        return new HibernateAccountStore(database.transactions());
    }
}
