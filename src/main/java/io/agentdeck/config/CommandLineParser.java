package io.agentdeck.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Parses AgentDeck's command line. Hand-rolled because the grammar is tiny and a parser library would be one more
 * dependency to keep patched in a desktop app. Accepts both {@code --flag value} and {@code --flag=value}; a later
 * occurrence of a flag wins over an earlier one.
 *
 * <p>Deliberately does not log: it runs before the logs directory is known (see {@link LoggingSetup}).
 */
public final class CommandLineParser {

    private static final String PROGRAM = "agentdeck";

    private static final String USAGE = """
            Usage: agentdeck [options]
                   agentdeck users add <name> [--admin] [--data-dir <path>]
                   agentdeck users list [--data-dir <path>]

            AgentDeck: a desktop home for a team of AI agents, with a bundled local API server.
            'users' manages the accounts of a team's server (PostgreSQL): 'add' prints the new user's
            API token once.

            Options:
              --headless           Run only the local API server, without the desktop window
              --host <host>        Address the API server binds to (default 127.0.0.1)
              --port <port>        Port the API server listens on, 1-65535 (default 5000)
              --data-dir <path>    Directory for settings, database and logs
              --no-auto-init       Skip the automatic first-start initialisation
              --no-auth            Disable API authentication (trusted local use only)
              --version            Print the version and exit
              -h, --help           Print this help and exit

            Options can also be written as --option=value.

            Environment:
              AGENTDECK_DATA_DIR        Same as --data-dir
              AGENTDECK_HOST            Same as --host
              AGENTDECK_PORT            Same as --port
              OPENAI_API_KEY            API key for the OpenAI-compatible model server
              OPENAI_BASE_URL           Base URL of an OpenAI-compatible server (Ollama, LM Studio, ...)
              AGENTDECK_MODEL           Model name, e.g. gpt-4o-mini
              AGENTDECK_MODEL_PROVIDER  openai, local or none
              AGENTDECK_MAX_PARALLEL    Replies one agent generates at once (default 4)
              AGENTDECK_RATE_LIMIT      API requests: burst/per_second, or 0 for no limit
              AGENTDECK_API_TOKEN       The API token to use instead of the generated one
              AGENTDECK_ALLOWED_HOSTS   Host names clients may use besides localhost and the bind
                                        address, comma-separated (a team's server)
              AGENTDECK_DATABASE_URL    A PostgreSQL database instead of the H2 file (server mode),
                                        e.g. postgresql://agentdeck@db.internal:5432/agentdeck
              AGENTDECK_DATABASE_USER   Its user (or in the URL)
              AGENTDECK_DATABASE_PASSWORD  Its password (or in the URL, or the keychain entry
                                        database-password)

            Command-line options override environment variables, which override settings.json.
            """;

    private CommandLineParser() {}

    public static String usage() {
        return USAGE;
    }

    public static CommandLineOptions parse(String... args) throws CommandLineException {
        var builder = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw error("unexpected argument '%s'".formatted(arg));
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            Optional<String> inlineValue = equals < 0 ? Optional.empty() : Optional.of(arg.substring(equals + 1));
            switch (name) {
                case "--headless" -> builder.headless = flag(name, inlineValue);
                case "--no-auto-init" -> builder.noAutoInit = flag(name, inlineValue);
                case "--no-auth" -> builder.noAuth = flag(name, inlineValue);
                case "--version" -> builder.version = flag(name, inlineValue);
                case "-h", "--help" -> builder.help = flag(name, inlineValue);
                case "--host", "--port", "--data-dir" -> {
                    String value;
                    if (inlineValue.isPresent()) {
                        value = inlineValue.get();
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        value = args[++i];
                    } else {
                        value = "";
                    }
                    builder.set(name, value);
                }
                default -> throw error("unknown option '%s'".formatted(name));
            }
        }
        return builder.build();
    }

    private static boolean flag(String name, Optional<String> inlineValue) throws CommandLineException {
        if (inlineValue.isPresent()) {
            throw error("option '%s' does not take a value".formatted(name));
        }
        return true;
    }

    private static CommandLineException error(String problem) {
        return new CommandLineException("%s: %s (try --help)".formatted(PROGRAM, problem));
    }

    /** Mutable only for the duration of one parse. */
    private static final class Builder {
        private boolean headless;
        private Optional<String> host = Optional.empty();
        private Optional<Integer> port = Optional.empty();
        private Optional<Path> dataDir = Optional.empty();
        private boolean noAutoInit;
        private boolean noAuth;
        private boolean version;
        private boolean help;

        void set(String name, String rawValue) throws CommandLineException {
            String value = rawValue.strip();
            if (value.isEmpty()) {
                throw error("option '%s' requires a value".formatted(name));
            }
            switch (name) {
                case "--host" -> host = Optional.of(value);
                case "--port" -> port = Optional.of(parsePort(value));
                case "--data-dir" -> dataDir = Optional.of(parsePath(value));
                default -> throw new IllegalStateException("no value handling for " + name);
            }
        }

        private static int parsePort(String value) throws CommandLineException {
            return ServerSettings.parsePort(value)
                    .orElseThrow(() ->
                            error("invalid port '%s' for --port: expected a number from 1 to 65535".formatted(value)));
        }

        private static Path parsePath(String value) throws CommandLineException {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw error("invalid path '%s' for --data-dir: %s".formatted(value, e.getReason()));
            }
        }

        CommandLineOptions build() {
            return new CommandLineOptions(headless, host, port, dataDir, noAutoInit, noAuth, version, help);
        }
    }
}
