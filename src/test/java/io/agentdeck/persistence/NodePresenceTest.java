package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Nodes on one real PostgreSQL database: the first to open it is alone and may report the leftovers of a stop; one
 * that joins others is not; once every node has left (or died, which ends its connection), the next is alone again.
 */
class NodePresenceTest {
    private final PostgresCluster postgres = TestDatabases.sharedPostgres();

    @Test
    void aNodeIsAloneOnlyWhenNoOtherIsPresent() {
        DatabaseConfig config = new DatabaseConfig(postgres.createDatabase(), postgres.user(), postgres.password());
        NodePresence first = NodePresence.join(config);
        assertThat(first.wasAlone()).isTrue();

        NodePresence second = NodePresence.join(config);
        assertThat(second.wasAlone()).as("the first node is present").isFalse();
        first.close();
        NodePresence third = NodePresence.join(config);
        assertThat(third.wasAlone()).as("the second node is present").isFalse();

        second.close();
        third.close();
        NodePresence fourth = NodePresence.join(config);
        assertThat(fourth.wasAlone()).as("everybody left").isTrue();
        fourth.close();
    }
}
