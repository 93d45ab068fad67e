package io.agentdeck.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.event.EventBus;
import io.agentdeck.testing.TinyGguf;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models folder read while copies finish: a copy that finishes between the listing of the parts and of the
 * finished files must still be listed (it once went missing, and adding a small file failed with "There is no model").
 */
class LocalModelsListingTest {
    @TempDir
    Path folder;

    @TempDir
    Path downloads;

    @Test
    void modelsWhoseCopyFinishesWhileTheFolderIsReadAreAlwaysListed() throws Exception {
        Path source = TinyGguf.model().name("Tiny").writeTo(downloads.resolve("source.gguf"));
        LocalModels models = new LocalModels(folder, new EventBus(), HttpClient::newHttpClient, Clock.systemUTC());
        try {
            for (int i = 0; i < 150; i++) {
                Path copy = downloads.resolve("tiny-" + i + ".gguf");
                java.nio.file.Files.copy(source, copy);
                // addFile reads the folder at once, while its own copy runs.
                assertThat(models.addFile(copy).id()).isEqualTo("tiny-" + i);
                assertThat(models.list()).extracting(LocalModel::id).contains("tiny-" + i);
            }
        } finally {
            models.close();
        }
    }
}
