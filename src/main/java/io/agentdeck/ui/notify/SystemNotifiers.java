package io.agentdeck.ui.notify;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Picks how to reach the system's notifications on this machine. */
public final class SystemNotifiers {
    private SystemNotifiers() {}

    /**
     * {@code notify-send} on Linux and the BSDs when it is installed, {@code osascript} on macOS; otherwise (Windows,
     * or a Linux without libnotify) {@link SystemNotifier#NONE}, and the in-app notice is all there is.
     *
     * @param path the {@code PATH} to search, as in the environment
     */
    public static SystemNotifier detect(String osName, String path) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return find("osascript", path)
                    .<SystemNotifier>map(CommandNotifier::osascript)
                    .orElse(SystemNotifier.NONE);
        }
        if (os.contains("win")) {
            return SystemNotifier.NONE;
        }
        return find("notify-send", path)
                .<SystemNotifier>map(CommandNotifier::notifySend)
                .orElse(SystemNotifier.NONE);
    }

    static Optional<Path> find(String command, String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            try {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException ignored) {
                // A PATH entry that is no path at all cannot hold the command.
            }
        }
        return Optional.empty();
    }
}
