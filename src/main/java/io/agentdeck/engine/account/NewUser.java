package io.agentdeck.engine.account;

/** A user just added, with the first token, shown once. */
public record NewUser(User user, NewToken token) {}
