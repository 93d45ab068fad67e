package io.agentdeck.engine.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code <data dir>/mcp.json}: {@code {"mcpServers": {"<name>": {…}, …}}}, the block other desktop apps use, so a
 * person can paste one in. Each change reads the file, changes one entry and writes it back whole (to a temporary
 * file first, then moved over it), so other entries and fields AgentDeck does not know stay as they were. The file
 * may hold tokens, so it is readable by its owner only.
 */
final class McpConfigFile {
    static final String SERVERS = "mcpServers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    McpConfigFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * The whole document; no file is an empty one.
     *
     * @throws EngineException conflict when the file is there but is not such a document: AgentDeck does not
     *     overwrite what it cannot read
     */
    ObjectNode read() {
        if (!Files.exists(file)) {
            return empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw unreadable(
                    location == null
                            ? "is not valid JSON"
                            : "is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr()
                                    + ")");
        } catch (IOException e) {
            throw unreadable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || root.isMissingNode()) {
            return empty();
        }
        if (!(root instanceof ObjectNode object)) {
            throw unreadable("is not a JSON object");
        }
        JsonNode servers = object.get(SERVERS);
        if (servers == null || servers.isNull()) {
            object.putObject(SERVERS);
        } else if (!servers.isObject()) {
            throw unreadable("has a \"" + SERVERS + "\" that is not an object");
        }
        return object;
    }

    void write(ObjectNode root) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".mcp-", ".tmp");
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(temp, JSON.writer(printer()).writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.STORAGE_UNAVAILABLE,
                    "The MCP configuration could not be saved (" + e.getClass().getSimpleName() + ").",
                    "Check free disk space and that " + file + " can be written, then retry.",
                    e);
        }
    }

    static ObjectNode servers(ObjectNode root) {
        return (ObjectNode) root.get(SERVERS);
    }

    private static ObjectNode empty() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject(SERVERS);
        return root;
    }

    /** Two spaces, one entry a line and {@code "name": value}, as people write the file. */
    private static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    private EngineException unreadable(String problem) {
        return new EngineException(
                ErrorKind.CONFLICT,
                "The MCP configuration " + file.getFileName() + " in the data directory " + problem
                        + ", so AgentDeck leaves it alone.",
                "Fix or remove " + file + ", then restart AgentDeck.",
                null);
    }
}
