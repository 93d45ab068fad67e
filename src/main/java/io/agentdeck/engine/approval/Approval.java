package io.agentdeck.engine.approval;

import java.time.Instant;
import java.util.Optional;

/**
 * A question to a person: may this agent make this tool call? It records the call in full (the person decides on the
 * arguments, not only the tool), where it was asked from, and the decision with its reason.
 */
public record Approval(
        long id,
        ApprovalKind kind,
        long agentId,
        Optional<String> tool,
        Optional<String> arguments,
        Optional<Long> conversationId,
        Optional<Long> questionId,
        Optional<Long> taskId,
        ApprovalStatus status,
        Instant createdAt,
        Optional<Instant> decidedAt,
        Optional<String> reason) {

    public boolean isPending() {
        return status == ApprovalStatus.PENDING;
    }
}
