package io.agentdeck.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalKind;
import io.agentdeck.engine.approval.ApprovalService.Decision;
import io.agentdeck.engine.approval.ApprovalService.Remember;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.FxBridge;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The tool calls waiting for the person at the window, oldest first: the first is shown with the agent, the tool and
 * the full arguments, and answered with one of four choices. An approval answered elsewhere (the API, another window)
 * leaves the queue when its resolution arrives, so nobody decides twice.
 */
public final class ApprovalsViewModel {
    /** The four answers the approval dialog offers. */
    public enum Choice {
        ALLOW_ONCE(Decision.APPROVE, Remember.ONCE),
        ALWAYS_FOR_AGENT(Decision.APPROVE, Remember.AGENT),
        ALWAYS(Decision.APPROVE, Remember.ALWAYS),
        DENY(Decision.DENY, Remember.ONCE);

        private final Decision decision;
        private final Remember remember;

        Choice(Decision decision, Remember remember) {
            this.decision = decision;
            this.remember = remember;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final BackgroundTasks work;
    private final LongFunction<String> agentName;

    private final ObservableList<Approval> pending = FXCollections.observableArrayList();
    private final ObjectBinding<Approval> current =
            Bindings.createObjectBinding(() -> pending.isEmpty() ? null : pending.getFirst(), pending);
    private final BooleanBinding showing = Bindings.isNotEmpty(pending);
    private final StringProperty reason = new SimpleStringProperty("");
    private final BooleanProperty deciding = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);

    /** @param agentName the name the window shows for an agent id */
    public ApprovalsViewModel(Engine engine, FxBridge bridge, Executor background, LongFunction<String> agentName) {
        this.engine = engine;
        this.agentName = agentName;
        this.work = new BackgroundTasks(background, bridge.fx());
        bridge.addListener(this::onEvent);
    }

    /** Reads the approvals that were pending before the window opened (or before a restart). */
    public void load() {
        work.call(() -> engine.tools().approvals(Optional.of(ApprovalStatus.PENDING)))
                .onSuccess(found -> {
                    for (Approval approval : found.reversed()) {
                        add(approval);
                    }
                    loaded.set(true);
                })
                .start("Loading pending approvals");
    }

    /** Answers the approval shown; the reason goes with a denial, so the agent knows why. */
    public void decide(Choice choice) {
        Approval shown = current.get();
        if (shown == null || deciding.get()) {
            return;
        }
        deciding.set(true);
        error.set("");
        Optional<String> why = Optional.of(reason.get().strip()).filter(text -> !text.isEmpty());
        work.call(() -> engine.tools().decide(shown.id(), choice.decision, choice.remember, why))
                .onSuccess(decided -> {
                    deciding.set(false);
                    remove(decided.id());
                })
                .onFailure(failure -> {
                    deciding.set(false);
                    if (failure instanceof EngineException known) {
                        // Decided elsewhere first, or expired: it is no longer ours to answer.
                        remove(shown.id());
                        error.set(known.getMessage());
                    } else {
                        error.set("The answer could not be saved; the log file has the details.");
                    }
                })
                .start("Answering approval " + shown.id());
    }

    private void onEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.ApprovalRequested requested -> add(requested.approval());
            case EngineEvent.ApprovalResolved resolved ->
                remove(resolved.approval().id());
            default -> {}
        }
    }

    private void add(Approval approval) {
        if (approval.kind() == ApprovalKind.TOOL_CALL
                && approval.isPending()
                && pending.stream().noneMatch(known -> known.id() == approval.id())) {
            pending.add(approval);
        }
    }

    private void remove(long id) {
        boolean wasShown = current.get() != null && current.get().id() == id;
        pending.removeIf(approval -> approval.id() == id);
        if (wasShown) {
            reason.set("");
        }
    }

    public ObservableList<Approval> pending() {
        return pending;
    }

    public ObjectBinding<Approval> currentProperty() {
        return current;
    }

    public BooleanBinding showingProperty() {
        return showing;
    }

    /** "Generator wants to run workspace_write" */
    public String title(Approval approval) {
        return agentName.apply(approval.agentId()) + " wants to run "
                + approval.tool().orElse("a tool");
    }

    /** The arguments exactly as the agent wrote them, laid out one field a line when they are JSON. */
    public static String arguments(Approval approval) {
        String written = approval.arguments().orElse("");
        try {
            JsonNode node = JSON.readTree(written);
            if (node != null && node.isObject()) {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // shown as written
        }
        return written;
    }

    /** "1 more waiting" under the dialog when several calls wait. */
    public String moreWaiting() {
        int more = pending.size() - 1;
        return more <= 0 ? "" : more + " more waiting";
    }

    public List<Choice> choices() {
        return List.of(Choice.values());
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public BooleanProperty decidingProperty() {
        return deciding;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
