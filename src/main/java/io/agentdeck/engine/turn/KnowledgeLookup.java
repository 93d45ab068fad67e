package io.agentdeck.engine.turn;

import io.agentdeck.engine.Joined;
import io.agentdeck.engine.knowledge.KnowledgeRetriever;
import io.agentdeck.engine.knowledge.Passage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The knowledge for a question, looked up while the question is still being stored and queued: embedding it and
 * searching the index take about as long as the durable write, and on a machine whose other cores are idle before
 * the model starts they need not come one after the other. The turn takes the passages when it starts; a lookup that
 * failed fails the turn then, as one done in the turn would. A question that waits behind a long turn is answered
 * from the knowledge as it was when the question was asked (a document deleted in the meantime can still be cited).
 * One lookup runs per message sent; the API's rate limit bounds how many run at once.
 */
public final class KnowledgeLookup {
    private static final Executor VIRTUAL =
            task -> Thread.ofVirtual().name("knowledge-lookup").start(task);

    private final Supplier<Found> found;
    private final BooleanSupplier done;
    private final boolean readingAhead;

    /** The passages for the question, and the documents the turn may not read from (its thread's privacy). */
    record Found(List<Passage> passages, Set<Long> hiddenDocuments) {}

    private KnowledgeLookup(Supplier<Found> found, BooleanSupplier done, boolean readingAhead) {
        this.found = found;
        this.done = done;
        this.readingAhead = readingAhead;
    }

    /** Whether the model has been told what the turn will ask (so the turn need not tell it again). */
    boolean isReadingAhead() {
        return readingAhead;
    }

    /** Looks up now, on a thread of its own. */
    static KnowledgeLookup started(
            KnowledgeRetriever knowledge, long agentId, String question, Supplier<Set<Long>> hidden) {
        CompletableFuture<Found> found =
                CompletableFuture.supplyAsync(() -> lookUp(knowledge, agentId, question, hidden), VIRTUAL);
        return new KnowledgeLookup(() -> Joined.join(found), found::isDone, false);
    }

    /**
     * Runs {@code first} and then looks up, on a platform thread of its own (both call native code, which would hold
     * a virtual thread's carrier); the turn knows the model has been told what is coming.
     */
    static KnowledgeLookup startedAfter(
            Runnable first, KnowledgeRetriever knowledge, long agentId, String question, Supplier<Set<Long>> hidden) {
        CompletableFuture<Found> found = CompletableFuture.supplyAsync(
                () -> {
                    first.run();
                    return lookUp(knowledge, agentId, question, hidden);
                },
                task -> Thread.ofPlatform().daemon().name("read-ahead").start(task));
        return new KnowledgeLookup(() -> Joined.join(found), found::isDone, true);
    }

    /** Looks up when the turn asks, on the turn's thread: for a turn whose caller has nothing to do first. */
    static KnowledgeLookup whenAsked(
            KnowledgeRetriever knowledge, long agentId, String question, Supplier<Set<Long>> hidden) {
        return new KnowledgeLookup(() -> lookUp(knowledge, agentId, question, hidden), () -> false, false);
    }

    private static Found lookUp(
            KnowledgeRetriever knowledge, long agentId, String question, Supplier<Set<Long>> hidden) {
        Set<Long> hiddenDocuments = hidden.get();
        return new Found(knowledge.retrieve(agentId, question, hiddenDocuments), hiddenDocuments);
    }

    /** Whether {@link #await()} would return at once: the lookup has ended. */
    boolean isDone() {
        return done.getAsBoolean();
    }

    /** The passages, once found; a failure of the lookup is thrown here as it was thrown there. */
    Found await() {
        return found.get();
    }
}
