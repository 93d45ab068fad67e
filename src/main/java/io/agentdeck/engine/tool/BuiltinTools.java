package io.agentdeck.engine.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.knowledge.KnowledgeRetriever;
import io.agentdeck.engine.knowledge.Passage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The tools AgentDeck brings: searching the knowledge base, the workspace folder's files, and the time. The workspace
 * tools go through {@link Workspace}, which refuses any path outside it.
 */
public final class BuiltinTools {
    /** A file larger than this is read in part; the model is told so. */
    static final int MAX_READ_BYTES = 256 * 1024;

    static final int MAX_WRITE_CHARS = 1_000_000;
    private static final int MAX_LISTED = 500;
    private static final int MAX_HITS = 100;
    private static final long MAX_SEARCHED_FILE_BYTES = 2L * 1024 * 1024;

    private BuiltinTools() {}

    public static List<Tool> create(Workspace workspace, KnowledgeRetriever knowledge, Clock clock) {
        return List.of(
                knowledgeSearch(knowledge),
                list(workspace),
                read(workspace),
                write(workspace),
                search(workspace),
                currentTime(clock));
    }

    private static Tool knowledgeSearch(KnowledgeRetriever knowledge) {
        var spec = spec(
                "knowledge_search",
                "Searches the collections of the knowledge base this agent reads and returns the most relevant"
                        + " passages with their sources.",
                JsonObjectSchema.builder()
                        .addStringProperty("query", "What to look for, in a few words")
                        .required("query")
                        .build());
        return new FunctionTool(ToolInfo.builtin(spec, true), arguments -> {
            long caller = arguments
                    .callerId()
                    .orElseThrow(() -> EngineException.invalid("The knowledge base is searched for an agent."));
            List<Passage> passages = knowledge.retrieve(
                    caller, arguments.text("query"), arguments.sources().hiddenDocuments());
            if (passages.isEmpty()) {
                return "No passage in the knowledge base matches that query.";
            }
            StringBuilder result = new StringBuilder(
                    "Mark each fact you take from a passage with its number in" + " square brackets, like [1].\n\n");
            for (Passage passage : passages) {
                result.append('[')
                        .append(arguments.sources().number(passage))
                        .append("] (")
                        .append(passage.source())
                        .append(passage.locationText().isEmpty() ? "" : ", " + passage.locationText())
                        .append(")\n")
                        .append(passage.text().strip())
                        .append("\n\n");
            }
            return result.toString().strip();
        });
    }

    private static Tool list(Workspace workspace) {
        var spec = spec(
                "workspace_list",
                "Lists the files and folders in a folder of the workspace (the folder AgentDeck shares with agents).",
                JsonObjectSchema.builder()
                        .addStringProperty("path", "A folder relative to the workspace; \".\" for its top")
                        .build());
        return new FunctionTool(ToolInfo.builtin(spec, true), arguments -> {
            Path folder = workspace.resolve(arguments.optionalText("path").orElse("."), true);
            if (!Files.isDirectory(folder)) {
                throw EngineException.invalid("\"" + workspace.display(folder) + "\" is a file, not a folder.");
            }
            List<String> lines = new ArrayList<>();
            try (Stream<Path> entries = Files.list(folder)) {
                entries.sorted().limit(MAX_LISTED + 1).forEach(entry -> lines.add(describe(entry)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (lines.isEmpty()) {
                return "The folder \"" + workspace.display(folder) + "\" is empty.";
            }
            if (lines.size() > MAX_LISTED) {
                lines.set(MAX_LISTED, "… and more entries not listed.");
            }
            return String.join("\n", lines);
        });
    }

    private static String describe(Path entry) {
        String name = entry.getFileName().toString();
        try {
            if (Files.isDirectory(entry)) {
                return name + "/";
            }
            return name + " (" + Files.size(entry) + " bytes)";
        } catch (IOException e) {
            return name;
        }
    }

    private static Tool read(Workspace workspace) {
        var spec = spec(
                "workspace_read",
                "Reads a text file of the workspace.",
                JsonObjectSchema.builder()
                        .addStringProperty("path", "The file, relative to the workspace")
                        .required("path")
                        .build());
        return new FunctionTool(ToolInfo.builtin(spec, true), arguments -> {
            Path file = workspace.resolve(arguments.text("path"), true);
            if (!Files.isRegularFile(file)) {
                throw EngineException.invalid("\"" + workspace.display(file) + "\" is a folder, not a file.");
            }
            try (var in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_READ_BYTES + 1);
                boolean cut = bytes.length > MAX_READ_BYTES;
                String text = decode(bytes, cut ? MAX_READ_BYTES : bytes.length, workspace.display(file));
                return cut
                        ? text + "\n[… the file is longer; only its first " + MAX_READ_BYTES + " bytes are shown]"
                        : text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String decode(byte[] bytes, int length, String name) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            if (length < bytes.length) {
                // The cut may split a character; decode leniently rather than call a text file binary.
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            throw EngineException.invalid("\"" + name + "\" is not a UTF-8 text file.");
        }
    }

    private static Tool write(Workspace workspace) {
        var spec = spec(
                "workspace_write",
                "Writes a text file in the workspace, replacing it if it exists; missing folders are made.",
                JsonObjectSchema.builder()
                        .addStringProperty("path", "The file, relative to the workspace")
                        .addStringProperty("content", "The whole text of the file")
                        .required("path", "content")
                        .build());
        ToolInfo info = new ToolInfo(spec, ToolSource.BUILTIN, java.util.Optional.empty(), false, true);
        return new FunctionTool(info, arguments -> {
            String content = arguments.text("content");
            if (content.length() > MAX_WRITE_CHARS) {
                throw EngineException.invalid("The content is longer than " + MAX_WRITE_CHARS + " characters.");
            }
            Path file = workspace.resolve(arguments.text("path"), false);
            if (Files.isDirectory(file)) {
                throw EngineException.invalid("\"" + workspace.display(file) + "\" is a folder.");
            }
            try {
                Files.createDirectories(file.getParent());
                // Re-checked after the folders exist: they are inside, but a link could have appeared meanwhile.
                workspace.resolve(workspace.display(file.getParent()), true);
                Path temp = Files.createTempFile(file.getParent(), ".write-", ".tmp");
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "Wrote " + content.getBytes(StandardCharsets.UTF_8).length + " bytes to " + workspace.display(file)
                    + ".";
        });
    }

    private static Tool search(Workspace workspace) {
        var spec = spec(
                "workspace_search",
                "Finds the lines of the workspace's text files that contain some text (ignoring case).",
                JsonObjectSchema.builder()
                        .addStringProperty("query", "The text to find")
                        .addStringProperty("path", "A folder to search in, relative to the workspace; \".\" by default")
                        .required("query")
                        .build());
        return new FunctionTool(ToolInfo.builtin(spec, true), arguments -> {
            String query = arguments.text("query").toLowerCase(Locale.ROOT);
            if (query.isBlank()) {
                throw EngineException.invalid("'query' must not be empty.");
            }
            Path folder = workspace.resolve(arguments.optionalText("path").orElse("."), true);
            List<String> hits = new ArrayList<>();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (hits.size() >= MAX_HITS) {
                        break;
                    }
                    searchFile(workspace, file, query, hits);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (hits.isEmpty()) {
                return "No line contains \"" + arguments.text("query") + "\".";
            }
            if (hits.size() >= MAX_HITS) {
                hits.add("… stopped after " + MAX_HITS + " matches.");
            }
            return String.join("\n", hits);
        });
    }

    private static void searchFile(Workspace workspace, Path file, String query, List<String> hits) throws IOException {
        if (Files.size(file) > MAX_SEARCHED_FILE_BYTES) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return; // not text
        }
        for (int i = 0; i < lines.size() && hits.size() < MAX_HITS; i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).contains(query)) {
                hits.add(workspace.display(file) + ":" + (i + 1) + ": "
                        + lines.get(i).strip());
            }
        }
    }

    private static Tool currentTime(Clock clock) {
        var spec = spec(
                "current_time",
                "Tells the current date and time, in UTC and in the user's time zone.",
                JsonObjectSchema.builder().build());
        return new FunctionTool(ToolInfo.builtin(spec, true), arguments -> {
            ZonedDateTime local = ZonedDateTime.now(clock.withZone(ZoneId.systemDefault()));
            return "UTC: " + clock.instant() + "\nLocal: "
                    + local.format(DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy, HH:mm:ss", Locale.ENGLISH)) + " ("
                    + local.getZone().getId() + ")";
        });
    }

    private static ToolSpecification spec(String name, String description, JsonObjectSchema parameters) {
        return ToolSpecification.builder()
                .name(name)
                .description(description)
                .parameters(parameters)
                .build();
    }
}
