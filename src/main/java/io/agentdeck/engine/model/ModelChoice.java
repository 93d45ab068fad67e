package io.agentdeck.engine.model;

/**
 * Keeps the local model a person chose (over the API or in the window) so that the next start uses it too. Only the
 * choice is kept: what the environment set for this run (a key, an address) is not written anywhere.
 */
@FunctionalInterface
public interface ModelChoice {
    void rememberLocal(String modelId);
}
