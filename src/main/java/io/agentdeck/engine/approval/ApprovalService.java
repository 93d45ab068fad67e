package io.agentdeck.engine.approval;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.store.ApprovalStore;
import io.agentdeck.engine.tool.ToolPolicies;
import io.agentdeck.engine.tool.ToolPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks people before a tool call runs, and keeps their answers. A turn that needs an approval waits on its own thread
 * until someone decides (in the window or through the API: the first decision wins), the approval expires (as
 * denied), or the reply is cancelled. A decision to remember becomes a tool policy, for the agent or for all.
 */
public final class ApprovalService {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalService.class);

    /** How often a waiting turn looks whether its reply was cancelled. */
    private static final Duration CANCEL_CHECK = Duration.ofMillis(200);
    /**
     * How often a waiting turn reads its approval from the store: on several nodes sharing a database the person may
     * answer on another node, which cannot wake this turn's future.
     */
    private static final Duration STORE_CHECK = Duration.ofSeconds(1);

    private static final int LIST_LIMIT = 500;

    private final ApprovalStore store;
    private final ToolPolicies policies;
    private final EventBus events;
    private final Clock clock;
    private final Duration timeout;
    private final Map<Long, CompletableFuture<Approval>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Thrown into waiting turns when AgentDeck stops: their approvals stay pending. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("AgentDeck is stopping", null, false, false);
        }
    }

    public ApprovalService(ApprovalStore store, ToolPolicies policies, EventBus events, Clock clock, Duration timeout) {
        this.store = store;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** What a person answers: approve or deny, and whether to remember it for this agent or for every agent. */
    public enum Decision {
        APPROVE,
        DENY
    }

    public enum Remember {
        ONCE,
        AGENT,
        ALWAYS
    }

    /**
     * Asks, and blocks the calling turn until the answer: the approval as decided (approved, denied or expired).
     *
     * @throws EngineException (cancelled) when the reply is cancelled while it waits; the approval is then denied
     */
    public Approval ask(NewApproval question, Generation generation) {
        if (closed) {
            throw stopped();
        }
        Approval pending = store.create(question);
        CompletableFuture<Approval> answer = new CompletableFuture<>();
        waiting.put(pending.id(), answer);
        events.publish(new EngineEvent.ApprovalRequested(pending, clock.instant()));
        Instant deadline = pending.createdAt().plus(timeout);
        long nextStoreCheck = System.nanoTime() + STORE_CHECK.toNanos();
        try {
            while (true) {
                if (closed) {
                    throw stopped();
                }
                if (generation.isCancelled()) {
                    close(pending.id(), ApprovalStatus.DENIED, Optional.of("The reply was cancelled."));
                    throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return close(pending.id(), ApprovalStatus.EXPIRED, Optional.of("Nobody answered in time."))
                            .orElseGet(() -> answer.getNow(pending));
                }
                try {
                    return answer.get(Math.min(left.toMillis(), CANCEL_CHECK.toMillis()) + 1, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    // look at the cancel flag and the clock again, and now and then at the stored approval
                }
                if (System.nanoTime() - nextStoreCheck >= 0) {
                    nextStoreCheck = System.nanoTime() + STORE_CHECK.toNanos();
                    Optional<Approval> decidedElsewhere = decidedInStore(pending.id());
                    if (decidedElsewhere.isPresent()) {
                        return decidedElsewhere.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (closed) {
                throw stopped();
            }
            close(pending.id(), ApprovalStatus.DENIED, Optional.of("The reply was cancelled."));
            throw new EngineException(ErrorKind.CANCELLED, "The generation was cancelled.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Stopping) {
                throw stopped();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(pending.id());
        }
    }

    /** The stored approval once somebody decided it; empty while pending or when the store does not answer. */
    private Optional<Approval> decidedInStore(long id) {
        try {
            return store.findById(id).filter(stored -> !stored.isPending());
        } catch (RuntimeException e) {
            // A moment without the database must not end the waiting turn: look again at the next check.
            LOG.debug("Could not re-read approval {}: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * AgentDeck is stopping: every waiting turn ends without a decision, so that its approval stays pending and is
     * found after the restart ({@link #takeOrphaned()}).
     */
    public void close() {
        closed = true;
        waiting.values().forEach(answer -> answer.completeExceptionally(new Stopping()));
    }

    private static EngineException stopped() {
        return new EngineException(ErrorKind.CANCELLED, "AgentDeck stopped while the tool call waited for approval.");
    }

    /**
     * A person's decision. The first decision wins; a later one gets a conflict.
     *
     * @throws EngineException not found, or conflict when it is no longer pending
     */
    public Approval decide(long id, Decision decision, Remember remember, Optional<String> reason) {
        Approval approval = get(id);
        if (!approval.isPending()) {
            throw alreadyDecided(approval);
        }
        ApprovalStatus status = decision == Decision.APPROVE ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED;
        Approval decided =
                close(id, status, reason.filter(text -> !text.isBlank())).orElseThrow(() -> alreadyDecided(get(id)));
        if (remember != Remember.ONCE && decided.tool().isPresent()) {
            policies.set(
                    decided.tool().get(),
                    remember == Remember.AGENT ? Optional.of(decided.agentId()) : Optional.empty(),
                    decision == Decision.APPROVE ? ToolPolicy.ALLOW : ToolPolicy.DENY);
        }
        return decided;
    }

    public Approval get(long id) {
        return store.findById(id).orElseThrow(() -> EngineException.notFound("No approval with id " + id + "."));
    }

    /** Newest first; pending ones past their time are expired first, so none is listed as pending for ever. */
    public List<Approval> list(Optional<ApprovalStatus> status) {
        expireOverdue();
        return store.find(status, LIST_LIMIT);
    }

    /** Whether a turn still waits for this approval (it does not after a restart). */
    public boolean hasWaitingTurn(long id) {
        return waiting.containsKey(id);
    }

    /**
     * Pending approvals whose turn is gone (AgentDeck was stopped while they waited), each returned once. They stay
     * pending, so that a person can still answer and have the answer remembered; the caller reports the turns as
     * interrupted.
     */
    public List<Approval> takeOrphaned() {
        return store.find(Optional.of(ApprovalStatus.PENDING), LIST_LIMIT).stream()
                .filter(approval -> !waiting.containsKey(approval.id()))
                .filter(approval -> store.markInterrupted(
                        approval.id(), "The turn that asked was interrupted when AgentDeck stopped."))
                .toList();
    }

    private void expireOverdue() {
        Instant now = clock.instant();
        for (Approval approval : store.find(Optional.of(ApprovalStatus.PENDING), LIST_LIMIT)) {
            if (!approval.createdAt().plus(timeout).isAfter(now)) {
                close(approval.id(), ApprovalStatus.EXPIRED, Optional.of("Nobody answered in time."));
            }
        }
    }

    /** Stores the decision, wakes the waiting turn and tells everyone; empty if it was decided already. */
    private Optional<Approval> close(long id, ApprovalStatus status, Optional<String> reason) {
        Optional<Approval> decided = store.decide(id, status, reason, clock.instant());
        decided.ifPresent(approval -> {
            CompletableFuture<Approval> answer = waiting.get(id);
            if (answer != null) {
                answer.complete(approval);
            }
            events.publish(new EngineEvent.ApprovalResolved(approval, clock.instant()));
        });
        return decided;
    }

    private static EngineException alreadyDecided(Approval approval) {
        return new EngineException(
                ErrorKind.CONFLICT,
                "Approval " + approval.id() + " is already " + approval.status().wireName() + ".");
    }
}
