package io.agentdeck.persistence;

import io.agentdeck.testing.TempDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An H2 file database of the test's own, opened before each test and closed (and deleted) after it, with a clock the
 * test moves by hand; the stores it makes share both, as two processes on one database would when made twice.
 * Register it with {@code @RegisterExtension}.
 */
final class TestDatabase implements BeforeEachCallback, AfterEachCallback {
    private final MutableClock clock = new MutableClock();
    private Path dir;
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = TempDirectory.create();
        database = Fixtures.open(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            database.close();
        } finally {
            TempDirectory.delete(dir);
        }
    }

    MutableClock clock() {
        return clock;
    }

    HibernateAgentStore agents() {
        return new HibernateAgentStore(database.transactions(), clock);
    }

    HibernateConversationStore conversations() {
        return new HibernateConversationStore(database.transactions(), clock);
    }

    HibernateMessageStore messages() {
        return new HibernateMessageStore(database.transactions(), clock);
    }

    HibernateToolPolicyStore toolPolicies() {
        return new HibernateToolPolicyStore(database.transactions());
    }

    HibernateApprovalStore approvals() {
        return new HibernateApprovalStore(database.transactions(), clock);
    }

    HibernateTaskStore tasks() {
        return new HibernateTaskStore(database.transactions(), clock);
    }
}
