package io.agentdeck.api.realtime;

import io.agentdeck.api.dto.AgentDto;
import io.agentdeck.api.dto.ApprovalDto;
import io.agentdeck.api.dto.KnowledgeDtos;
import io.agentdeck.api.dto.ReplyDto;
import io.agentdeck.api.dto.TaskDto;
import io.agentdeck.api.dto.ToolCallDto;
import io.agentdeck.engine.agent.AgentLiveStatus;
import io.agentdeck.engine.agent.AgentStatus;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.ToolCallInfo;
import io.agentdeck.engine.event.EngineEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The wire payloads of API.md's real-time events, built from engine events. Key order follows the contract. */
public final class EventPayloads {
    private EventPayloads() {}

    static Map<String, Object> agentStatus(EngineEvent.AgentStatusChanged event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", event.agentId());
        data.put("agent_name", event.agentName());
        data.put("status", event.status().wireName());
        event.taskId().ifPresent(taskId -> data.put("task_id", taskId));
        data.put("at", event.at());
        return data;
    }

    static Map<String, Object> agentStatus(AgentLiveStatus status, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", status.agentId());
        data.put("agent_name", status.agentName());
        data.put("status", status.status().wireName());
        status.currentTaskId().ifPresent(taskId -> data.put("task_id", taskId));
        data.put("queue_length", status.queueLength());
        data.put("at", at);
        return data;
    }

    static Map<String, Object> token(EngineEvent.TokenStreamed event, Optional<String> clientRequestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", event.agentId());
        data.put("message_id", event.messageId());
        clientRequestId.ifPresent(id -> data.put("request_id", id));
        data.put("seq", event.seq());
        data.put("delta", event.delta());
        return data;
    }

    /** The first part of a tool result that an event carries; the stored message has all of it. */
    static final int TOOL_RESULT_EVENT_CHARS = 4096;

    public static Map<String, Object> toolCall(EngineEvent.ToolCallStarted event, Optional<String> clientRequestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", event.agentId());
        data.put("message_id", event.messageId());
        clientRequestId.ifPresent(id -> data.put("request_id", id));
        data.put("call_id", event.callId());
        data.put("name", event.name());
        data.put("arguments", ToolCallDto.arguments(event.arguments()));
        data.put("at", event.at().toString());
        return data;
    }

    public static Map<String, Object> toolResult(EngineEvent.ToolCallFinished event, Optional<String> clientRequestId) {
        Message stored = event.toolMessage();
        ToolCallInfo call = stored.tool().orElseThrow();
        String content = stored.content();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", event.agentId());
        clientRequestId.ifPresent(id -> data.put("request_id", id));
        data.put("call_id", call.callId());
        data.put("name", call.name());
        data.put("status", call.status().wireName());
        data.put(
                "content",
                content.length() > TOOL_RESULT_EVENT_CHARS ? content.substring(0, TOOL_RESULT_EVENT_CHARS) : content);
        data.put("duration_ms", stored.durationMs().orElse(0L));
        data.put("tool_message_id", stored.id());
        data.put("at", event.at().toString());
        return data;
    }

    static Map<String, Object> approval(Approval approval) {
        return Map.of("approval", ApprovalDto.of(approval));
    }

    static Map<String, Object> response(EngineEvent.ResponseCompleted event, Optional<String> clientRequestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", event.agentId());
        data.put("agent_name", event.agentName());
        data.put("message", event.reply().content());
        data.put("message_id", event.reply().id());
        data.put("conversation_id", event.reply().conversationId());
        if (!event.reply().citations().isEmpty()) {
            data.put("citations", KnowledgeDtos.CitationDto.listOf(event.reply().citations()));
        }
        event.reply().usage().ifPresent(usage -> data.put("usage", ReplyDto.UsageDto.of(usage)));
        clientRequestId.ifPresent(id -> data.put("request_id", id));
        return data;
    }

    static Map<String, Object> model(EngineEvent.ModelProgress event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.modelId());
        data.put("status", event.status().wireName());
        data.put("bytes", event.bytes());
        data.put("total", event.total());
        return data;
    }

    static Map<String, Object> knowledge(EngineEvent.KnowledgeProgress event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("collection_id", event.collectionId());
        data.put("document_id", event.documentId());
        data.put("name", event.name());
        data.put("status", event.status().wireName());
        data.put("done", event.done());
        data.put("total", event.total());
        event.error().ifPresent(error -> data.put("error", error));
        return data;
    }

    static Map<String, Object> error(String error, String code, String hint, Optional<String> clientRequestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error", error);
        data.put("code", code);
        data.put("hint", hint);
        clientRequestId.ifPresent(id -> data.put("request_id", id));
        return data;
    }

    static Map<String, Object> workflow(EngineEvent.WorkflowStep event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflow_id", event.workflowId());
        data.put("task_id", event.taskId().orElse(null));
        data.put("step", event.step());
        data.put("status", event.status());
        data.put("agent_id", event.agentId().orElse(null));
        data.put("detail", event.detail());
        data.put("at", event.at());
        return data;
    }

    static Map<String, Object> task(EngineEvent.TaskUpdated event) {
        return Map.of("task", TaskDto.of(event.task()));
    }

    static Map<String, Object> agentCreated(EngineEvent.AgentCreated event, int maxParallel) {
        return Map.of("agent", AgentDto.of(event.agent(), AgentStatus.IDLE, maxParallel));
    }

    static Map<String, Object> agentDeleted(EngineEvent.AgentDeleted event) {
        return Map.of("agent_id", event.agentId());
    }
}
