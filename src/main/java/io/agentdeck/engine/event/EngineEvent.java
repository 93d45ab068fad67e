package io.agentdeck.engine.event;

import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.chat.Message;
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
}
