package io.agentdeck.engine.tool;

import io.agentdeck.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one folder the workspace tools may touch ({@code <data dir>/workspace/}). A path an agent gives is relative to
 * it; one that is absolute, climbs out with {@code ..}, or reaches outside through a symbolic link is refused, and
 * only regular files and folders are read or written (no devices, pipes or sockets), so that a tool call cannot read
 * or change anything else on the machine.
 */
public final class Workspace {
    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The folder's real location, made when first needed. */
    private Path realRoot() {
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where a path the agent gave points inside the workspace, with every link in it followed.
     *
     * @throws EngineException when the path leaves the workspace, or (with {@code mustExist}) does not exist
     */
    public Path resolve(String given, boolean mustExist) {
        Path realRoot = realRoot();
        Path relative = relativePath(given);
        Path target = realRoot.resolve(relative).normalize();
        if (!target.startsWith(realRoot)) {
            throw outside(given);
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw outside(given);
        }
        Path realExisting;
        try {
            realExisting = existing.toRealPath();
        } catch (IOException e) {
            // A dangling link: where it points cannot be checked, so it is not followed.
            throw outside(given);
        }
        if (!realExisting.startsWith(realRoot)) {
            throw outside(given);
        }
        Path resolved = realExisting.resolve(existing.relativize(target));
        if (mustExist && !existing.equals(target)) {
            throw EngineException.notFound("There is no \"" + given + "\" in the workspace.");
        }
        if (Files.exists(resolved) && !Files.isRegularFile(resolved) && !Files.isDirectory(resolved)) {
            throw EngineException.invalid("\"" + given + "\" is not a regular file or folder.");
        }
        return resolved;
    }

    /** How a resolved path reads to the agent: relative to the workspace, with forward slashes. */
    public String display(Path resolved) {
        String relative = realRoot().relativize(resolved).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    private static Path relativePath(String given) {
        String text = given == null ? "" : given.strip();
        if (text.isEmpty()) {
            text = ".";
        }
        if (text.startsWith("/") || text.startsWith("\\") || text.startsWith("~") || text.matches("^[A-Za-z]:.*")) {
            throw EngineException.invalid("Paths are relative to the workspace; \"" + given + "\" is absolute.");
        }
        if (text.indexOf('\0') >= 0) {
            throw EngineException.invalid("The path contains a NUL character.");
        }
        try {
            Path path = Path.of(text);
            if (path.isAbsolute()) {
                throw EngineException.invalid("Paths are relative to the workspace; \"" + given + "\" is absolute.");
            }
            return path;
        } catch (InvalidPathException e) {
            throw EngineException.invalid("\"" + given + "\" is not a valid path.");
        }
    }

    private static EngineException outside(String given) {
        return EngineException.invalid("\"" + given + "\" is outside the workspace; only paths inside it can be used.");
    }
}
