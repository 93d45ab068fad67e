package io.agentdeck.config.secrets;

import io.agentdeck.config.secrets.CommandRunner.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operating system's keychain through its own command line tool: {@code secret-tool} (Secret Service, e.g. GNOME
 * Keyring or KWallet) on Linux, {@code security} (the login keychain) on macOS. Entries are scoped to the data
 * directory, so a second installation or a test run never sees or overwrites another one's key.
 */
final class CommandLineKeychain implements SecretStore {
    private static final String PROBE = "availability-probe";

    private final Tool tool;
    private final String scope;
    private final CommandRunner runner;

    CommandLineKeychain(Tool tool, String scope, CommandRunner runner) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Whether the keychain answers a lookup: false when the tool is missing, there is no keychain service (no D-Bus
     * session, as on CI machines), or it does not answer in time.
     */
    boolean available() {
        try {
            Outcome outcome = runner.run(tool.lookup(scope, PROBE), "");
            return outcome.exitCode() == 0 || tool.isNotFound(outcome);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> read(String name) throws IOException {
        Outcome outcome = runner.run(tool.lookup(scope, name), "");
        if (outcome.exitCode() == 0) {
            return Optional.of(stripLineEnd(outcome.stdout())).filter(value -> !value.isEmpty());
        }
        if (tool.isNotFound(outcome)) {
            return Optional.empty();
        }
        throw failure("read", outcome);
    }

    @Override
    public void write(String name, String value) throws IOException {
        if (value.isEmpty() || value.chars().anyMatch(c -> c == '"' || c == '\\' || Character.isISOControl(c))) {
            throw new IOException(
                    "The keychain cannot store this " + name + ": it contains quotes or control characters");
        }
        Outcome outcome = runner.run(tool.store(scope, name), tool.storeInput(scope, name, value));
        if (outcome.exitCode() != 0) {
            throw failure("store", outcome);
        }
        // Some tools report success even when the keychain refused (e.g. in interactive mode); reading back is proof.
        if (!read(name).filter(value::equals).isPresent()) {
            throw new IOException("The keychain did not keep the " + name);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Outcome outcome = runner.run(tool.clear(scope, name), "");
        if (outcome.exitCode() != 0 && !tool.isNotFound(outcome)) {
            throw failure("remove", outcome);
        }
    }

    @Override
    public String description() {
        return tool.description();
    }

    private IOException failure(String action, Outcome outcome) {
        String said = outcome.stderr().strip().lines().findFirst().orElse("exit code " + outcome.exitCode());
        return new IOException("The keychain could not %s the secret: %s".formatted(action, said));
    }

    private static String stripLineEnd(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1).stripTrailing() : text;
    }

    /** The command lines of one platform's keychain tool. */
    interface Tool {
        List<String> lookup(String scope, String name);

        List<String> store(String scope, String name);

        String storeInput(String scope, String name, String value);

        List<String> clear(String scope, String name);

        boolean isNotFound(Outcome outcome);

        String description();
    }

    /** libsecret's {@code secret-tool}: exit 1 without a message means "no such secret". */
    static final class SecretTool implements Tool {
        @Override
        public List<String> lookup(String scope, String name) {
            return List.of("secret-tool", "lookup", "application", "agentdeck", "data-dir", scope, "name", name);
        }

        @Override
        public List<String> store(String scope, String name) {
            return List.of(
                    "secret-tool",
                    "store",
                    "--label=AgentDeck " + name,
                    "application",
                    "agentdeck",
                    "data-dir",
                    scope,
                    "name",
                    name);
        }

        @Override
        public String storeInput(String scope, String name, String value) {
            return value;
        }

        @Override
        public List<String> clear(String scope, String name) {
            return List.of("secret-tool", "clear", "application", "agentdeck", "data-dir", scope, "name", name);
        }

        @Override
        public boolean isNotFound(Outcome outcome) {
            return outcome.exitCode() == 1 && outcome.stderr().isBlank();
        }

        @Override
        public String description() {
            return "the system keychain (Secret Service)";
        }
    }

    /** macOS {@code security}: exit 44 means "no such item"; storing goes through {@code security -i} on stdin. */
    static final class MacSecurity implements Tool {
        private static final String SERVICE = "AgentDeck";
        private static final int NOT_FOUND = 44;

        @Override
        public List<String> lookup(String scope, String name) {
            return List.of("security", "find-generic-password", "-s", SERVICE, "-a", account(scope, name), "-w");
        }

        @Override
        public List<String> store(String scope, String name) {
            return List.of("security", "-i");
        }

        @Override
        public String storeInput(String scope, String name, String value) {
            return "add-generic-password -U -s %s -a \"%s\" -w \"%s\"\n"
                    .formatted(SERVICE, account(scope, name), value);
        }

        @Override
        public List<String> clear(String scope, String name) {
            return List.of("security", "delete-generic-password", "-s", SERVICE, "-a", account(scope, name));
        }

        @Override
        public boolean isNotFound(Outcome outcome) {
            return outcome.exitCode() == NOT_FOUND;
        }

        @Override
        public String description() {
            return "the macOS keychain";
        }

        private static String account(String scope, String name) {
            return name + "@" + scope.replace("\"", "");
        }
    }
}
