package io.agentdeck.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asked for on the command line. Absent values stay empty (rather than holding defaults) so that the
 * settings resolver can tell "not given" from "given the default value" when layering file, environment and flags.
 */
public record CommandLineOptions(
        boolean headless,
        Optional<String> host,
        Optional<Integer> port,
        Optional<Path> dataDir,
        boolean noAutoInit,
        boolean noAuth,
        boolean version,
        boolean help) {

    public CommandLineOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The options of a bare {@code agentdeck} invocation. */
    public static CommandLineOptions defaults() {
        return new CommandLineOptions(
                false, Optional.empty(), Optional.empty(), Optional.empty(), false, false, false, false);
    }
}
