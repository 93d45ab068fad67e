package io.agentdeck.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.chat.Citation;
import java.util.List;
import java.util.Optional;

/** A reply's citations in one text column, as JSON (absent page and heading as null). */
final class CitationsJson {
    private static final TypeReference<List<Stored>> TYPE = new TypeReference<>() {};
    private final ObjectMapper json = new ObjectMapper();

    private record Stored(
            int n,
            long documentId,
            String document,
            long passageId,
            String passage,
            Integer page,
            String heading,
            int start) {}

    List<Citation> read(String text) {
        try {
            return json.readValue(text, TYPE).stream()
                    .map(s -> new Citation(
                            s.n(),
                            s.documentId(),
                            s.document(),
                            s.passageId(),
                            s.passage(),
                            Optional.ofNullable(s.page()),
                            Optional.ofNullable(s.heading()),
                            s.start()))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored citations are not JSON", e);
        }
    }

    String write(List<Citation> citations) {
        try {
            return json.writeValueAsString(citations.stream()
                    .map(c -> new Stored(
                            c.n(),
                            c.documentId(),
                            c.document(),
                            c.passageId(),
                            c.passage(),
                            c.page().orElse(null),
                            c.heading().orElse(null),
                            c.start()))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
