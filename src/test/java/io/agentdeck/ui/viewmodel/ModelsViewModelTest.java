package io.agentdeck.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.llm.ModelFileStatus;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.ScriptedDialogs;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TinyGguf;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.FxBridge;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-run "use this model file" flow, whatever order the FX thread sees the copy's end and the add's answer. */
@AppTest(api = false, initialized = false)
class ModelsViewModelTest {
    private static final Executor NOW = Runnable::run;

    @FromApp
    private TestApp app;

    @TempDir
    Path downloads;

    private final Deque<Runnable> fxQueue = new ConcurrentLinkedDeque<>();
    private FxBridge bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aModelFileThatArrivesBeforeTheAddIsAnsweredIsStillPutToUse() throws Exception {
        app.engine().reconfigureModel(ModelSettings.none());
        Path file = TinyGguf.model().name("Tiny Llama").writeTo(downloads.resolve("quick.gguf"));
        // Trailing bytes (which the loader ignores) make the copy last long enough to finish after the add returned.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(64 << 20));
        }
        Deque<Runnable> heldAnswers = new ConcurrentLinkedDeque<>();
        boolean[] holding = {true};
        // While holding, the answers of engine calls wait aside; the bridge's deliveries of events queue as usual.
        bridge = new FxBridge(app.engine().events(), runnable -> {
            if (holding[0] && runnable.getClass().getName().startsWith(BackgroundTasks.class.getName())) {
                heldAnswers.add(runnable);
            } else {
                fxQueue.add(runnable);
            }
        });
        ScriptedDialogs dialogs = new ScriptedDialogs().picks(file);
        ModelsViewModel models = new ModelsViewModel(app.engine(), bridge, NOW, dialogs, () -> {});

        boolean[] arrivalDelivered = {false};
        bridge.addListener(event -> {
            if (event instanceof EngineEvent.ModelProgress progress && progress.status() == ModelFileStatus.READY) {
                arrivalDelivered[0] = true;
            }
        });

        models.useModelFile();
        holding[0] = false;
        assertThat(heldAnswers).hasSize(1);
        // The FX thread happens to run the copy's end (and the read it starts) before the add's answer.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain();
            return arrivalDelivered[0];
        });
        drain();
        heldAnswers.removeFirst().run();
        drain();

        assertThat(models.errorProperty().get()).isEmpty();
        assertThat(app.engine().activeLocalModel()).contains("quick");
    }

    private void drain() {
        while (!fxQueue.isEmpty()) {
            fxQueue.pollFirst().run();
        }
    }
}
