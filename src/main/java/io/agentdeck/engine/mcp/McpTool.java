package io.agentdeck.engine.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentdeck.engine.Sha256;
import io.agentdeck.engine.tool.Tool;
import io.agentdeck.engine.tool.ToolArguments;
import io.agentdeck.engine.tool.ToolInfo;
import io.agentdeck.engine.tool.ToolSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A tool of a connected MCP server, named {@code <server>__<tool>} so that two servers' tools never clash. A call
 * goes to the server under the tool's own name.
 */
final class McpTool implements Tool {
    /** What a model accepts as a function name: the OpenAI API's rule. */
    private static final int MAX_NAME_LENGTH = 64;

    private final McpServer server;
    private final String remoteName;
    private final ToolInfo info;

    private McpTool(McpServer server, String remoteName, ToolInfo info) {
        this.server = server;
        this.remoteName = remoteName;
        this.info = info;
    }

    /**
     * The tool as AgentDeck offers it. The hints follow MCP's defaults when the server gives none: a tool may change
     * things, and such a tool may destroy something; a read-only tool destroys nothing.
     */
    static McpTool of(McpServer server, ToolSpecification remote) {
        Map<String, Object> metadata = Optional.ofNullable(remote.metadata()).orElse(Map.of());
        boolean readOnly = Boolean.TRUE.equals(metadata.get(McpToolMetadataKeys.READ_ONLY_HINT));
        boolean destructive = !readOnly && !Boolean.FALSE.equals(metadata.get(McpToolMetadataKeys.DESTRUCTIVE_HINT));
        ToolSpecification offered = ToolSpecification.builder()
                .name(nameFor(server.name(), remote.name()))
                .description(Optional.ofNullable(remote.description()).orElse(""))
                .parameters(Optional.ofNullable(remote.parameters())
                        .orElseGet(() -> JsonObjectSchema.builder().build()))
                .build();
        return new McpTool(
                server,
                remote.name(),
                new ToolInfo(offered, ToolSource.MCP, Optional.of(server.name()), readOnly, destructive));
    }

    /**
     * {@code <server>__<tool>}, with any character a model does not accept in a name replaced by {@code _}; a name
     * longer than a model accepts keeps its start and ends in a short hash of the whole.
     */
    static String nameFor(String server, String tool) {
        String name = (server + "__" + tool).replaceAll("[^A-Za-z0-9_-]", "_");
        if (name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        String hash = Sha256.of(server + "__" + tool).substring(0, 8);
        return name.substring(0, MAX_NAME_LENGTH - hash.length() - 1) + "_" + hash;
    }

    String remoteName() {
        return remoteName;
    }

    @Override
    public ToolInfo info() {
        return info;
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(server.callTimeout());
    }

    @Override
    public String run(ToolArguments arguments) {
        return server.call(remoteName, arguments.json());
    }
}
