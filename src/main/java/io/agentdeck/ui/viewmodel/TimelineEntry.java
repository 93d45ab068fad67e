package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.task.Task;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.LongFunction;

/** One line of the dashboard's event timeline: when, what kind of thing happened, and a short human sentence. */
public record TimelineEntry(Instant at, Kind kind, String text) {
    static final int MAX_TEXT = 160;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public enum Kind {
        STATUS,
        REPLY,
        FAILURE,
        TASK,
        WORKFLOW,
        AGENT,
        TOOL,
        APPROVAL,
        KNOWLEDGE,
        MODEL;

        /** The kind as the timeline's badge shows it. */
        public String label() {
            return switch (this) {
                case STATUS -> "status";
                case REPLY -> "reply";
                case FAILURE -> "failure";
                case TASK -> "task";
                case WORKFLOW -> "workflow";
                case AGENT -> "agent";
                case TOOL -> "tool";
                case APPROVAL -> "approval";
                case KNOWLEDGE -> "knowledge";
                case MODEL -> "model";
            };
        }
    }

    /** The local time of day, e.g. {@code 14:03:27}. */
    public String timeText() {
        return TIME.format(at.atZone(ZoneId.systemDefault()));
    }

    /**
     * The entry for an event, or empty for token events (far too many to list).
     *
     * @param agentName names an agent by id, for events that carry only the id
     */
    static Optional<TimelineEntry> of(EngineEvent event, LongFunction<String> agentName) {
        return switch (event) {
            case EngineEvent.TokenStreamed token -> Optional.empty();
            case EngineEvent.AgentStatusChanged changed ->
                entry(
                        changed,
                        Kind.STATUS,
                        changed.agentName() + " is " + changed.status().wireName()
                                + changed.taskId()
                                        .map(id -> " (task " + id + ")")
                                        .orElse(""));
            case EngineEvent.ResponseCompleted completed ->
                entry(completed, Kind.REPLY, completed.agentName() + " replied" + replyFigures(completed));
            case EngineEvent.AgentFailed failed ->
                entry(failed, Kind.FAILURE, agentName.apply(failed.agentId()) + " failed: " + failed.error());
            case EngineEvent.TaskUpdated updated -> entry(updated, Kind.TASK, taskText(updated.task()));
            case EngineEvent.WorkflowStep step ->
                entry(
                        step,
                        Kind.WORKFLOW,
                        "Workflow " + step.workflowId() + ": " + step.step() + " " + step.status()
                                + (step.detail().isBlank() ? "" : " – " + step.detail()));
            case EngineEvent.AgentCreated created ->
                entry(created, Kind.AGENT, "Agent " + created.agent().name() + " created");
            case EngineEvent.AgentDeleted deleted ->
                entry(deleted, Kind.AGENT, "Agent " + agentName.apply(deleted.agentId()) + " deleted");
            case EngineEvent.ToolCallStarted call ->
                entry(call, Kind.TOOL, agentName.apply(call.agentId()) + " called " + call.name());
            case EngineEvent.ToolCallFinished result ->
                entry(
                        result,
                        Kind.TOOL,
                        result.toolMessage()
                                        .tool()
                                        .map(tool -> tool.name() + " "
                                                + tool.status().wireName())
                                        .orElse("A tool call ended")
                                + result.toolMessage()
                                        .durationMs()
                                        .map(ms -> " in " + ms + " ms")
                                        .orElse(""));
            case EngineEvent.ApprovalRequested requested ->
                entry(
                        requested,
                        Kind.APPROVAL,
                        agentName.apply(requested.approval().agentId()) + " asks to run "
                                + requested.approval().tool().orElse("a tool"));
            case EngineEvent.KnowledgeProgress progress ->
                switch (progress.status()) {
                    case READY ->
                        entry(
                                progress,
                                Kind.KNOWLEDGE,
                                progress.name() + " indexed (" + progress.total() + " passages)");
                    case FAILED ->
                        entry(
                                progress,
                                Kind.KNOWLEDGE,
                                progress.name() + " not indexed: "
                                        + progress.error().orElse("it could not be read"));
                    case QUEUED, INDEXING -> Optional.empty();
                };
            case EngineEvent.ModelProgress progress ->
                switch (progress.status()) {
                    case READY -> entry(progress, Kind.MODEL, "Model " + progress.modelId() + " is ready");
                    case FAILED -> entry(progress, Kind.MODEL, "Model " + progress.modelId() + " did not arrive");
                    case DOWNLOADING -> Optional.empty();
                };
            case EngineEvent.ApprovalResolved resolved ->
                entry(
                        resolved,
                        Kind.APPROVAL,
                        "Approval for " + resolved.approval().tool().orElse("a tool") + " "
                                + resolved.approval().status().wireName());
        };
    }

    private static Optional<TimelineEntry> entry(EngineEvent event, Kind kind, String text) {
        return Optional.of(new TimelineEntry(event.at(), kind, oneLine(text)));
    }

    private static String replyFigures(EngineEvent.ResponseCompleted completed) {
        String duration =
                completed.reply().durationMs().map(ms -> " in " + ms + " ms").orElse("");
        String tokens = completed
                .reply()
                .usage()
                .filter(usage -> usage.totalTokens() > 0)
                .map(usage -> " (" + usage.totalTokens() + " tokens)")
                .orElse("");
        return duration + tokens;
    }

    private static String taskText(Task task) {
        String text =
                "Task " + task.id() + " (" + task.type() + ") " + task.status().wireName();
        return switch (task.status()) {
            case FAILED -> text + task.error().map(error -> ": " + error).orElse("");
            default -> text;
        };
    }

    /** Folds line breaks and cuts long texts, so every entry stays one line. */
    static String oneLine(String text) {
        String folded = text.replaceAll("\\s+", " ").strip();
        return folded.length() <= MAX_TEXT ? folded : folded.substring(0, MAX_TEXT - 1) + "…";
    }
}
