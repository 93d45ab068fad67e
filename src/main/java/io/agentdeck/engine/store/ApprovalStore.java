package io.agentdeck.engine.store;

import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.approval.ApprovalStatus;
import io.agentdeck.engine.approval.NewApproval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Approvals, pending and decided; a pending one outlives a restart. */
public interface ApprovalStore {
    Approval create(NewApproval approval);

    Optional<Approval> findById(long id);

    /** Newest first; all statuses when empty. */
    List<Approval> find(Optional<ApprovalStatus> status, int limit);

    /**
     * Records a decision on a pending approval. Returns the approval as stored afterwards, or empty when it was no
     * longer pending (someone decided first, or it expired): the first decision wins.
     */
    Optional<Approval> decide(long id, ApprovalStatus status, Optional<String> reason, Instant at);

    /** Notes on a pending approval that the turn which asked was interrupted; true the first time only. */
    boolean markInterrupted(long id, String note);
}
