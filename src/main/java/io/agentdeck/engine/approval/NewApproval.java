package io.agentdeck.engine.approval;

import java.util.Optional;

/** A tool call to ask a person about; the store assigns the id and the time. */
public record NewApproval(
        long agentId, String tool, String arguments, Optional<Long> conversationId, Optional<Long> questionId) {}
