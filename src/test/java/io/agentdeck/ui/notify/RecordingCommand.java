package io.agentdeck.ui.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A real executable standing in for {@code notify-send} or {@code osascript}: a shell script that appends each
 * argument it gets, one per line, to a file, and a blank line after each call.
 */
final class RecordingCommand {
    private final Path executable;
    private final Path calls;

    private RecordingCommand(Path executable, Path calls) {
        this.executable = executable;
        this.calls = calls;
    }

    static RecordingCommand in(Path directory, String name) {
        try {
            Path calls = directory.resolve(name + ".calls");
            Path executable = directory.resolve(name);
            Files.writeString(
                    executable,
                    "#!/bin/sh\nfor argument in \"$@\"; do printf '%s\\n' \"$argument\"; done >> '" + calls
                            + "'\necho >> '" + calls + "'\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
            return new RecordingCommand(executable, calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path executable() {
        return executable;
    }

    /** The arguments of each call so far. */
    List<List<String>> calls() {
        if (!Files.exists(calls)) {
            return List.of();
        }
        try {
            List<List<String>> all = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (String line : Files.readAllLines(calls, StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    all.add(List.copyOf(current));
                    current.clear();
                } else {
                    current.add(line);
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
