package io.agentdeck.engine.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.Optional;

/**
 * What a tool is, as agents and people see it: its name (an MCP tool's is {@code <server>__<tool>}), where it comes
 * from, what it does and takes, and the hints the default policy reads: whether it only reads, and whether it may
 * destroy something.
 */
public record ToolInfo(
        ToolSpecification specification,
        ToolSource source,
        Optional<String> server,
        boolean readOnly,
        boolean destructive) {

    public String name() {
        return specification.name();
    }

    public String description() {
        return Optional.ofNullable(specification.description()).orElse("");
    }

    public static ToolInfo builtin(ToolSpecification specification, boolean readOnly) {
        return new ToolInfo(specification, ToolSource.BUILTIN, Optional.empty(), readOnly, false);
    }
}
