package io.agentdeck.engine.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {
    /** The real in-process embedding model, counting how many texts it is asked to embed. */
    private static final class CountingModel implements EmbeddingModel {
        private final EmbeddingModel real = new AllMiniLmL6V2QuantizedEmbeddingModel();
        private final AtomicInteger embedded = new AtomicInteger();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            embedded.addAndGet(segments.size());
            return real.embedAll(segments);
        }
    }

    @Test
    void aQuestionSharingNoDistinctiveWordIsNotEmbeddedAndARelevantOneFindsItsPassage() {
        CountingModel model = new CountingModel();
        KnowledgeBase knowledge = new KnowledgeBase(() -> model, 3, 0.55);
        knowledge.add("models.md", """
                To use Ollama, set the base URL to http://localhost:11434/v1 and the model name to one you pulled,
                such as llama3.2. Ollama needs no API key.""");
        knowledge.add("themes.md", """
                The window has a light and a dark theme; switch between them on the Settings page.""");
        knowledge.add("threads.md", """
                Each agent has threads. Press Ctrl+N for a new thread and rename or delete it from its menu.""");
        int afterIndexing = model.embedded.get();

        assertThat(knowledge.retrieve("Write a haiku about queues")).isEmpty();
        assertThat(knowledge.retrieve("client 7 message 12")).isEmpty();
        assertThat(model.embedded.get())
                .as("no embedding for unrelated messages")
                .isEqualTo(afterIndexing);

        List<Passage> found = knowledge.retrieve("How do I connect to Ollama?");
        assertThat(model.embedded.get()).isEqualTo(afterIndexing + 1);
        assertThat(found).isNotEmpty();
        assertThat(found.getFirst().source()).isEqualTo("models.md");
    }

    @Test
    void termsAreLowerCasedWordsWithoutPluralsOrCommonWords() {
        assertThat(TermGate.terms("How do the Agents use Ollama's API, v2?"))
                .containsExactlyInAnyOrder("agent", "ollama", "api");
    }

    @Test
    void aWordInMostPassagesIsNotDistinctive() {
        TermGate gate = new TermGate();
        gate.addPassage("agent threads");
        gate.addPassage("agent themes");
        gate.addPassage("agent models");
        gate.addPassage("agent keys");
        assertThat(gate.mayMatch("my agent")).isFalse();
        assertThat(gate.mayMatch("dark themes")).isTrue();
    }
}
