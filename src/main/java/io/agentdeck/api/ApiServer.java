package io.agentdeck.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.docs.DocsRoutes;
import io.agentdeck.api.metrics.MetricsModule;
import io.agentdeck.api.openai.OpenAiRoutes;
import io.agentdeck.api.realtime.ClientChannel;
import io.agentdeck.api.realtime.RealtimeHub;
import io.agentdeck.api.realtime.WebSocketModule;
import io.agentdeck.api.security.Owners;
import io.agentdeck.api.security.SecurityGate;
import io.agentdeck.api.security.SecurityServletFilter;
import io.agentdeck.api.socketio.SocketIoModule;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.event.NodeRelay;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * The local API over the engine. {@link #create} builds the configured Javalin app; the headless server, the desktop
 * shell and the tests all start that same app. Later layers (security filters, WebSocket, Socket.IO, the
 * OpenAI-compatible endpoint) register through {@link #create}'s extension hook.
 */
public final class ApiServer {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** One document upload request: several files, each within the knowledge base's own limit per file. */
    public static final long MAX_UPLOAD_BYTES = 1024L * 1024 * 1024;

    private static final Pattern UPLOAD = Pattern.compile("/api/knowledge/collections/[^/]+/documents/?");
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private ApiServer() {}

    /** The app with its own real-time hub, closed when the server stops. */
    public static Javalin create(Engine engine, ApiConfig apiConfig) {
        RealtimeHub hub = new RealtimeHub(
                engine,
                JsonSupport.newMapper(),
                Clock.systemUTC(),
                ClientChannel.DEFAULT_OUTBOX,
                NodeRelay.NONE,
                new Owners(engine, apiConfig.security().accounts()));
        Javalin app = create(engine, apiConfig, hub);
        return app;
    }

    /** The app over a hub the caller owns (the desktop shell shows its clients); the hub closes with the server. */
    public static Javalin create(Engine engine, ApiConfig apiConfig, RealtimeHub hub) {
        ObjectMapper json = JsonSupport.newMapper();
        RequestReader reader = new RequestReader(json);
        SecurityGate gate = new SecurityGate(apiConfig.security());
        Owners owners = new Owners(engine, apiConfig.security().accounts());
        List<ApiModule> modules = List.of(
                new SystemRoutes(engine, apiConfig.version()),
                new AgentRoutes(engine, reader, new SseReplyWriter(engine, json), owners),
                new TaskRoutes(engine, reader, owners),
                new WorkflowRoutes(engine, owners),
                new ToolRoutes(engine, reader, owners),
                new McpRoutes(engine, reader),
                new KnowledgeRoutes(engine, reader, owners),
                new ModelRoutes(engine, reader),
                new UserRoutes(apiConfig.security().accounts(), reader),
                new WebSocketModule(hub, json),
                new OpenAiRoutes(engine, json, Clock.systemUTC()),
                new DocsRoutes(json, apiConfig.version()),
                new MetricsModule(engine, Clock.systemUTC()),
                new SocketIoModule(hub, gate, json));
        return Javalin.create(config -> {
            // Close frames go out while Jetty still runs; then no new connection can register.
            config.events.serverStopping(hub::close);
            configure(config, gate, json, modules);
        });
    }

    private static void configure(JavalinConfig config, SecurityGate gate, ObjectMapper json, List<ApiModule> modules) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = MAX_BODY_BYTES;
        // Uploaded documents go to disk past 1 MB; the knowledge base enforces its own limit per file.
        config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        config.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
        config.http.defaultContentType = "application/json; charset=utf-8";
        // Compression would buffer server-sent events; on loopback it buys nothing.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.jsonMapper(new io.javalin.json.JavalinJackson(json, true));

        // A servlet filter, not a Javalin before-handler: it must also guard WebSocket upgrades and other servlets.
        config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                new FilterHolder(new SecurityServletFilter(gate, json)), "/*", EnumSet.of(DispatcherType.REQUEST)));
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
        if (method.equals("POST") && UPLOAD.matcher(ctx.path()).matches()) {
            // Files come as multipart; the route checks the type, the knowledge base each file's size.
            if (length > MAX_UPLOAD_BYTES) {
                throw new ApiException(
                        413,
                        "payload_too_large",
                        "The upload is larger than " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MB.",
                        "Upload fewer or smaller files at a time.");
            }
            return;
        }
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
