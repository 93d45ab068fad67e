package io.agentdeck.api.knowledge;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.TestApp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knowledge base over the real API: real files uploaded as multipart, read by Tika, embedded by the in-process
 * model, stored in H2 and indexed by Lucene on disk; hybrid search; an agent answering with citations.
 */
@AppTest(shared = true)
class KnowledgeApiTest {
    private static final String QUOTA = """
            # Quota errors

            When an upload fails with ERR_4711_QUOTA the account has used all of its storage. Delete old files or \
            buy more space, then upload again.

            # Gardening

            Tomatoes need sun, water and patience; pick them when they are red.
            """;
    private static final String RATE = """
            # Rate errors

            ERR_5020_RATE is returned when a client sends more than sixty requests in one minute. Wait for the \
            minute to pass and send the request again.
            """;
    private static final String APPEARANCE = """
            <html><body><h1>Appearance</h1>
            <p>Open Settings and choose the night palette under Theme to switch the whole window to dim colours that
            are easy on the eyes in the evening.</p></body></html>
            """;

    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    @TempDir
    Path files;

    private long project;

    @BeforeEach
    void aProjectCollection() {
        var created = http.post("/api/knowledge/collections", "{\"name\": \"Project " + System.nanoTime() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        project = created.json().get("collection_id").asLong();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }

    private Path handbook() throws IOException {
        Path docx = files.resolve("handbook.docx");
        try (XWPFDocument document = new XWPFDocument();
                OutputStream out = Files.newOutputStream(docx)) {
            var heading = document.createParagraph();
            heading.setStyle("Heading1");
            heading.createRun().setText("Holidays");
            document.createParagraph().createRun().setText("Staff get 30 days of paid leave per year.");
            document.write(out);
        }
        return docx;
    }

    private JsonNode upload(Path... documents) {
        var response = http.upload("/api/knowledge/collections/" + project + "/documents", List.of(documents));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("documents");
    }

    private JsonNode awaitFinished(long documentId) {
        return await().atMost(WAIT)
                .until(
                        () -> http.get("/api/knowledge/documents/" + documentId).json(),
                        d -> d.get("status").asText().equals("ready")
                                || d.get("status").asText().equals("failed"));
    }

    private List<String> documentsFound(String query) {
        List<String> names = new ArrayList<>();
        http.get("/api/knowledge/search?limit=3&collection_id=" + project + "&q="
                        + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8))
                .json()
                .get("results")
                .forEach(result -> names.add(result.get("document").asText()));
        return names;
    }

    @Test
    void uploadedFilesOfEachKindAreIndexedAndFoundByExactIdentifierAndByMeaning() throws Exception {
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            JsonNode added = upload(file("errors.md", QUOTA), file("appearance.html", APPEARANCE), handbook());
            assertThat(added).hasSize(3);
            for (JsonNode document : added) {
                assertThat(document.get("status").asText()).isEqualTo("queued");
                JsonNode done = awaitFinished(document.get("document_id").asLong());
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
                assertThat(done.get("chunks").asInt()).isPositive();
                assertThat(done.get("sha256").asText()).hasSize(64);
            }
            List<JsonNode> progress =
                    client.until(frame -> frame.get("event").asText().equals("knowledge_progress")
                            && frame.at("/data/name").asText().equals("handbook.docx")
                            && frame.at("/data/status").asText().equals("ready"));
            JsonNode ready = progress.getLast().get("data");
            assertThat(ready.get("done").asInt())
                    .isEqualTo(ready.get("total").asInt())
                    .isPositive();
            assertThat(ready.get("collection_id").asLong()).isEqualTo(project);
        }
        assertThat(http.get("/api/knowledge/collections/" + project + "/documents")
                        .json()
                        .get("documents")
                        .findValuesAsText("name"))
                .containsExactly("errors.md", "appearance.html", "handbook.docx");
        JsonNode listed = null;
        for (JsonNode collection : http.get("/api/knowledge/collections").json().get("collections")) {
            if (collection.get("collection_id").asLong() == project) {
                listed = collection;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("documents").asInt()).isEqualTo(3);

        // The exact identifier is found by keyword, the paraphrase by meaning.
        assertThat(documentsFound("ERR_4711_QUOTA")).first().isEqualTo("errors.md");
        assertThat(documentsFound("how can I make the app look dark at night"))
                .first()
                .isEqualTo("appearance.html");
        assertThat(documentsFound("how many vacation days do employees have"))
                .first()
                .isEqualTo("handbook.docx");
        JsonNode hit = http.get("/api/knowledge/search?q=ERR_4711_QUOTA&collection_id=" + project)
                .json()
                .at("/results/0");
        assertThat(hit.get("passage").asText()).contains("ERR_4711_QUOTA");
        assertThat(hit.at("/location/heading").asText()).isEqualTo("Quota errors");

        // The same content again is the same document, not a second copy.
        JsonNode again = upload(file("copy-of-errors.md", QUOTA));
        assertThat(again.get(0).get("name").asText()).isEqualTo("errors.md");
        assertThat(again.get(0).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void anAgentGivenTheCollectionAnswersWithCitationsInTheReplyTheHistoryAndTheEvents() throws Exception {
        long errors = upload(file("errors.md", QUOTA)).get(0).get("document_id").asLong();
        awaitFinished(errors);
        var set = http.put("/api/agents/3/collections", "{\"collections\": [" + project + "]}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("collections").get(0).asLong()).isEqualTo(project);
        model.enqueue(FakeReply.text("Your storage is full: delete old files or buy more space [1]."));

        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            var reply = http.post("/api/agents/3/message", "{\"message\": \"What does ERR_4711_QUOTA mean?\"}");
            assertThat(reply.status()).isEqualTo(200);
            JsonNode citation = reply.json().at("/citations/0");
            assertThat(citation.get("n").asInt()).isEqualTo(1);
            assertThat(citation.get("document").asText()).isEqualTo("errors.md");
            assertThat(citation.get("document_id").asLong()).isEqualTo(errors);
            assertThat(citation.get("passage").asText()).contains("ERR_4711_QUOTA");
            assertThat(citation.at("/location/heading").asText()).isEqualTo("Quota errors");
            String asked = model.requests().getLast().messages().getLast().content();
            assertThat(asked)
                    .contains("[1] (errors.md, under 'Quota errors')")
                    .endsWith("Question: What does ERR_4711_QUOTA mean?");

            JsonNode stored = http.get("/api/agents/3/messages?limit=1").json().at("/messages/0");
            assertThat(stored.at("/citations/0/document").asText()).isEqualTo("errors.md");

            // Asked over the WebSocket, the answer event carries them too.
            model.enqueue(FakeReply.text("It means the storage is full [1]."));
            client.send(
                    "send_message", "{\"agent_id\": 3, \"message\": \"And ERR_4711_QUOTA?\", \"request_id\": \"k1\"}");
            List<JsonNode> frames =
                    client.until(frame -> frame.get("event").asText().equals("agent_response"));
            assertThat(frames.getLast().at("/data/citations/0/document").asText())
                    .isEqualTo("errors.md");

            // A greeting is not answered with the manual: nothing relevant, nothing given, nothing cited.
            model.enqueue(FakeReply.text("Hello [1]!"));
            var greeting = http.post("/api/agents/3/message", "{\"message\": \"Hello there, how are you today?\"}");
            assertThat(greeting.json().has("citations")).isFalse();
            assertThat(model.requests().getLast().messages())
                    .extracting(RecordedRequest.Message::content)
                    .noneMatch(content -> content.contains("[1] ("))
                    .last()
                    .isEqualTo("Hello there, how are you today?");
        } finally {
            http.put("/api/agents/3/collections", "{\"collections\": [1]}");
        }

        // Deleted, it is found no more.
        assertThat(http.delete("/api/knowledge/documents/" + errors).status()).isEqualTo(200);
        assertThat(documentsFound("ERR_4711_QUOTA")).doesNotContain("errors.md");
        assertThat(http.get("/api/knowledge/documents/" + errors).status()).isEqualTo(404);
    }

    @Test
    void passagesTheAgentSearchesForAreNumberedAfterThoseItWasGivenAndCitedToo() throws Exception {
        long errors = upload(file("quota.md", QUOTA)).get(0).get("document_id").asLong();
        long limits = upload(file("limits.md", RATE)).get(0).get("document_id").asLong();
        awaitFinished(errors);
        awaitFinished(limits);
        http.put("/api/agents/3/collections", "{\"collections\": [" + project + "]}");
        model.enqueue(
                FakeReply.toolCall("knowledge_search", "{\"query\": \"ERR_5020_RATE\"}"),
                FakeReply.text("The storage is full [1]; ERR_5020_RATE means too many requests [2] [3] [4]."));
        try {
            var reply = http.post("/api/agents/3/message", "{\"message\": \"What does ERR_4711_QUOTA mean?\"}");
            assertThat(reply.status()).isEqualTo(200);

            // The tool's passages go on from the ones given with the question, so no number means two passages.
            List<RecordedRequest.Message> sent = model.requests().getLast().messages();
            String given = sent.stream()
                    .filter(message -> message.role().equals("user"))
                    .reduce((earlier, later) -> later)
                    .orElseThrow()
                    .content();
            String searched = sent.getLast().content();
            assertThat(given).contains("[1] (quota.md, under 'Quota errors')");
            Matcher rate = Pattern.compile("\\[(\\d)] \\(limits\\.md").matcher(searched);
            assertThat(rate.find()).as(searched).isTrue();
            int n = Integer.parseInt(rate.group(1));
            assertThat(n).isGreaterThan(1);
            assertThat(given.contains("[" + n + "] (limits.md") || !given.contains("[" + n + "] ("))
                    .as("number %d names one passage", n)
                    .isTrue();

            JsonNode citations = reply.json().get("citations");
            assertThat(citations.get(0).get("document").asText()).isEqualTo("quota.md");
            JsonNode cited = null;
            for (JsonNode citation : citations) {
                if (citation.get("n").asInt() == n) {
                    cited = citation;
                }
            }
            assertThat(cited).as(citations.toString()).isNotNull();
            assertThat(cited.get("document").asText()).isEqualTo("limits.md");
            assertThat(cited.get("passage").asText()).contains("ERR_5020_RATE");
        } finally {
            http.put("/api/agents/3/collections", "{\"collections\": [1]}");
            http.delete("/api/knowledge/documents/" + errors);
            http.delete("/api/knowledge/documents/" + limits);
        }
    }

    @Test
    void badFilesFailOneByOneWithAReasonAndBadRequestsAreRefusedClearly() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        Path binary = Files.write(files.resolve("notes.txt"), junk);
        Path latin1 = Files.write(
                files.resolve("menu.txt"),
                "Crème brûlée, Käsespätzle and jalapeño salsa.".getBytes(StandardCharsets.ISO_8859_1));
        JsonNode added = upload(binary, latin1);

        JsonNode failed = awaitFinished(added.get(0).get("document_id").asLong());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("not text").doesNotContain("Exception");
        JsonNode menu = awaitFinished(added.get(1).get("document_id").asLong());
        assertThat(menu.get("status").asText())
                .as("the good file next to it is indexed")
                .isEqualTo("ready");
        assertThat(http.get("/api/knowledge/search?q=dessert&collection_id=" + project)
                        .json()
                        .at("/results/0/passage")
                        .asText())
                .contains("Crème brûlée");

        assertThat(http.post("/api/knowledge/collections", "{\"name\": \" \"}").status())
                .isEqualTo(400);
        assertThat(http.post("/api/knowledge/collections", "{\"name\": \"General\"}")
                        .status())
                .isEqualTo(409);
        assertThat(http.delete("/api/knowledge/collections/1").status()).isEqualTo(409);
        assertThat(http.upload("/api/knowledge/collections/999999/documents", List.of(latin1))
                        .status())
                .isEqualTo(404);
        assertThat(http.post("/api/knowledge/collections/" + project + "/documents", "{}")
                        .status())
                .isEqualTo(415);
        assertThat(http.get("/api/knowledge/search?q=").status()).isEqualTo(400);
        assertThat(http.put("/api/agents/3/collections", "{\"collections\": [999999]}")
                        .status())
                .isEqualTo(404);
        assertThat(http.put("/api/agents/3/collections", "{\"collections\": \"all\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theGuideIsGeneralsFirstDocumentAndEveryAgentReadsGeneral() {
        JsonNode general = http.get("/api/knowledge/collections").json().at("/collections/0");
        assertThat(general.get("name").asText()).isEqualTo("General");
        long generalId = general.get("collection_id").asLong();
        await().atMost(WAIT)
                .until(
                        () -> http.get("/api/knowledge/collections/" + generalId + "/documents")
                                .json()
                                .get("documents"),
                        docs -> docs.size() > 0
                                && java.util.stream.StreamSupport.stream(docs.spliterator(), false)
                                        .allMatch(d -> d.get("status").asText().equals("ready")));
        assertThat(http.get("/api/agents/1/collections")
                        .json()
                        .get("collections")
                        .get(0)
                        .asLong())
                .isEqualTo(generalId);
    }
}
