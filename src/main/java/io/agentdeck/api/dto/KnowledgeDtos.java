package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.chat.Citation;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.agentdeck.engine.knowledge.Passage;
import java.time.Instant;
import java.util.List;

/** The knowledge base as the API shows it: collections, documents, search results and citations. */
public final class KnowledgeDtos {
    private KnowledgeDtos() {}

    public record CollectionDto(long collectionId, String name, String description, int documents, Instant createdAt) {
        public static CollectionDto of(KnowledgeCollection collection, int documents) {
            return new CollectionDto(
                    collection.id(), collection.name(), collection.description(), documents, collection.createdAt());
        }
    }

    public record DocumentDto(
            long documentId,
            long collectionId,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mediaType,
            long sizeBytes,
            String sha256,
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            int chunks,
            Instant addedAt) {
        public static DocumentDto of(KnowledgeDocument document) {
            return new DocumentDto(
                    document.id(),
                    document.collectionId(),
                    document.name(),
                    document.mediaType().orElse(null),
                    document.sizeBytes(),
                    document.sha256(),
                    document.status().wireName(),
                    document.error().orElse(null),
                    document.chunks(),
                    document.addedAt());
        }
    }

    /** Where a passage is in its document: the page when the format has pages, the heading, the text offset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationDto(Integer page, String heading, Integer start) {}

    public record SearchResultDto(
            long documentId, String document, long passageId, String passage, double score, LocationDto location) {
        public static SearchResultDto of(Passage passage) {
            return new SearchResultDto(
                    passage.documentId(),
                    passage.source(),
                    passage.passageId(),
                    passage.text(),
                    passage.score(),
                    new LocationDto(
                            passage.page().orElse(null), passage.heading().orElse(null), passage.start()));
        }
    }

    public record CitationDto(
            int n, long documentId, String document, long passageId, String passage, LocationDto location) {
        public static CitationDto of(Citation citation) {
            return new CitationDto(
                    citation.n(),
                    citation.documentId(),
                    citation.document(),
                    citation.passageId(),
                    citation.passage(),
                    new LocationDto(
                            citation.page().orElse(null), citation.heading().orElse(null), citation.start()));
        }

        /** The citations of a reply, or null (left out of the JSON) when it cites nothing. */
        public static List<CitationDto> listOf(List<Citation> citations) {
            return citations.isEmpty()
                    ? null
                    : citations.stream().map(CitationDto::of).toList();
        }
    }
}
