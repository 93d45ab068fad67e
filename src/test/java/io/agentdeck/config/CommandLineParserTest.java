package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineParserTest {

    @Test
    void noArgumentsGiveDefaults() throws CommandLineException {
        assertThat(CommandLineParser.parse()).isEqualTo(CommandLineOptions.defaults());
    }

    @Test
    void parsesEveryOptionWithSeparateValues() throws CommandLineException {
        CommandLineOptions options = CommandLineParser.parse(
                "--headless",
                "--host",
                "0.0.0.0",
                "--port",
                "8080",
                "--data-dir",
                "/tmp/deck",
                "--no-auto-init",
                "--no-auth",
                "--version",
                "--help");

        assertThat(options)
                .isEqualTo(new CommandLineOptions(
                        true,
                        Optional.of("0.0.0.0"),
                        Optional.of(8080),
                        Optional.of(Path.of("/tmp/deck")),
                        true,
                        true,
                        true,
                        true));
    }

    @Test
    void parsesEqualsForm() throws CommandLineException {
        CommandLineOptions options = CommandLineParser.parse("--host=localhost", "--port=1", "--data-dir=/d");

        assertThat(options.host()).contains("localhost");
        assertThat(options.port()).contains(1);
        assertThat(options.dataDir()).contains(Path.of("/d"));
        assertThat(options.headless()).isFalse();
    }

    @Test
    void acceptsHighestPort() throws CommandLineException {
        assertThat(CommandLineParser.parse("--port", "65535").port()).contains(65535);
    }

    @Test
    void laterOccurrenceWins() throws CommandLineException {
        assertThat(CommandLineParser.parse("--port", "1000", "--port=2000").port())
                .contains(2000);
    }

    @Test
    void shortHelpIsAccepted() throws CommandLineException {
        assertThat(CommandLineParser.parse("-h").help()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--foo                | agentdeck: unknown option '--foo' (try --help)",
                "--foo=bar            | agentdeck: unknown option '--foo' (try --help)",
                "-x                   | agentdeck: unknown option '-x' (try --help)",
                "stray                | agentdeck: unexpected argument 'stray' (try --help)",
                "--port               | agentdeck: option '--port' requires a value (try --help)",
                "--host=              | agentdeck: option '--host' requires a value (try --help)",
                "--data-dir           | agentdeck: option '--data-dir' requires a value (try --help)",
                "--port=abc           | agentdeck: invalid port 'abc' for --port: expected a number from 1 to 65535 (try --help)",
                "--port=0             | agentdeck: invalid port '0' for --port: expected a number from 1 to 65535 (try --help)",
                "--port=65536         | agentdeck: invalid port '65536' for --port: expected a number from 1 to 65535 (try --help)",
                "--headless=yes       | agentdeck: option '--headless' does not take a value (try --help)",
            })
    void rejectsBadArguments(String argument, String message) {
        assertThatThrownBy(() -> CommandLineParser.parse(argument))
                .isInstanceOf(CommandLineException.class)
                .hasMessage(message);
    }

    @Test
    void valueThatLooksLikeAnOptionIsNotConsumed() {
        assertThatThrownBy(() -> CommandLineParser.parse("--data-dir", "--headless"))
                .isInstanceOf(CommandLineException.class)
                .hasMessage("agentdeck: option '--data-dir' requires a value (try --help)");
    }

    @Test
    void negativePortIsReportedAsInvalidPort() {
        assertThatThrownBy(() -> CommandLineParser.parse("--port", "-1"))
                .hasMessage("agentdeck: invalid port '-1' for --port: expected a number from 1 to 65535 (try --help)");
    }

    @Test
    void errorsAreConfigurationExceptions() {
        assertThatThrownBy(() -> CommandLineParser.parse("--nope")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void usageMentionsEveryOption() {
        assertThat(CommandLineParser.usage())
                .contains(
                        "--headless",
                        "--host",
                        "--port",
                        "--data-dir",
                        "--no-auto-init",
                        "--no-auth",
                        "--version",
                        "--help",
                        "OPENAI_API_KEY");
    }
}
