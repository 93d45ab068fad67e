package io.agentdeck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
