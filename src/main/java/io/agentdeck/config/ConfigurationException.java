package io.agentdeck.config;

/**
 * A user-fixable configuration problem (bad flag, bad environment variable). The message is a complete one-line
 * sentence meant for the terminal, so the composition root can print it as-is and exit with a non-zero status.
 */
public class ConfigurationException extends Exception {

    public ConfigurationException(String message) {
        super(message);
    }
}
