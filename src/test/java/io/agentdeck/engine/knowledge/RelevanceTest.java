package io.agentdeck.engine.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelevanceTest {
    @Test
    void identifiersAreWordsWithDigitsUnderscoresOrInnerDots() {
        assertThat(Relevance.identifiersIn("What does ERR_4711_QUOTA mean in io.agentdeck.Main, v2?"))
                .as("two characters such as v2 are too common to mean a passage is about the question")
                .containsExactlyInAnyOrder("err_4711_quota", "io.agentdeck.main");
        assertThat(Relevance.identifiersIn("Hello there. How are you?")).isEmpty();
        assertThat(Relevance.mentionsAny("Fails with err_4711_quota often", Relevance.identifiersIn("ERR_4711_QUOTA?")))
                .isTrue();
    }
}
