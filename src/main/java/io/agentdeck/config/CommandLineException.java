package io.agentdeck.config;

/** A command line the parser rejects; the message already says how to get help. */
public final class CommandLineException extends ConfigurationException {

    public CommandLineException(String message) {
        super(message);
    }
}
