package io.agentdeck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    /** FIPS 180-2's example digests. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path temp;

    @Test
    void aTextIsDigestedAsItsUtf8Bytes() {
        assertThat(Sha256.of("abc")).isEqualTo(ABC);
        assertThat(Sha256.of("")).isEqualTo(EMPTY);
        assertThat(Sha256.of("ä"))
                .isEqualTo(
                        Sha256.start().add("ä".getBytes(StandardCharsets.UTF_8)).hex());
    }

    @Test
    void aFileLargerThanOneBlockIsDigestedWhole() throws IOException {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path file = Files.write(temp.resolve("big.bin"), content);

        assertThat(Sha256.of(file)).isEqualTo(Sha256.start().add(content).hex());
        assertThat(Sha256.of(Files.write(temp.resolve("abc.txt"), "abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(ABC);
    }

    @Test
    void partsFedInTurnDigestAsOneText() {
        String parts = Sha256.start()
                .add("a".getBytes(StandardCharsets.UTF_8))
                .add((byte) 'b')
                .add("c".getBytes(StandardCharsets.UTF_8))
                .hex();

        assertThat(parts).isEqualTo(ABC);
    }
}
