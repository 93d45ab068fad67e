package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop's opener, played by real shell scripts standing where {@code xdg-open} would be. */
class DesktopOpenerTest {
    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private Path script(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private DesktopOpener opener(Path command) {
        return new DesktopOpener(List.of(command.toString()), background, problems::add);
    }

    @Test
    void aDocumentIsHandedToTheOpenerAsAPathAndALinkAsItIs() throws Exception {
        Path opened = dir.resolve("opened.txt");
        DesktopOpener opener = opener(script("xdg-open", "echo \"$1\" >> " + opened));
        Path manual = Files.writeString(dir.resolve("manual with spaces.pdf"), "%PDF-1.7");

        opener.open(manual.toUri());
        opener.open(URI.create("https://example.org/docs?a=1"));

        await().atMost(WAIT)
                .until(() -> Files.exists(opened) && Files.readAllLines(opened).size() == 2);
        assertThat(Files.readAllLines(opened)).containsExactly(manual.toString(), "https://example.org/docs?a=1");
        assertThat(problems).isEmpty();
    }

    @Test
    void whenNothingOpensItThePersonIsToldWhy() throws Exception {
        Path manual = Files.writeString(dir.resolve("manual.pdf"), "%PDF-1.7");

        opener(script("no-app", "exit 3")).open(manual.toUri());
        await().atMost(WAIT).until(() -> problems.size() == 1);
        assertThat(problems.getFirst()).isEqualTo("No application on this computer opens " + manual + ".");

        opener(dir.resolve("not-installed")).open(manual.toUri());
        await().atMost(WAIT).until(() -> problems.size() == 2);
        assertThat(problems.get(1)).contains("could not open " + manual).contains("not-installed");

        Path gone = dir.resolve("moved.docx");
        opener(script("never-called", "exit 0")).open(gone.toUri());
        await().atMost(WAIT).until(() -> problems.size() == 3);
        assertThat(problems.get(2))
                .isEqualTo(gone + " is no longer on this computer; it may have been moved or deleted.");
    }
}
