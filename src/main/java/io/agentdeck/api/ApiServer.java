package io.agentdeck.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.security.HttpSecurityFilter;
import io.agentdeck.api.security.SecurityGate;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The local API over the engine. {@link #create} builds the configured Javalin app; the headless server, the desktop
 * shell and the tests all start that same app. Later layers (security filters, WebSocket, Socket.IO, the
 * OpenAI-compatible endpoint) register through {@link #create}'s extension hook.
 */
public final class ApiServer {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private ApiServer() {}

    public static Javalin create(Engine engine, ApiConfig apiConfig) {
        ObjectMapper json = JsonSupport.newMapper();
        RequestReader reader = new RequestReader(json);
        SecurityGate gate = new SecurityGate(apiConfig.security());
        List<ApiModule> modules = List.of(
                new SystemRoutes(engine, apiConfig.version()),
                new AgentRoutes(engine, reader, new SseReplyWriter(engine, json)),
                new TaskRoutes(engine, reader));
        return Javalin.create(config -> configure(config, gate, json, modules));
    }

    private static void configure(JavalinConfig config, SecurityGate gate, ObjectMapper json, List<ApiModule> modules) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = MAX_BODY_BYTES;
        config.http.defaultContentType = "application/json; charset=utf-8";
        // Compression would buffer server-sent events; on loopback it buys nothing.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.jsonMapper(new io.javalin.json.JavalinJackson(json, true));

        config.routes.before(new HttpSecurityFilter(gate)::before);
        config.routes.before(ApiServer::fenceBody);
        modules.forEach(module -> module.register(config));

        config.routes.exception(EngineException.class, ErrorMapper::engine);
        config.routes.exception(ApiException.class, ErrorMapper::api);
        config.routes.exception(HttpResponseException.class, ErrorMapper::http);
        config.routes.exception(Exception.class, ErrorMapper::unexpected);
        config.routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                ctx.json(ErrorMapper.notFound(ctx));
            }
        });
    }

    /** Every body must be JSON, and not larger than the limit; checked before any handler reads it. */
    private static void fenceBody(Context ctx) {
        String method = ctx.method().name().toUpperCase(Locale.ROOT);
        if (!METHODS_WITH_BODY.contains(method)) {
            return;
        }
        long length = ctx.contentLength();
        boolean hasBody = length > 0 || "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
        if (length > MAX_BODY_BYTES) {
            throw new ApiException(
                    413, "payload_too_large", ErrorMapper.tooLarge().error(), "Send a smaller body.");
        }
        if (hasBody && !isJson(ctx.contentType())) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "The request body must be JSON.",
                    "Send the header 'Content-Type: application/json'.");
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
    }
}
