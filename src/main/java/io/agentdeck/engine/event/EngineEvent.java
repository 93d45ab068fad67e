package io.agentdeck.engine.event;

import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.knowledge.DocumentStatus;
import io.agentdeck.engine.task.Task;
import java.time.Instant;
import java.util.Optional;

/** Everything the engine tells its observers (the API's broadcasters and the desktop shell). */
public sealed interface EngineEvent {

    Instant at();

    record AgentStatusChanged(long agentId, String agentName, AgentStatus status, Optional<Long> taskId, Instant at)
            implements EngineEvent {}

    /** One streamed piece of a reply; {@code messageId} is the user message being answered. */
    record TokenStreamed(long agentId, long messageId, Optional<String> requestId, int seq, String delta, Instant at)
            implements EngineEvent {}

    record ResponseCompleted(
            long agentId, String agentName, Message reply, long userMessageId, Optional<String> requestId, Instant at)
            implements EngineEvent {}

    record AgentFailed(long agentId, ErrorKind kind, String error, String hint, Optional<String> requestId, Instant at)
            implements EngineEvent {}

    record TaskUpdated(Task task, Instant at) implements EngineEvent {}

    record WorkflowStep(
            String workflowId,
            Optional<Long> taskId,
            String step,
            String status,
            Optional<Long> agentId,
            String detail,
            Instant at)
            implements EngineEvent {}

    record AgentCreated(Agent agent, Instant at) implements EngineEvent {}

    record AgentDeleted(long agentId, Instant at) implements EngineEvent {}

    /**
     * An agent calls a tool while answering {@code messageId} (the question); the stored tool message follows with
     * {@link ToolCallFinished}.
     */
    record ToolCallStarted(
            long agentId,
            long messageId,
            Optional<String> requestId,
            String callId,
            String name,
            String arguments,
            Instant at)
            implements EngineEvent {}

    /** A tool call ended; {@code toolMessage} is the stored tool message, whose content is the model's whole result. */
    record ToolCallFinished(long agentId, Optional<String> requestId, Message toolMessage, Instant at)
            implements EngineEvent {}

    /** A turn waits for a person to approve a tool call. */
    record ApprovalRequested(Approval approval, Instant at) implements EngineEvent {}

    /**
     * A document's indexing moved on: queued, indexing ({@code done} of {@code total} passages embedded), ready, or
     * failed with the reason.
     */
    record KnowledgeProgress(
            long collectionId,
            long documentId,
            String name,
            DocumentStatus status,
            int done,
            int total,
            Optional<String> error,
            Instant at)
            implements EngineEvent {}

    /** A local model file arriving (downloaded or copied), ready, or refused; {@code total} 0 when unknown. */
    record ModelProgress(
            String modelId, io.agentdeck.engine.llm.ModelFileStatus status, long bytes, long total, Instant at)
            implements EngineEvent {}

    /** A person (or the clock) decided an approval. */
    record ApprovalResolved(Approval approval, Instant at) implements EngineEvent {}
}
