package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two relays on one real PostgreSQL database, as two nodes have: what one sends, the other hears, in order. */
class PostgresNodeRelayTest {
    private static PostgresCluster postgres;

    private DatabaseConfig config;
    private PostgresNodeRelay a;
    private PostgresNodeRelay b;
    private final List<String> heardByA = new CopyOnWriteArrayList<>();
    private final List<String> heardByB = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void usePostgres() {
        postgres = TestDatabases.sharedPostgres();
    }

    @BeforeEach
    void twoNodes() throws InterruptedException {
        config = DatabaseConfig.fromUrl(
                postgres.createDatabase(), Optional.of(postgres.user()), Optional.of(postgres.password()));
        Database.open(config).close(); // the migrations make node_messages
        a = new PostgresNodeRelay(config, "host:1");
        b = new PostgresNodeRelay(config, "host:1"); // the same name: the relays still tell themselves apart
        a.listen(heardByA::add);
        b.listen(heardByB::add);
        // A message sent before a relay listens is missed, as by a node not up yet: say hello until both hear.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    a.send("hello");
                    b.send("hello");
                    return heardByA.contains("hello") && heardByB.contains("hello");
                });
        Thread.sleep(300); // the last hellos arrive
        heardByA.clear();
        heardByB.clear();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        postgres.dropDatabase(config.jdbcUrl());
    }

    @Test
    void whatOneNodeSaysTheOtherHearsInOrderAndNotItself() throws InterruptedException {
        List<String> said = IntStream.range(0, 300).mapToObj(i -> "event " + i).toList();
        said.forEach(a::send);

        await().atMost(Duration.ofSeconds(20)).until(() -> heardByB.size() >= said.size());
        assertThat(heardByB).containsExactlyElementsOf(said);
        Thread.sleep(300);
        assertThat(heardByA).as("a node does not hear itself").isEmpty();
    }

    @Test
    void aMessageLongerThanNotifyAllowsArrivesWholeByReference() {
        String workflowOutput = "step output ✓ ".repeat(2_000); // about 30,000 bytes of UTF-8
        a.send("short before");
        a.send(workflowOutput);
        a.send("short after");

        await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.size() >= 3);
        assertThat(heardByB).containsExactly("short before", workflowOutput, "short after");
    }
}
