package io.agentdeck.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.testing.TinyGguf;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryCheckTest {
    private static final long GB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void theKeyValueCacheGrowsWithTheContextLayersAndKeyValueHeads() throws Exception {
        GgufInfo info = GgufInfo.read(
                TinyGguf.model().layers(2).embedding(64).heads(4).kvHeads(2).writeTo(dir.resolve("m.gguf")));
        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(info.layers()).isEqualTo(2);
        assertThat(info.hasChatTemplate()).isTrue();
        // 2 bytes × (keys + values) × 2 layers × (16 dims × 2 heads) × 512 tokens
        assertThat(info.kvCacheBytes(512)).isEqualTo(2L * 2 * 2 * 32 * 512);
        assertThat(info.kvCacheBytes(1024)).isEqualTo(2 * info.kvCacheBytes(512));
    }

    @Test
    void aModelLargerThanTheFreeMemoryOrTheLimitIsRefusedWithWhatToDo() throws Exception {
        GgufInfo info = GgufInfo.read(TinyGguf.model().writeTo(dir.resolve("m.gguf")));
        assertThat(MemoryCheck.neededBytes(5 * GB, info, 4096)).isGreaterThan(5 * GB);

        assertThatCode(() -> new MemoryCheck(() -> 16 * GB, Optional.empty()).require("Big", 5 * GB, info, 4096))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new MemoryCheck(() -> 3 * GB, Optional.empty()).require("Big", 5 * GB, info, 4096))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Big needs about 5.1 GB of memory with a 4,096-token context")
                .hasMessageEndingWith("this computer has 3.0 GB free.")
                .extracting(e -> ((EngineException) e).hint())
                .asString()
                .contains("smaller model");
        assertThatThrownBy(() -> new MemoryCheck(() -> 16 * GB, Optional.of(2 * GB)).require("Big", 5 * GB, info, 4096))
                .hasMessageEndingWith("the memory limit in the settings is 2.0 GB.");
    }
}
