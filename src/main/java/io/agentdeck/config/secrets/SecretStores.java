package io.agentdeck.config.secrets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks where secrets are kept on this machine: the keychain when it answers, else the owner-only file. */
public final class SecretStores {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStores.class);

    /** Long enough for a keychain to answer, short enough that a missing one does not delay the start noticeably. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** Storing may show an unlock prompt; the user needs time to answer it. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private SecretStores() {}

    /**
     * Probes the keychain of the given operating system; secrets already in the data directory's file move into it.
     * Never fails: without a usable keychain the file is used.
     */
    public static SecretStore detect(Path dataDirectory, String osName) {
        return detect(dataDirectory, osName, System.getenv());
    }

    /** As {@link #detect(Path, String)}, running the keychain tool in the given environment. */
    public static SecretStore detect(Path dataDirectory, String osName, Map<String, String> environment) {
        FileSecretStore file = FileSecretStore.in(dataDirectory);
        Optional<CommandLineKeychain> keychain =
                keychainFor(osName, dataDirectory.toAbsolutePath().toString(), environment);
        if (keychain.isEmpty()) {
            LOG.info("No keychain available; secrets are kept in {}", file.file());
            return file;
        }
        if (!moveInto(keychain.get(), file)) {
            return file;
        }
        LOG.info("Secrets are kept in {}", keychain.get().description());
        return keychain.get();
    }

    private static Optional<CommandLineKeychain> keychainFor(
            String osName, String scope, Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        CommandLineKeychain.Tool tool;
        if (os.startsWith("mac") || os.contains("darwin")) {
            tool = new CommandLineKeychain.MacSecurity();
        } else if (os.startsWith("linux") || os.contains("bsd")) {
            tool = new CommandLineKeychain.SecretTool();
        } else {
            // Windows: the file under the per-user %APPDATA% is protected by its ACL.
            return Optional.empty();
        }
        boolean available =
                new CommandLineKeychain(tool, scope, new CommandRunner(PROBE_TIMEOUT, environment)).available();
        return available
                ? Optional.of(new CommandLineKeychain(tool, scope, new CommandRunner(COMMAND_TIMEOUT, environment)))
                : Optional.empty();
    }

    /** A key saved while there was no keychain (e.g. before a desktop session existed) must not be lost. */
    private static boolean moveInto(CommandLineKeychain keychain, FileSecretStore file) {
        try {
            for (String name : file.names()) {
                Optional<String> value = file.read(name);
                if (value.isPresent()) {
                    keychain.write(name, value.get());
                }
            }
            file.deleteFile();
            return true;
        } catch (IOException e) {
            LOG.warn(
                    "Could not move the secrets from {} into the keychain, so they stay in the file: {}",
                    file.file(),
                    e.getMessage());
            return false;
        }
    }
}
