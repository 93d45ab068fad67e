package io.agentdeck.api;

import io.agentdeck.api.dto.LocalModelDto;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.llm.LocalModel;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The models folder of the in-process model: list the GGUF files with what their headers say, download one (resumed
 * when started again, checked against its SHA-256) or add one from this computer's disk, and delete one.
 */
final class ModelRoutes implements ApiModule {
    private final Engine engine;
    private final RequestReader reader;

    ModelRoutes(Engine engine, RequestReader reader) {
        this.engine = engine;
        this.reader = reader;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/models", this::list);
        routes.post("/api/models", this::add);
        routes.get("/api/models/{id}", this::one);
        routes.delete("/api/models/{id}", this::delete);
        routes.post("/api/models/{id}/activate", this::activate);
    }

    private void list(Context ctx) {
        ctx.json(Map.of("models", engine.models().list().stream().map(this::dto).toList()));
    }

    private void one(Context ctx) {
        ctx.json(dto(engine.models().get(ctx.pathParam("id"))));
    }

    /** {@code {"url", "sha256"?}} downloads; {@code {"path"}} copies a file of this computer. */
    private void add(Context ctx) {
        var body = reader.body(ctx);
        Optional<String> url = body.optionalText("url");
        Optional<String> path = body.optionalText("path");
        LocalModel model;
        if (url.isPresent() == path.isPresent()) {
            throw EngineException.invalid(
                    "Give either \"url\" (to download a model) or \"path\" (a GGUF file on this" + " computer).");
        } else if (url.isPresent()) {
            model = engine.models().download(uri(url.get()), body.optionalText("sha256"));
        } else {
            Path file = Path.of(path.get());
            if (!file.isAbsolute()) {
                throw EngineException.invalid("\"path\" must be an absolute path.");
            }
            model = engine.models().addFile(file);
        }
        ctx.status(202).json(dto(model));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        engine.deleteLocalModel(id);
        ctx.json(Map.of("deleted", true));
    }

    /** The model every agent uses from now on, and after a restart; 400 with the reason when it cannot run. */
    private void activate(Context ctx) {
        String id = ctx.pathParam("id");
        engine.activateLocalModel(id);
        ctx.json(dto(engine.models().get(id)));
    }

    private LocalModelDto dto(LocalModel model) {
        return LocalModelDto.of(
                model, engine.activeLocalModel().filter(model.id()::equals).isPresent());
    }

    private static URI uri(String text) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw EngineException.invalid("\"" + text + "\" is not a valid URL.");
        }
    }
}
