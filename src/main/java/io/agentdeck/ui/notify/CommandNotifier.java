package io.agentdeck.ui.notify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifies through a command such as {@code notify-send} or {@code osascript}. The title and text go to the process
 * as separate arguments, never through a shell, so a task's error text cannot run anything.
 */
public final class CommandNotifier implements SystemNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(CommandNotifier.class);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Path executable;
    private final BiFunction<String, String, List<String>> arguments;

    /** @param arguments the command's arguments for a title and a text */
    public CommandNotifier(Path executable, BiFunction<String, String, List<String>> arguments) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.arguments = Objects.requireNonNull(arguments, "arguments");
    }

    /** freedesktop.org notifications, as GNOME, KDE and most Linux desktops show them. */
    public static CommandNotifier notifySend(Path executable) {
        return new CommandNotifier(
                executable, (title, text) -> List.of("--app-name=AgentDeck", "--expire-time=8000", "--", title, text));
    }

    /** macOS Notification Center through AppleScript; the strings are quoted for AppleScript, not for a shell. */
    public static CommandNotifier osascript(Path executable) {
        return new CommandNotifier(
                executable,
                (title, text) -> List.of(
                        "-e",
                        "display notification " + appleScriptString(text) + " with title " + appleScriptString(title)));
    }

    static String appleScriptString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The whole command line for a title and a text. */
    List<String> command(String title, String text) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments.apply(title, text));
        return command;
    }

    @Override
    public void notify(String title, String text) {
        try {
            Process process = new ProcessBuilder(command(title, text))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.warn(
                        "{} did not finish within {} s; the notification may not have shown",
                        executable,
                        WAIT.toSeconds());
            } else if (process.exitValue() != 0) {
                LOG.warn("{} exited with {}; the notification may not have shown", executable, process.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("Could not run {} for a notification: {}", executable, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String toString() {
        return "CommandNotifier[" + executable + "]";
    }
}
