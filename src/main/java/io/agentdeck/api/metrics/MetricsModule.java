package io.agentdeck.api.metrics;

import io.agentdeck.api.ApiModule;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.Lazy;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.task.TaskStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.event.LifecycleEventListener;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in Prometheus' text format, for whoever runs AgentDeck as a server: HTTP requests by route and
 * status, replies generated and failed by agent, tokens in and out, the task queue's depth and lag, and the JVM's own
 * figures. The registry is this server's own (never the library's global one), so two servers in one process, as in
 * the tests, count apart; counters start at zero with the server, as Prometheus expects of a restart.
 */
public final class MetricsModule implements ApiModule {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsModule.class);

    private final Engine engine;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    /**
     * The JVM's figures join the registry at the first scrape: registering them starts the platform's management
     * beans (JMX and the flight recorder's commands, about 150 classes), which a desktop app that nobody scrapes never
     * needs at start.
     */
    private final Lazy<PrometheusRegistry> withJvmMetrics = Lazy.of(() -> {
        JvmMetrics.builder().register(registry);
        return registry;
    });

    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter generations;
    private final Counter tokens;
    /** Whether the database answered at this scrape; its gauge is read first, the ones that need it after it. */
    private volatile boolean databaseUp = true;

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
                .help("Replies the agents finished (completed) or gave up on (failed), by agent id")
                .labelNames("agent_id", "outcome")
                .register(registry);
        tokens = Counter.builder()
                .name("agentdeck_tokens_total")
                .help("Tokens the model read (input) and wrote (output), by agent id")
                .labelNames("agent_id", "direction")
                .register(registry);
        // Read from the database at scrape time: while it does not answer, these series are left out and
        // agentdeck_database_up says why, and the rest of the scrape still works.
        GaugeWithCallback.builder()
                .name("agentdeck_database_up")
                .help("1 while the database answers, 0 while it does not")
                .callback(callback -> {
                    databaseUp = engine.status().databaseConnected();
                    callback.call(databaseUp ? 1 : 0);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("agentdeck_tasks")
                .help("Tasks by status")
                .labelNames("status")
                .callback(callback -> readOrSkip(() -> engine.taskTally()
                        .counts()
                        .forEach((status, count) ->
                                callback.call(count, status.name().toLowerCase(Locale.ROOT)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("agentdeck_task_queue_lag_seconds")
                .help("How long the oldest queued task has waited (0 when none waits)")
                .callback(callback -> readOrSkip(() -> callback.call(queueLag().toMillis() / 1000.0)))
                .register(registry);
    }

    @Override
    public void register(JavalinConfig config) {
        // Counting begins when the server starts: an API built ahead of its start (LocalApi.prepare) and then
        // dropped unstarted must leave nothing listening to the engine.
        AtomicReference<EventBus.Subscription> counting = new AtomicReference<>();
        config.events.serverStarting(() -> counting.set(engine.events().subscribe(this::count)));
        LifecycleEventListener stopCounting = () -> {
            EventBus.Subscription subscription = counting.getAndSet(null);
            if (subscription != null) {
                subscription.close();
            }
        };
        config.events.serverStartFailed(stopCounting);
        config.events.serverStopped(stopCounting);
        config.routes.after(this::countRequest);
        config.routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        var body = new ByteArrayOutputStream();
        try {
            format.write(body, withJvmMetrics.get().scrape());
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
            // Labelled by id, not name: names change and are chosen by people and agents, and the event bus's
            // thread must not wait for a database read to learn one.
            case EngineEvent.ResponseCompleted done -> {
                String agent = String.valueOf(done.agentId());
                generations.labelValues(agent, "completed").inc();
                done.reply().usage().ifPresent(usage -> {
                    tokens.labelValues(agent, "input").inc(usage.inputTokens());
                    tokens.labelValues(agent, "output").inc(usage.outputTokens());
                });
            }
            case EngineEvent.AgentFailed failed ->
                generations
                        .labelValues(String.valueOf(failed.agentId()), "failed")
                        .inc();
            default -> {
                // The other events change nothing counted here.
            }
        }
    }

    private void readOrSkip(Runnable read) {
        if (!databaseUp) {
            return; // Each read would wait for the connection pool's timeout.
        }
        try {
            read.run();
        } catch (RuntimeException databaseAway) {
            LOG.debug("Metrics read from the database skipped: {}", databaseAway.getMessage());
        }
    }

    /** Ids grow with creation, so the smallest queued id in the tally is the task that has waited longest. */
    private Duration queueLag() {
        return engine.taskTally().unfinished().entrySet().stream()
                .filter(task -> task.getValue() == TaskStatus.QUEUED)
                .map(Map.Entry::getKey)
                .min(Long::compare)
                .map(oldest -> Duration.between(engine.task(oldest).createdAt(), clock.instant()))
                .filter(lag -> !lag.isNegative())
                .orElse(Duration.ZERO);
    }
}
