package io.agentdeck.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandNotifierTest {
    @TempDir
    Path dir;

    @Test
    void notifySendGetsTheTitleAndTextAsArgumentsThatNoShellReads() {
        RecordingCommand notifySend = RecordingCommand.in(dir, "notify-send");
        Path pwned = dir.resolve("pwned");
        String text = "Task #3 failed: \"; touch " + pwned + "; echo $(touch " + pwned + ") `touch " + pwned + "`";

        CommandNotifier.notifySend(notifySend.executable()).notify("AgentDeck", text);

        assertThat(notifySend.calls())
                .containsExactly(List.of("--app-name=AgentDeck", "--expire-time=8000", "--", "AgentDeck", text));
        assertThat(pwned).doesNotExist();
    }

    @Test
    void aTextStartingWithADashIsNotReadAsAnOption() {
        RecordingCommand notifySend = RecordingCommand.in(dir, "notify-send");

        CommandNotifier.notifySend(notifySend.executable()).notify("AgentDeck", "--help");

        assertThat(notifySend.calls().getFirst()).endsWith("--", "AgentDeck", "--help");
    }

    @Test
    void osascriptGetsOneAppleScriptStatementWithTheStringsQuoted() {
        CommandNotifier osascript = CommandNotifier.osascript(Path.of("/usr/bin/osascript"));

        assertThat(osascript.command("AgentDeck", "Task #4 failed: say \"hi\" \\ bye"))
                .containsExactly(
                        "/usr/bin/osascript",
                        "-e",
                        "display notification \"Task #4 failed: say \\\"hi\\\" \\\\ bye\" with title \"AgentDeck\"");
    }

    @Test
    void aMissingOrFailingCommandIsLoggedNotThrown() throws Exception {
        CommandNotifier.notifySend(dir.resolve("not-there")).notify("AgentDeck", "text");
        Path failing = dir.resolve("failing");
        Files.writeString(failing, "#!/bin/sh\nexit 3\n");
        failing.toFile().setExecutable(true);

        CommandNotifier.notifySend(failing).notify("AgentDeck", "text");
    }
}
