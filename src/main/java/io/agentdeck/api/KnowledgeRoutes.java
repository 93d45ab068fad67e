package io.agentdeck.api;

import io.agentdeck.api.dto.KnowledgeDtos.CollectionDto;
import io.agentdeck.api.dto.KnowledgeDtos.DocumentDto;
import io.agentdeck.api.dto.KnowledgeDtos.SearchResultDto;
import io.agentdeck.api.security.Caller;
import io.agentdeck.api.security.Owners;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.KnowledgeService;
import io.agentdeck.engine.account.OwnedKind;
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
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The knowledge base: collections, documents (uploaded as multipart, indexed in the background), search, and the
 * collections each agent reads.
 */
final class KnowledgeRoutes implements ApiModule {
    /** The one path that takes multipart bodies instead of JSON (see {@code ApiServer.fenceBody}). */
    static final String UPLOAD_PATH = "/api/knowledge/collections/{id}/documents";

    private final Engine engine;
    private final RequestReader reader;
    private final Owners owners;

    KnowledgeRoutes(Engine engine, RequestReader reader, Owners owners) {
        this.engine = engine;
        this.reader = reader;
        this.owners = owners;
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
        Predicate<Object> visible = owners.documentVisibleOf(Caller.of(ctx));
        ctx.json(Map.of(
                "documents",
                knowledge().documents(id).stream()
                        .filter(document -> visible.test(document.id()))
                        .map(DocumentDto::of)
                        .toList()));
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
        // A file the collection holds already is not added again: only what is new becomes the uploader's.
        Set<Long> before =
                knowledge().documents(id).stream().map(KnowledgeDocument::id).collect(Collectors.toSet());
        Predicate<Object> visible = owners.documentVisibleOf(Caller.of(ctx));
        List<DocumentDto> added = new ArrayList<>();
        for (UploadedFile file : files) {
            try (InputStream content = file.content()) {
                KnowledgeDocument document = knowledge().addUpload(id, file.filename(), content);
                boolean isNew = before.add(document.id());
                if (isNew && owners.memberOf(Caller.of(ctx)).isPresent()) {
                    // A member's upload is theirs; what admins add is shared, as the collections they manage.
                    owners.claim(Caller.of(ctx), OwnedKind.DOCUMENT, document.id());
                } else if (!isNew && !visible.test(document.id())) {
                    throw new EngineException(
                            ErrorKind.CONFLICT,
                            "This collection holds the same file already.",
                            "Nothing was added; rename or change the file to add it as yours.",
                            null);
                }
                added.add(DocumentDto.of(document));
            }
        }
        ctx.status(202).json(Map.of("documents", added));
    }

    private void document(Context ctx) {
        ctx.json(DocumentDto.of(knowledge().document(visibleDocument(ctx))));
    }

    private void deleteDocument(Context ctx) {
        long id = visibleDocument(ctx);
        if (owners.memberOf(Caller.of(ctx)).isPresent() && !owners.visible(Caller.of(ctx), OwnedKind.DOCUMENT, id)) {
            // What the operator added is shared, as collections are: members read it, admins remove it.
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "Only admins of this server may remove a document they did not upload.",
                    "Ask an admin to remove it.",
                    null);
        }
        knowledge().deleteDocument(id);
        owners.release(OwnedKind.DOCUMENT, id);
        ctx.json(Map.of("deleted", true));
    }

    /** A document a member may read: shared, or their own; another member's is answered as missing. */
    private long visibleDocument(Context ctx) {
        long id = RequestReader.pathId(ctx, "id");
        if (!owners.documentVisibleOf(Caller.of(ctx)).test(id)) {
            throw EngineException.notFound("No document with id " + id + ".");
        }
        return id;
    }

    private void search(Context ctx) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        Optional<Long> collection = RequestReader.queryLong(ctx, "collection_id");
        int limit = RequestReader.queryLimit(ctx, 8, 50);
        Predicate<Object> visible = owners.documentVisibleOf(Caller.of(ctx));
        ctx.json(Map.of(
                "results",
                // A member's results leave out other users' documents: asked for more, so that as many remain.
                knowledge()
                        .search(
                                query,
                                collection,
                                owners.memberOf(Caller.of(ctx)).isPresent() ? Math.min(50, limit * 3) : limit)
                        .stream()
                        .filter(passage -> visible.test(passage.documentId()))
                        .limit(limit)
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
