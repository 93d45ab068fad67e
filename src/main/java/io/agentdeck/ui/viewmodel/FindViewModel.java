package io.agentdeck.ui.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Find in the open thread (Ctrl+F): which loaded messages contain the query, case-insensitively, and which of them
 * is current. Older messages load as the user scrolls up, so the status says when there may be matches before them.
 */
public final class FindViewModel {
    private final ObservableList<ChatBubble> messages;
    private final ReadOnlyBooleanProperty hasOlder;
    private final BooleanProperty open = new SimpleBooleanProperty(false);
    private final StringProperty query = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private List<Integer> matches = List.of();
    private int position = -1;

    FindViewModel(ObservableList<ChatBubble> messages, ReadOnlyBooleanProperty hasOlder) {
        this.messages = messages;
        this.hasOlder = hasOlder;
        query.addListener((observable, before, now) -> search(true));
        messages.addListener((ListChangeListener<ChatBubble>) change -> search(false));
        hasOlder.addListener((observable, before, now) -> describe());
    }

    /** Whether the find bar is shown; closing it clears the highlight. */
    public BooleanProperty openProperty() {
        return open;
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The index in the message list of the current match, or -1. */
    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** E.g. "2 of 5", "No matches". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void show() {
        open.set(true);
    }

    public void close() {
        open.set(false);
        query.set("");
    }

    /** Moves to the next match, wrapping around; the newest match first after a new query. */
    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    private void step(int direction) {
        if (matches.isEmpty()) {
            return;
        }
        position = Math.floorMod(position + direction, matches.size());
        current.set(matches.get(position));
        describe();
    }

    private void search(boolean newQuery) {
        String needle = query.get().strip().toLowerCase(Locale.ROOT);
        int previousIndex = current.get();
        List<Integer> found = new ArrayList<>();
        if (!needle.isEmpty()) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).text().toLowerCase(Locale.ROOT).contains(needle)) {
                    found.add(i);
                }
            }
        }
        matches = List.copyOf(found);
        if (matches.isEmpty()) {
            position = -1;
        } else if (newQuery || !matches.contains(previousIndex)) {
            position = matches.size() - 1; // The newest match: the one nearest the bottom where the user is.
        } else {
            position = matches.indexOf(previousIndex);
        }
        current.set(position < 0 ? -1 : matches.get(position));
        describe();
    }

    private void describe() {
        String more = hasOlder.get() ? " in loaded messages (scroll up for older)" : "";
        if (query.get().isBlank()) {
            status.set("");
        } else if (matches.isEmpty()) {
            status.set("No matches" + more);
        } else {
            status.set((position + 1) + " of " + matches.size() + more);
        }
    }
}
