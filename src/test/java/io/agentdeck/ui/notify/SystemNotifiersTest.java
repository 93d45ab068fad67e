package io.agentdeck.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemNotifiersTest {
    @TempDir
    Path dir;

    @Test
    void linuxUsesNotifySendFoundOnThePath() {
        RecordingCommand notifySend = RecordingCommand.in(dir, "notify-send");
        String path = "/nonexistent" + File.pathSeparator + dir;

        SystemNotifier notifier = SystemNotifiers.detect("Linux", path);

        assertThat(notifier.available()).isTrue();
        notifier.notify("AgentDeck", "Task #1 finished");
        assertThat(notifySend.calls())
                .singleElement()
                .satisfies(call -> assertThat(call).endsWith("AgentDeck", "Task #1 finished"));
    }

    @Test
    void withoutTheCommandOrOnWindowsThereAreNoSystemNotifications() {
        RecordingCommand.in(dir, "notify-send");

        assertThat(SystemNotifiers.detect("Linux", "/nonexistent").available()).isFalse();
        assertThat(SystemNotifiers.detect("Linux", "").available()).isFalse();
        assertThat(SystemNotifiers.detect("Windows 11", dir.toString()).available())
                .isFalse();
    }

    @Test
    void macUsesOsascript() {
        RecordingCommand osascript = RecordingCommand.in(dir, "osascript");

        SystemNotifiers.detect("Mac OS X", dir.toString()).notify("AgentDeck", "Task #2 was cancelled");

        assertThat(osascript.calls())
                .containsExactly(java.util.List.of(
                        "-e", "display notification \"Task #2 was cancelled\" with title \"AgentDeck\""));
    }
}
