package io.agentdeck.engine.model;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.ServiceConfigurationError;
import java.util.function.Supplier;

/** Building a provider's model on its first call: a failure then is the provider's error, said as such. */
final class ModelBuild {
    private ModelBuild() {}

    static <T> T build(Supplier<T> builder) {
        try {
            return builder.get();
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            throw new EngineException(
                    ErrorKind.PROVIDER_ERROR,
                    "AgentDeck could not set up the connection to the model provider: " + e.getMessage(),
                    ErrorKind.PROVIDER_ERROR.defaultHint(),
                    e);
        }
    }
}
