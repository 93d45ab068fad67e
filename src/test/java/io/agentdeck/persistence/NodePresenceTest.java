package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TestDatabases;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes on one real PostgreSQL database: the first to open it is alone, and a node joining meanwhile waits until it
 * has reported the leftovers of a stop; one that joins others is not alone; once every node has left (or died, which
 * ends its connection), the next is alone again.
 */
class NodePresenceTest {
    private final PostgresCluster postgres = TestDatabases.sharedPostgres();

    @Test
    void aNodeIsAloneOnlyWhenNoOtherIsPresentAndOthersJoinOnceItHasCleanedUp() throws Exception {
        DatabaseConfig config = new DatabaseConfig(postgres.createDatabase(), postgres.user(), postgres.password());
        NodePresence first = NodePresence.join(config);
        assertThat(first.wasAlone()).isTrue();

        CompletableFuture<NodePresence> joining = CompletableFuture.supplyAsync(() -> NodePresence.join(config));
        Thread.sleep(3_000);
        assertThat(joining).as("the first node still reports leftovers").isNotDone();
        first.endRecovery();
        NodePresence second = joining.get(10, TimeUnit.SECONDS);
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
