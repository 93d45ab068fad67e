package io.agentdeck.engine.creator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentSpecParserTest {
    private final AgentSpecParser parser = new AgentSpecParser(new ObjectMapper());
    private static final String PROMPT = "You are a meticulous reviewer of pull requests who explains findings.";

    @Test
    void readsAValidSpecAndTrimsIt() {
        AgentSpec spec = parser.parse("""
                {"name": " Ada Reviewer ", "role": "Reviews code", "system_prompt": "%s",
                 "capabilities": ["review", "testing", "review"]}""".formatted(PROMPT));
        assertThat(spec.name()).isEqualTo("Ada Reviewer");
        assertThat(spec.systemPrompt()).isEqualTo(PROMPT);
        assertThat(spec.capabilities()).containsExactly("review", "testing");
    }

    @Test
    void acceptsJsonWrappedInAMarkdownFence() {
        AgentSpec spec = parser.parse("```json\n{\"name\":\"A\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT
                + "\",\"capabilities\":[\"x\"]}\n```");
        assertThat(spec.name()).isEqualTo("A");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json at all",
                "[]",
                "{\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":[\"x\"]}",
                "{\"name\":\"\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":[\"x\"]}",
                "{\"name\":\"N\",\"role\":\"R\",\"system_prompt\":\"too short\",\"capabilities\":[\"x\"]}",
                "{\"name\":\"N\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":[]}",
                "{\"name\":\"N\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":\"x\"}",
                "{\"name\":\"N\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":[3]}",
                "{\"name\":42,\"role\":\"R\",\"system_prompt\":\"" + PROMPT + "\",\"capabilities\":[\"x\"]}"
            })
    void refusesMalformedDesignsAsProviderErrors(String reply) {
        assertThatThrownBy(() -> parser.parse(reply)).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("No agent was created");
        });
    }

    @Test
    void refusesANameOverTheLengthLimit() {
        String reply = "{\"name\":\"" + "n".repeat(61) + "\",\"role\":\"R\",\"system_prompt\":\"" + PROMPT
                + "\",\"capabilities\":[\"x\"]}";
        assertThatThrownBy(() -> parser.parse(reply)).hasMessageContaining("'name' must be 1 to 60 characters");
    }

    @Test
    void blankCapabilitiesAreLeftOutAndOnlyBlanksFallBackToTheRole() {
        String design = "{\"name\":\"N\",\"role\":\"Reviews pull requests\",\"system_prompt\":\"" + PROMPT
                + "\",\"capabilities\":%s}";

        assertThat(parser.parse(design.formatted("[\"  \", \"testing\", \"\\n\"]"))
                        .capabilities())
                .containsExactly("testing");
        assertThat(parser.parse(design.formatted("[\" \", \"\\t\"]")).capabilities())
                .containsExactly("Reviews pull requests");
    }
}
