package io.agentdeck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class JoinedTest {
    @Test
    void returnsTheResultAndThrowsAFailureAsItWasThrown() {
        assertThat(Joined.join(CompletableFuture.supplyAsync(() -> "done"))).isEqualTo("done");

        IllegalStateException unchecked = new IllegalStateException("the step failed");
        assertThatThrownBy(() -> Joined.join(CompletableFuture.failedFuture(unchecked)))
                .isSameAs(unchecked);
        StackOverflowError error = new StackOverflowError();
        assertThatThrownBy(() -> Joined.join(CompletableFuture.supplyAsync(() -> {
                    throw error;
                })))
                .isSameAs(error);
    }

    @Test
    void aCheckedFailureStaysWrapped() {
        IOException checked = new IOException("disk gone");
        assertThatThrownBy(() -> Joined.join(CompletableFuture.failedFuture(checked)))
                .isInstanceOf(CompletionException.class)
                .hasCause(checked);
    }
}
