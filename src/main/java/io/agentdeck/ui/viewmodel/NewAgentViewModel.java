package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.creator.AgentCreator.AgentRequest;
import io.agentdeck.engine.creator.AgentSpec;
import io.agentdeck.ui.BackgroundTasks;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The new-agent dialog: the person asks for a role (with optional capabilities and a reason), the Creator designs
 * the agent off the FX thread, the design is previewed, and only "Create" stores it. Discarding at any point creates
 * nothing.
 */
public final class NewAgentViewModel {

    /** Where the dialog is: filling in the request, looking at a design, or finished (created or discarded). */
    public enum Step {
        FORM,
        PREVIEW,
        DONE
    }

    private final Engine engine;
    private final BackgroundTasks work;
    private final Consumer<Agent> onCreated;
    private final StringProperty role = new SimpleStringProperty("");
    private final StringProperty capabilities = new SimpleStringProperty("");
    private final StringProperty reason = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.FORM);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previewName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previewRole = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previewCapabilities = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previewTools = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previewSystemPrompt = new ReadOnlyStringWrapper("");
    private AgentRequest request;
    private AgentSpec design;
    private Agent created;

    /**
     * @param background runs the blocking engine calls
     * @param fx brings the results back to the FX thread
     * @param onCreated called on the FX side with the stored agent
     */
    public NewAgentViewModel(Engine engine, Executor background, Executor fx, Consumer<Agent> onCreated) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.work = new BackgroundTasks(background, fx);
        this.onCreated = Objects.requireNonNull(onCreated, "onCreated");
    }

    public StringProperty roleProperty() {
        return role;
    }

    /** Comma-separated capabilities the agent should have. */
    public StringProperty capabilitiesProperty() {
        return capabilities;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public Step step() {
        return step.get();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean busy() {
        return busy.get();
    }

    /** Why the last design or create failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewNameProperty() {
        return previewName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewRoleProperty() {
        return previewRole.getReadOnlyProperty();
    }

    /** The tools the Creator proposes, e.g. "workspace_read, current_time", or "none". */
    public ReadOnlyStringProperty previewToolsProperty() {
        return previewTools.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewCapabilitiesProperty() {
        return previewCapabilities.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewSystemPromptProperty() {
        return previewSystemPrompt.getReadOnlyProperty();
    }

    /** The stored agent once "Create" succeeded. */
    public Optional<Agent> created() {
        return Optional.ofNullable(created);
    }

    /** Has the Creator design an agent from the form; the preview follows, or the error is shown. */
    public void design() {
        if (busy.get() || step.get() != Step.FORM) {
            return;
        }
        AgentRequest wanted;
        try {
            wanted = new AgentRequest(
                    role.get(), splitCapabilities(capabilities.get()), Optional.ofNullable(reason.get()));
        } catch (EngineException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        busy.set(true);
        work.call(() -> engine.designAgent(wanted))
                .onSuccess(spec -> designed(wanted, spec))
                .onFailure(e -> failed(describe(e, "The design failed")))
                .start("Designing an agent");
    }

    /** Stores the previewed design as a new agent. */
    public void create() {
        if (busy.get() || step.get() != Step.PREVIEW) {
            return;
        }
        AgentSpec spec = design;
        AgentRequest wanted = request;
        error.set("");
        busy.set(true);
        work.call(() -> engine.createAgent(spec, wanted))
                .onSuccess(this::stored)
                .onFailure(e -> failed(describe(e, "The agent could not be created")))
                .start("Creating an agent");
    }

    /** Closes the dialog without creating anything; a design still in flight is dropped when it arrives. */
    public void discard() {
        design = null;
        request = null;
        busy.set(false);
        step.set(Step.DONE);
    }

    private void designed(AgentRequest wanted, AgentSpec spec) {
        if (step.get() == Step.DONE) {
            return;
        }
        busy.set(false);
        request = wanted;
        design = spec;
        previewName.set(spec.name());
        previewRole.set(spec.role());
        previewCapabilities.set(String.join(", ", spec.capabilities()));
        previewTools.set(spec.tools().isEmpty() ? "none" : String.join(", ", spec.tools()));
        previewSystemPrompt.set(spec.systemPrompt());
        step.set(Step.PREVIEW);
    }

    private void stored(Agent agent) {
        busy.set(false);
        created = agent;
        step.set(Step.DONE);
        onCreated.accept(agent);
    }

    private void failed(String reasonText) {
        if (step.get() == Step.DONE) {
            return;
        }
        busy.set(false);
        error.set(reasonText);
    }

    private static String describe(RuntimeException e, String what) {
        // Logged by BackgroundTasks already.
        if (e instanceof EngineException known) {
            return known.getMessage();
        }
        return what + "; the log file has the details.";
    }

    static List<String> splitCapabilities(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(capability -> !capability.isEmpty())
                .distinct()
                .toList();
    }
}
