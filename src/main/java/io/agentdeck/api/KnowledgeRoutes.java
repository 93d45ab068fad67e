package io.agentdeck.api;

import io.agentdeck.api.dto.KnowledgeDtos.CollectionDto;
import io.agentdeck.api.dto.KnowledgeDtos.DocumentDto;
import io.agentdeck.api.dto.KnowledgeDtos.SearchResultDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.KnowledgeService;
import io.agentdeck.engine.knowledge.KnowledgeCollection;
import io.agentdeck.engine.knowledge.KnowledgeDocument;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge base: collections, documents (uploaded as multipart, indexed in the background), search, and the
 * collections each agent reads.
 */
final class KnowledgeRoutes implements ApiModule {
    /** The one path that takes multipart bodies instead of JSON (see {@code ApiServer.fenceBody}). */
    static final String UPLOAD_PATH = "/api/knowledge/collections/{id}/documents";

    private final Engine engine;
    private final RequestReader reader;

    KnowledgeRoutes(Engine engine, RequestReader reader) {
        this.engine = engine;
        this.reader = reader;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/knowledge/collections", this::collections);
        routes.post("/api/knowledge/collections", this::createCollection);
        routes.delete("/api/knowledge/collections/{id}", this::deleteCollection);
        routes.get(UPLOAD_PATH, this::documents);
        routes.post(UPLOAD_PATH, this::upload);
        routes.get("/api/knowledge/documents/{id}", this::document);
        routes.delete("/api/knowledge/documents/{id}", this::deleteDocument);
        routes.get("/api/knowledge/search", this::search);
        routes.get("/api/agents/{id}/collections", this::agentCollections);
        routes.put("/api/agents/{id}/collections", this::setAgentCollections);
    }

    private KnowledgeService knowledge() {
        return engine.knowledge();
    }

    private void collections(Context ctx) {
        Map<Long, Integer> counts = knowledge().documentCounts();
        ctx.json(Map.of(
                "collections",
                knowledge().collections().stream()
                        .map(collection -> CollectionDto.of(collection, counts.getOrDefault(collection.id(), 0)))
                        .toList()));
    }

    private void createCollection(Context ctx) {
        var body = reader.body(ctx);
        KnowledgeCollection created = knowledge()
                .createCollection(
                        body.requiredText("name"),
                        body.optionalText("description").orElse(""));
        ctx.status(201).json(CollectionDto.of(created, 0));
    }

    private void deleteCollection(Context ctx) {
        knowledge().deleteCollection(RequestReader.pathId(ctx, "id"));
        ctx.json(Map.of("deleted", true));
    }

    private void documents(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        ctx.json(Map.of(
                "documents",
                knowledge().documents(id).stream().map(DocumentDto::of).toList()));
    }

    private void upload(Context ctx) throws IOException {
        long id = RequestReader.pathId(ctx, "id");
        knowledge().collection(id);
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "Documents are uploaded as multipart/form-data, one or more files.",
                    "Send the files as form fields, e.g. curl -F file=@notes.pdf.");
        }
        List<UploadedFile> files = ctx.uploadedFiles();
        if (files.isEmpty()) {
            throw ApiException.badRequest("Attach one or more files (multipart/form-data).");
        }
        List<DocumentDto> added = new ArrayList<>();
        for (UploadedFile file : files) {
            try (InputStream content = file.content()) {
                KnowledgeDocument document = knowledge().addUpload(id, file.filename(), content);
                added.add(DocumentDto.of(document));
            }
        }
        ctx.status(202).json(Map.of("documents", added));
    }

    private void document(Context ctx) {
        ctx.json(DocumentDto.of(knowledge().document(RequestReader.pathId(ctx, "id"))));
    }

    private void deleteDocument(Context ctx) {
        knowledge().deleteDocument(RequestReader.pathId(ctx, "id"));
        ctx.json(Map.of("deleted", true));
    }

    private void search(Context ctx) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        Optional<Long> collection = RequestReader.queryLong(ctx, "collection_id");
        int limit = RequestReader.queryLimit(ctx, 8, 50);
        ctx.json(Map.of(
                "results",
                knowledge().search(query, collection, limit).stream()
                        .map(SearchResultDto::of)
                        .toList()));
    }

    private void agentCollections(Context ctx) {
        long agentId = RequestReader.pathId(ctx, "id");
        engine.agent(agentId);
        ctx.json(agentCollectionsDto(agentId, knowledge().collectionsOf(agentId)));
    }

    private void setAgentCollections(Context ctx) {
        long agentId = RequestReader.pathId(ctx, "id");
        engine.agent(agentId);
        List<Long> ids = reader.body(ctx).requiredIdList("collections");
        ctx.json(agentCollectionsDto(agentId, knowledge().setCollectionsOf(agentId, new LinkedHashSet<>(ids))));
    }

    private static Map<String, Object> agentCollectionsDto(long agentId, java.util.Set<Long> ids) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_id", agentId);
        body.put("collections", ids.stream().sorted().toList());
        return body;
    }
}
