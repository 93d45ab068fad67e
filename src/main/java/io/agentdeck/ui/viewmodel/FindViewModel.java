package io.agentdeck.ui.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Consumer;
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
 * Find in the open thread (Ctrl+F), across the whole thread: the loaded messages are searched here, and the database
 * counts the matches in the older ones that are not loaded yet. Stepping to an older match loads pages until it is
 * there. The loaded messages are always the newest part of the thread, so a match's number counts from the oldest.
 */
public final class FindViewModel {
    /** Counts the matches older than the loaded messages; answers on the FX thread, empty when counting failed. */
    @FunctionalInterface
    interface OlderMatchCounter {
        void count(String query, Consumer<OptionalLong> onCount);
    }

    private final ObservableList<ChatBubble> messages;
    private final ReadOnlyBooleanProperty hasOlder;
    private final OlderMatchCounter counter;
    private final Runnable loadOlder;
    private final BooleanProperty open = new SimpleBooleanProperty(false);
    private final StringProperty query = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    /** Indexes of the loaded matches, oldest first. */
    private List<Integer> matches = List.of();
    /** Which of the loaded matches is current, or -1. */
    private int position = -1;
    /** The current match's bubble, so that it stays current while older messages load in front of it. */
    private ChatBubble currentBubble;
    /** Matches in messages older than the loaded ones; empty until the database has answered. */
    private OptionalLong olderMatches = OptionalLong.empty();
    /** The match to show once enough older pages are loaded, numbered from the thread's oldest match. */
    private OptionalLong wanted = OptionalLong.empty();
    /** Tells a late answer to an earlier count from the answer to the latest one. */
    private long countRequest;
    /** The database could not count the older matches: only the loaded ones are known. */
    private boolean countFailed;

    FindViewModel(
            ObservableList<ChatBubble> messages,
            ReadOnlyBooleanProperty hasOlder,
            OlderMatchCounter counter,
            Runnable loadOlder) {
        this.messages = messages;
        this.hasOlder = hasOlder;
        this.counter = counter;
        this.loadOlder = loadOlder;
        query.addListener((observable, before, now) -> newQuery());
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

    /**
     * Moves to the next (newer) match; the newest match first after a new query. From the newest it wraps around to
     * the oldest only when that is loaded: reaching it could mean loading the whole thread.
     */
    public void next() {
        step(1);
    }

    /** Moves to the previous (older) match, loading older messages when it is not loaded yet. */
    public void previous() {
        step(-1);
    }

    /** Another thread is about to load: what was found or asked for in the old one no longer applies. */
    void reset() {
        countRequest++;
        wanted = OptionalLong.empty();
        olderMatches = OptionalLong.empty();
        countFailed = false;
    }

    /** A thread's newest messages were shown in place of the old list: its older matches need counting again. */
    void historyShown() {
        wanted = OptionalLong.empty();
        recount();
    }

    /**
     * A page of {@code added} older messages was put in front of the list (or, with 0, loading older ones stopped):
     * the matches among them are no longer older ones, and a wanted match may now be loaded.
     */
    void olderShown(int added) {
        if (olderMatches.isPresent()) {
            long loadedNow = matches.stream().filter(index -> index < added).count();
            olderMatches = OptionalLong.of(Math.max(0, olderMatches.getAsLong() - loadedNow));
        } else if (!query.get().isBlank()) {
            recount(); // A count asked for before this page came would count its matches as older.
        }
        if (olderMatches.isPresent()) {
            wanted.ifPresent(this::moveTo);
        } else {
            wanted = OptionalLong.empty();
        }
        describe();
    }

    private String needle() {
        return query.get().strip().toLowerCase(Locale.ROOT);
    }

    private void newQuery() {
        wanted = OptionalLong.empty();
        search(true);
        recount();
    }

    private void recount() {
        long request = ++countRequest;
        olderMatches = OptionalLong.empty();
        countFailed = false;
        String needle = needle();
        if (needle.isEmpty()) {
            return;
        }
        if (!hasOlder.get()) {
            olderMatches = OptionalLong.of(0);
            describe();
            return;
        }
        counter.count(needle, count -> {
            if (request == countRequest) {
                olderMatches = count;
                countFailed = count.isEmpty();
                describe();
            }
        });
    }

    private void step(int direction) {
        if (wanted.isPresent()) {
            return; // Still loading the way to the last step's match.
        }
        if (olderMatches.isEmpty()) {
            stepWithinLoaded(direction);
            return;
        }
        long older = olderMatches.getAsLong();
        long total = older + matches.size();
        if (total == 0) {
            return;
        }
        long newest = total - 1;
        long current = older + position;
        if (position >= 0 && direction > 0 && current == newest && older > 0) {
            return; // Wrapping to the oldest match would load every older page first.
        }
        long target = position < 0 ? newest : Math.floorMod(current + direction, total);
        moveTo(target);
        describe();
    }

    /** Before the database has answered, stepping wraps around the loaded matches only. */
    private void stepWithinLoaded(int direction) {
        if (matches.isEmpty()) {
            return;
        }
        show(Math.floorMod(position + direction, matches.size()));
        describe();
    }

    /** Shows the match with this number (from the thread's oldest), loading older pages first when it is not loaded. */
    private void moveTo(long target) {
        long older = olderMatches.orElse(0);
        if (olderMatches.isPresent() && target >= older && target - older < matches.size()) {
            wanted = OptionalLong.empty();
            show((int) (target - older));
        } else if (hasOlder.get()) {
            wanted = OptionalLong.of(target);
            show(-1);
            loadOlder.run();
        } else {
            wanted = OptionalLong.empty(); // The thread changed under the search; the count will follow.
        }
    }

    private void show(int matchPosition) {
        position = matchPosition;
        int index = position < 0 ? -1 : matches.get(position);
        currentBubble = index < 0 ? null : messages.get(index);
        current.set(index);
    }

    private void search(boolean newQuery) {
        String needle = needle();
        List<Integer> found = new ArrayList<>();
        if (!needle.isEmpty()) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).text().toLowerCase(Locale.ROOT).contains(needle)) {
                    found.add(i);
                }
            }
        }
        int previousIndex = current.get();
        matches = List.copyOf(found);
        if (matches.isEmpty() || wanted.isPresent()) {
            show(-1);
        } else if (newQuery) {
            show(matches.size() - 1); // The newest match: the one nearest the bottom where the user is.
        } else {
            show(samePlace(previousIndex));
        }
        describe();
    }

    /** Where the current match is now: the same bubble if it is still there, else the same row, else the newest. */
    private int samePlace(int previousIndex) {
        for (int p = 0; p < matches.size() && currentBubble != null; p++) {
            if (messages.get(matches.get(p)) == currentBubble) {
                return p;
            }
        }
        int sameRow = matches.indexOf(previousIndex);
        return sameRow >= 0 ? sameRow : matches.size() - 1;
    }

    private void describe() {
        if (query.get().isBlank()) {
            status.set("");
        } else if (olderMatches.isEmpty()) {
            String more = !hasOlder.get()
                    ? ""
                    : countFailed
                            ? " in loaded messages (older ones could not be searched)"
                            : " in loaded messages (counting older ones…)";
            status.set(matches.isEmpty() ? "No matches" + more : (position + 1) + " of " + matches.size() + more);
        } else {
            long older = olderMatches.getAsLong();
            long total = older + matches.size();
            if (total == 0) {
                status.set("No matches");
            } else if (wanted.isPresent()) {
                status.set("Loading older messages…");
            } else if (position < 0) {
                status.set(total == 1 ? "1 match in older messages" : total + " matches in older messages");
            } else {
                status.set((older + position + 1) + " of " + total);
            }
        }
    }
}
