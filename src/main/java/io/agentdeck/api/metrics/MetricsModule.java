package io.agentdeck.api.metrics;

import io.agentdeck.api.ApiModule;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.task.TaskStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /metrics} in Prometheus' text format, for whoever runs AgentDeck as a server: HTTP requests by route and
 * status, replies generated and failed by agent, tokens in and out, the task queue's depth and lag, and the JVM's own
 * figures. The registry is this server's own (never the library's global one), so two servers in one process, as in
 * the tests, count apart; counters start at zero with the server, as Prometheus expects of a restart.
 */
public final class MetricsModule implements ApiModule {
    /** How many queued tasks the lag gauge reads at most per scrape; the depth counts all of them. */
    private static final int QUEUE_SAMPLE = 1_000;

    private final Engine engine;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter generations;
    private final Counter tokens;

    public MetricsModule(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        requests = Counter.builder()
                .name("agentdeck_http_requests_total")
                .help("HTTP requests answered by the API, by method, route template and status")
                .labelNames("method", "route", "status")
                .register(registry);
        generations = Counter.builder()
                .name("agentdeck_generations_total")
                .help("Replies the agents finished (completed) or gave up on (failed)")
                .labelNames("agent", "outcome")
                .register(registry);
        tokens = Counter.builder()
                .name("agentdeck_tokens_total")
                .help("Tokens the model read (input) and wrote (output), by agent")
                .labelNames("agent", "direction")
                .register(registry);
        GaugeWithCallback.builder()
                .name("agentdeck_tasks")
                .help("Tasks by status")
                .labelNames("status")
                .callback(callback -> engine.taskTally()
                        .counts()
                        .forEach((status, count) ->
                                callback.call(count, status.name().toLowerCase(Locale.ROOT))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("agentdeck_task_queue_lag_seconds")
                .help("How long the oldest queued task has waited (0 when none waits)")
                .callback(callback -> callback.call(queueLag().toMillis() / 1000.0))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    @Override
    public void register(JavalinConfig config) {
        EventBus.Subscription subscription = engine.events().subscribe(this::count);
        config.events.serverStopped(subscription::close);
        config.routes.after(this::countRequest);
        config.routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        var body = new ByteArrayOutputStream();
        try {
            format.write(body, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType(format.getContentType()).result(body.toByteArray());
    }

    private void countRequest(Context ctx) {
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        // The route's template, never the path itself: ids in paths would make a series per thread.
        String route = matched == null ? "unmatched" : matched.path;
        requests.labelValues(ctx.method().name(), route, String.valueOf(ctx.statusCode()))
                .inc();
    }

    private void count(EngineEvent event) {
        switch (event) {
            case EngineEvent.ResponseCompleted done -> {
                generations.labelValues(done.agentName(), "completed").inc();
                done.reply().usage().ifPresent(usage -> {
                    tokens.labelValues(done.agentName(), "input").inc(usage.inputTokens());
                    tokens.labelValues(done.agentName(), "output").inc(usage.outputTokens());
                });
            }
            case EngineEvent.AgentFailed failed ->
                generations.labelValues(agentName(failed.agentId()), "failed").inc();
            default -> {
                // The other events change nothing counted here.
            }
        }
    }

    private String agentName(long agentId) {
        return engine.agents().stream()
                .filter(agent -> agent.id() == agentId)
                .map(agent -> agent.name())
                .findFirst()
                .orElse(String.valueOf(agentId));
    }

    private Duration queueLag() {
        List<Task> queued = engine.tasks(Optional.of(TaskStatus.QUEUED), QUEUE_SAMPLE);
        return queued.stream()
                .map(task -> Duration.between(task.createdAt(), clock.instant()))
                .max(Duration::compareTo)
                .filter(lag -> !lag.isNegative())
                .orElse(Duration.ZERO);
    }
}
