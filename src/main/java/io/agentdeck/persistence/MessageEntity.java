package io.agentdeck.persistence;

import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.ToolCallInfo;
import io.agentdeck.engine.turn.ToolCallStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "messages")
class MessageEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "agent_id", nullable = false)
    private long agentId;

    @Column(name = "conversation_id", nullable = false)
    private long conversationId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "role", nullable = false)
    private MessageRole role;

    @Column(name = "content", nullable = false)
    private String content;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "input_tokens")
    private Integer inputTokens;

    @Column(name = "output_tokens")
    private Integer outputTokens;

    @Column(name = "duration_ms")
    private Long durationMs;

    /** The question a reply or an error answers. */
    @Column(name = "reply_to")
    private Long replyTo;

    @Column(name = "tool_call_id")
    private String toolCallId;

    @Column(name = "tool_name")
    private String toolName;

    @Column(name = "tool_arguments")
    private String toolArguments;

    @Column(name = "tool_status")
    private String toolStatus;

    /** The sources a reply marks, as JSON ({@link CitationsJson}); NULL for none. */
    @Column(name = "citations")
    private String citations;

    @Column(name = "ttft_ms")
    private Long ttftMs;

    @Column(name = "tokens_per_second")
    private Double tokensPerSecond;

    protected MessageEntity() {}

    MessageEntity(
            long agentId,
            long conversationId,
            MessageRole role,
            String content,
            Instant createdAt,
            Integer inputTokens,
            Integer outputTokens,
            Long durationMs,
            Long replyTo) {
        this.agentId = agentId;
        this.conversationId = conversationId;
        this.role = role;
        this.content = content;
        this.createdAt = createdAt;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.durationMs = durationMs;
        this.replyTo = replyTo;
    }

    void recordSpeed(long ttftMs, double tokensPerSecond) {
        this.ttftMs = ttftMs;
        this.tokensPerSecond = tokensPerSecond;
    }

    Long ttftMs() {
        return ttftMs;
    }

    Double tokensPerSecond() {
        return tokensPerSecond;
    }

    void recordCitations(String json) {
        this.citations = json;
    }

    String citations() {
        return citations;
    }

    void recordToolCall(ToolCallInfo call) {
        this.toolCallId = call.callId();
        this.toolName = call.name();
        this.toolArguments = call.arguments();
        this.toolStatus = call.status().wireName();
    }

    /** The tool call a tool message records; empty for every other message. */
    Optional<ToolCallInfo> toolCall() {
        if (toolName == null) {
            return Optional.empty();
        }
        return Optional.of(new ToolCallInfo(
                toolCallId == null ? "" : toolCallId,
                toolName,
                toolArguments == null ? "" : toolArguments,
                ToolCallStatus.fromWire(toolStatus)));
    }

    long id() {
        return id;
    }

    long agentId() {
        return agentId;
    }

    long conversationId() {
        return conversationId;
    }

    MessageRole role() {
        return role;
    }

    String content() {
        return content;
    }

    Instant createdAt() {
        return createdAt;
    }

    Integer inputTokens() {
        return inputTokens;
    }

    Integer outputTokens() {
        return outputTokens;
    }

    Long durationMs() {
        return durationMs;
    }
}
