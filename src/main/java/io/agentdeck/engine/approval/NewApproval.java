package io.agentdeck.engine.approval;

import java.util.Optional;

/**
 * A question to ask a person about, a tool call or (for a workflow) a designed agent whose spec is the arguments; the
 * store assigns the id and the time.
 */
public record NewApproval(
        ApprovalKind kind,
        long agentId,
        String tool,
        String arguments,
        Optional<Long> conversationId,
        Optional<Long> questionId,
        Optional<Long> taskId) {

    /** A tool call. */
    public NewApproval(
            long agentId,
            String tool,
            String arguments,
            Optional<Long> conversationId,
            Optional<Long> questionId,
            Optional<Long> taskId) {
        this(ApprovalKind.TOOL_CALL, agentId, tool, arguments, conversationId, questionId, taskId);
    }
}
