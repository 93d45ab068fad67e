package io.agentdeck.api.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.api.ApiModule;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's own reference: the OpenAPI 3.1 document at {@code /openapi.json} and a self-contained page at
 * {@code /docs} that renders it. Both are resources, read once, so a packaging mistake fails at start-up.
 */
public final class DocsRoutes implements ApiModule {
    static final String DOCUMENT = "/io/agentdeck/api/openapi.json";
    static final String PAGE = "/io/agentdeck/api/docs.html";

    private final byte[] document;
    private final String page;

    public DocsRoutes(ObjectMapper json, String version) {
        this.document = withVersion(json, resource(DOCUMENT), version);
        this.page = new String(resource(PAGE), StandardCharsets.UTF_8);
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/openapi.json", this::document);
        config.routes.get("/docs", this::page);
    }

    private void document(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/json; charset=utf-8").result(document);
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.html(page);
    }

    /** The document names the version of the build that serves it. */
    private static byte[] withVersion(ObjectMapper json, byte[] document, String version) {
        try {
            ObjectNode root = (ObjectNode) json.readTree(document);
            ((ObjectNode) root.get("info")).put("version", version);
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("The bundled OpenAPI document is not valid JSON", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }
}
