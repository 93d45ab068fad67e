package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentStatus;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One agent in the sidebar: its name and role, its live status and how many replies arrived while it was not open. */
public final class AgentItemViewModel {
    private final long id;
    private final boolean deletable;
    private final ReadOnlyStringWrapper name;
    private final ReadOnlyStringWrapper role;
    private final ReadOnlyObjectWrapper<AgentStatus> status;
    private final ReadOnlyIntegerWrapper unread = new ReadOnlyIntegerWrapper(0);

    AgentItemViewModel(Agent agent, AgentStatus initialStatus) {
        this.id = agent.id();
        this.deletable = !agent.type().isCore();
        this.name = new ReadOnlyStringWrapper(agent.name());
        this.role = new ReadOnlyStringWrapper(agent.role());
        this.status = new ReadOnlyObjectWrapper<>(initialStatus);
    }

    public long id() {
        return id;
    }

    /** Only agents made by the Creator can be deleted; the core agents cannot. */
    public boolean deletable() {
        return deletable;
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public String name() {
        return name.get();
    }

    public ReadOnlyStringProperty roleProperty() {
        return role.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AgentStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public AgentStatus status() {
        return status.get();
    }

    public ReadOnlyIntegerProperty unreadProperty() {
        return unread.getReadOnlyProperty();
    }

    public int unread() {
        return unread.get();
    }

    void status(AgentStatus newStatus) {
        status.set(newStatus);
    }

    void markUnread() {
        unread.set(unread.get() + 1);
    }

    void markRead() {
        unread.set(0);
    }

    @Override
    public String toString() {
        return name();
    }
}
