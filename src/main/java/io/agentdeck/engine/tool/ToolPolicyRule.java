package io.agentdeck.engine.tool;

import java.util.Optional;

/** A policy someone set for a tool: for one agent, or (empty) for every agent. */
public record ToolPolicyRule(String tool, Optional<Long> agentId, ToolPolicy policy) {}
