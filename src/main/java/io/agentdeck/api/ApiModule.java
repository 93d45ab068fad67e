package io.agentdeck.api;

import io.javalin.config.JavalinConfig;

/** A part of the local API (REST routes, a real-time transport, the OpenAI endpoint) that registers itself. */
@FunctionalInterface
public interface ApiModule {
    void register(JavalinConfig config);
}
