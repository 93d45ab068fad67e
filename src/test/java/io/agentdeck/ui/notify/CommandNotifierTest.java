package io.agentdeck.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
        Logger logger = (Logger) LoggerFactory.getLogger(CommandNotifier.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            Path missing = dir.resolve("not-there");
            Path failing = dir.resolve("failing");
            Files.writeString(failing, "#!/bin/sh\nexit 3\n");
            assertThat(failing.toFile().setExecutable(true)).isTrue();

            assertThatCode(() -> CommandNotifier.notifySend(missing).notify("AgentDeck", "text"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> CommandNotifier.notifySend(failing).notify("AgentDeck", "text"))
                    .doesNotThrowAnyException();

            assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
            assertThat(log.list.getFirst().getFormattedMessage())
                    .startsWith("Could not run " + missing + " for a notification: ");
            assertThat(log.list.get(1).getFormattedMessage())
                    .isEqualTo(failing + " exited with 3; the notification may not have shown");
        } finally {
            logger.detachAppender(log);
        }
    }
}
