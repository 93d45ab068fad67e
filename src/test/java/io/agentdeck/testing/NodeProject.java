package io.agentdeck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages the tests run with {@code node} (src/test/node): the real socket.io and OpenAI clients, and the
 * reference MCP servers. Their versions are pinned by the lockfile; a fresh clone has no node_modules, and the first
 * test that needs them installs exactly what the lockfile pins.
 */
public final class NodeProject {
    public static final Path DIRECTORY = Path.of("src", "test", "node");

    /** Every package a test runs; one missing means the lockfile has not been installed (or has changed). */
    private static final List<String> PACKAGES = List.of(
            "socket.io-client",
            "openai",
            "@modelcontextprotocol/server-filesystem",
            "@modelcontextprotocol/server-everything");

    private NodeProject() {}

    /** Runs {@code npm ci} from the lockfile unless every package is already there. */
    public static synchronized void installOnce() {
        if (PACKAGES.stream().allMatch(name -> Files.isDirectory(modules().resolve(name)))) {
            return;
        }
        try {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(DIRECTORY.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci failed:%n%s", output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The reference filesystem MCP server's entry point (stdio; give it the folders it may use). */
    public static Path filesystemServer() {
        return modules().resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
    }

    /** The reference "everything" MCP server's entry point ({@code stdio} or {@code streamableHttp}). */
    public static Path everythingServer() {
        return modules().resolve("@modelcontextprotocol/server-everything/dist/index.js");
    }

    private static Path modules() {
        return DIRECTORY.resolve("node_modules").toAbsolutePath();
    }

    /**
     * Runs one of the project's scripts with node; it prints one JSON object per line and {@code {"done": true}} last.
     * Returns the lines, after asserting that it exited cleanly within a minute and got to the end.
     */
    public static List<JsonNode> run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(DIRECTORY.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("%s failed:%n%s%n%s", script, stdout, stderr)
                .isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines)
                .as("%s ended early:%n%s%n%s", script, stdout, stderr)
                .last()
                .satisfies(last -> assertThat(last.path("done").asBoolean()).isTrue());
        return lines;
    }
}
