package io.agentdeck.engine.account;

/** A token just made: the only time its secret is known; only its hash is stored. */
public record NewToken(TokenInfo info, String secret) {
    @Override
    public String toString() {
        return "NewToken[" + info + "]"; // the secret stays out of logs
    }
}
