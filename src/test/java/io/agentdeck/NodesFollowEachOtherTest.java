package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one real PostgreSQL database, each with its own data directory and so its own knowledge index: what
 * one node keeps in memory from the database follows what the other changes there, within seconds, with nothing set
 * but the database URL.
 */
class NodesFollowEachOtherTest {
    private static final Duration FOLLOWS = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final List<TestApp> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.reversed().forEach(TestApp::close);
    }

    /** Node "a" creates the database (its data directory names it); "b" joins it. */
    private HttpJson node(String name) {
        TestApp app = TestApp.startWithEnvironment(
                        home.resolve(name),
                        ModelSettings.none(),
                        TestDatabases.postgresEnvironmentFor(home.resolve("a")))
                .initialized();
        nodes.add(app);
        return app.http();
    }

    @Test
    void aDocumentAddedOrRemovedOnOneNodeIsFoundOrGoneOnTheOther() throws Exception {
        HttpJson a = node("a");
        HttpJson b = node("b");
        long collection = a.post("/api/knowledge/collections", "{\"name\": \"Ops\"}")
                .json()
                .get("collection_id")
                .asLong();
        Path runbook = Files.writeString(
                home.resolve("runbook.md"), "# Runbook\nThe backup of the quartermaster database runs at 02:00.\n");
        long document = a.upload("/api/knowledge/collections/" + collection + "/documents", List.of(runbook))
                .json()
                .at("/documents/0/document_id")
                .asLong();

        await().atMost(FOLLOWS).until(() -> found(b, "quartermaster backup").contains(document));
        assertThat(found(a, "quartermaster backup")).contains(document);

        assertThat(a.delete("/api/knowledge/documents/" + document).status()).isEqualTo(200);
        await().atMost(FOLLOWS).until(() -> !found(b, "quartermaster backup").contains(document));
    }

    @Test
    void aToolPolicySetOnOneNodeHoldsOnTheOther() {
        HttpJson a = node("a");
        HttpJson b = node("b");
        assertThat(policy(b, "workspace_write")).isEqualTo("ask");

        assertThat(a.put("/api/tools/workspace_write/policy", "{\"policy\": \"deny\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(FOLLOWS).until(() -> policy(b, "workspace_write").equals("deny"));

        assertThat(a.delete("/api/tool-policies?tool=workspace_write").status()).isEqualTo(204);
        await().atMost(FOLLOWS).until(() -> policy(b, "workspace_write").equals("ask"));
    }

    private static List<Long> found(HttpJson node, String query) {
        List<Long> documents = new ArrayList<>();
        node.get("/api/knowledge/search?q=" + query.replace(' ', '+'))
                .json()
                .get("results")
                .forEach(result -> documents.add(result.get("document_id").asLong()));
        return documents;
    }

    private static String policy(HttpJson node, String tool) {
        for (JsonNode listed : node.get("/api/tools").json().get("tools")) {
            if (listed.get("name").asText().equals(tool)) {
                return listed.get("policy").asText();
            }
        }
        throw new AssertionError("No tool " + tool);
    }
}
