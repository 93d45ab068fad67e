package io.agentdeck.api;

import io.agentdeck.api.security.ApiSecurity;

/** How the local API is set up: the version it reports and who it lets in. */
public record ApiConfig(String version, ApiSecurity security) {}
