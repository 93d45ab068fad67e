package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.approval.Approval;
import java.time.Instant;

/** An approval as the API shows it: pending, or decided with when and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalDto(
        long id,
        String kind,
        long agentId,
        String tool,
        JsonNode arguments,
        Long conversationId,
        Long taskId,
        String status,
        Instant createdAt,
        Instant decidedAt,
        String reason) {

    public static ApprovalDto of(Approval approval) {
        return new ApprovalDto(
                approval.id(),
                approval.kind().wireName(),
                approval.agentId(),
                approval.tool().orElse(null),
                approval.arguments().map(ToolCallDto::arguments).orElse(null),
                approval.conversationId().orElse(null),
                approval.taskId().orElse(null),
                approval.status().wireName(),
                approval.createdAt(),
                approval.decidedAt().orElse(null),
                approval.reason().orElse(null));
    }
}
