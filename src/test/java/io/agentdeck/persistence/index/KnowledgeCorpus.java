package io.agentdeck.persistence.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.agentdeck.engine.knowledge.index.IndexedPassage;
import java.util.ArrayList;
import java.util.List;

/**
 * A small knowledge base of three collections, embedded by the app's real in-process model: a user guide, release
 * notes and an operations runbook. Several passages talk about errors, quotas and looks, so that meaning alone and
 * keywords alone each rank some of them wrong.
 */
final class KnowledgeCorpus {
    static final int DIMENSIONS = 384;
    static final long GUIDE = 1;
    static final long RELEASE_NOTES = 2;
    static final long RUNBOOK = 3;

    /** The only passage that names ERR_4711_QUOTA, among release notes about other things. */
    static final long QUOTA_CODE_PASSAGE = 201;

    /** About the night palette, in words no question about dark looks uses. */
    static final long NIGHT_PALETTE_PASSAGE = 102;

    /** Its document holds two passages. */
    static final long SHORTCUTS_DOCUMENT = 13;

    private record Text(long passageId, long documentId, long collectionId, String text) {}

    private static final List<Text> TEXTS = List.of(
            new Text(
                    101,
                    11,
                    GUIDE,
                    "Fonts: the editor's font size can be set between 10 and 24 points on the Settings page."),
            new Text(
                    NIGHT_PALETTE_PASSAGE,
                    12,
                    GUIDE,
                    "Switching the theme to the night palette gives every window deep blue backgrounds with soft"
                            + " contrast, easier on the eyes in the evening."),
            new Text(
                    103,
                    SHORTCUTS_DOCUMENT,
                    GUIDE,
                    "Keyboard shortcuts: Ctrl+K jumps to an agent by name, Ctrl+N opens a new thread."),
            new Text(104, SHORTCUTS_DOCUMENT, GUIDE, "Press Esc to cancel the reply an agent is writing."),
            new Text(105, 14, GUIDE, "Agents can be given collections of documents to read before they answer."),
            new Text(
                    106,
                    15,
                    GUIDE,
                    "Uploading a file: drop it on the knowledge page; PDF, Markdown and plain text are accepted."),
            new Text(
                    107,
                    16,
                    GUIDE,
                    "Storage quota: every workspace may hold 2 GB of documents. When the quota is used up, new uploads"
                            + " are refused until documents are deleted."),
            new Text(
                    108,
                    17,
                    GUIDE,
                    "Error messages: when a request is refused, the error message explains what went wrong and what"
                            + " to do next."),
            new Text(
                    QUOTA_CODE_PASSAGE,
                    21,
                    RELEASE_NOTES,
                    "Version 2.3: the exporter no longer stops on empty folders, the toolbar icons were redrawn, and"
                            + " ERR_4711_QUOTA is now logged as a warning."),
            new Text(
                    202,
                    22,
                    RELEASE_NOTES,
                    "Version 2.2: threads can be renamed, and the start-up is a second faster."),
            new Text(
                    203,
                    23,
                    RELEASE_NOTES,
                    "Version 2.1: the main class io.agentdeck.Main accepts --headless and --port, so the API runs"
                            + " without a window."),
            new Text(
                    204,
                    24,
                    RELEASE_NOTES,
                    "Version 2.0: upload limits per workspace were raised, and quota errors now say how much space"
                            + " is left."),
            new Text(
                    301,
                    31,
                    RUNBOOK,
                    "ERR_5120_TIMEOUT: the model server did not answer in time. Check that it runs and raise the"
                            + " timeout if it is slow."),
            new Text(
                    302,
                    32,
                    RUNBOOK,
                    "ERR_3301_AUTH: the API key was refused. Create a new key and paste it on the Settings page."),
            new Text(
                    303,
                    33,
                    RUNBOOK,
                    "Error codes start with ERR, then a number and a word for the area, such as QUOTA, AUTH or"
                            + " TIMEOUT. The number tells support which check failed."),
            new Text(
                    304,
                    34,
                    RUNBOOK,
                    "When the disk quota of the data directory is exceeded, writes fail; free space and restart."),
            new Text(305, 35, RUNBOOK, "Backups: copy the data directory while the app is closed."),
            new Text(
                    306,
                    36,
                    RUNBOOK,
                    "Rate limits: the local API refuses a client that sends more than 50 requests a second, until"
                            + " its quota of requests refills."),
            new Text(
                    307,
                    37,
                    RUNBOOK,
                    "Token budgets: a workflow stops with an error once it has used up the tokens it was allowed."),
            new Text(
                    308,
                    38,
                    RUNBOOK,
                    "Quota warnings: at 90 percent of the storage quota the knowledge page shows a warning with the"
                            + " error code of the limit."));

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private final List<IndexedPassage> passages;

    KnowledgeCorpus() {
        List<TextSegment> segments =
                TEXTS.stream().map(text -> TextSegment.from(text.text())).toList();
        List<dev.langchain4j.data.embedding.Embedding> embeddings =
                model.embedAll(segments).content();
        List<IndexedPassage> built = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            Text text = TEXTS.get(i);
            built.add(new IndexedPassage(
                    text.passageId(),
                    text.documentId(),
                    text.collectionId(),
                    text.text(),
                    embeddings.get(i).vector()));
        }
        passages = List.copyOf(built);
    }

    List<IndexedPassage> passages() {
        return passages;
    }

    List<IndexedPassage> inCollection(long collectionId) {
        return passages.stream().filter(p -> p.collectionId() == collectionId).toList();
    }

    float[] embed(String query) {
        return model.embed(query).content().vector();
    }
}
