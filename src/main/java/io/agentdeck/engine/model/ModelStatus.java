package io.agentdeck.engine.model;

import java.util.Optional;

/** What the UI and {@code GET /api/status} say about the model: which provider, and if not ready, what is missing. */
public record ModelStatus(String provider, String name, boolean ready, Optional<String> missing) {}
