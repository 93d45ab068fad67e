package io.agentdeck.config.secrets;

import java.io.IOException;
import java.util.Optional;

/**
 * Keeps secrets such as the model provider's API key out of {@code settings.json}: in the operating system's keychain
 * where there is one, else in an owner-only file. Values never go to a log or an exception message.
 */
public interface SecretStore {

    /** The name under which the model provider's API key is kept. */
    String OPENAI_API_KEY = "openai-api-key";

    /** The name under which a database server's password is kept (server mode; never in settings.json). */
    String DATABASE_PASSWORD = "database-password";

    Optional<String> read(String name) throws IOException;

    void write(String name, String value) throws IOException;

    /** Removes the secret; removing one that is not there is not an error. */
    void delete(String name) throws IOException;

    /** Where the secrets are kept, for the Settings page, e.g. "the system keychain". */
    String description();
}
