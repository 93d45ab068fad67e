package io.agentdeck.engine.approval;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.engine.model.Generation;
import io.agentdeck.engine.tool.ToolPolicies;
import io.agentdeck.persistence.HibernateApprovalStore;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approvals nobody answers expire as denied, on the real store, with a clock the test moves. */
class ApprovalServiceTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final EventBus events = new EventBus();
    private final List<EngineEvent> heard = new CopyOnWriteArrayList<>();
    private HibernateApprovalStore store;
    private ApprovalService approvals;

    @BeforeEach
    void start() {
        store = db.approvals();
        approvals = new ApprovalService(
                store, new ToolPolicies(db.toolPolicies()), events, db.clock(), Duration.ofMinutes(30));
    }

    private NewApproval write() {
        return new NewApproval(
                3, "workspace_write", "{\"path\":\"a\"}", Optional.of(1L), Optional.of(2L), Optional.empty());
    }

    @Test
    void aWaitingTurnGetsExpiredWhenNobodyAnswersInTime() throws Exception {
        events.subscribe(heard::add);
        CompletableFuture<Approval> answer =
                CompletableFuture.supplyAsync(() -> approvals.ask(write(), new Generation()));
        await().atMost(WAIT)
                .until(() -> approvals.list(Optional.of(ApprovalStatus.PENDING)).size() == 1);

        db.clock().advance(Duration.ofMinutes(29));
        Thread.sleep(300);
        assertThat(answer).isNotDone();

        db.clock().advance(Duration.ofMinutes(2));
        Approval expired = answer.get();

        assertThat(expired.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(expired.reason()).contains("Nobody answered in time.");
        assertThat(heard)
                .filteredOn(EngineEvent.ApprovalResolved.class::isInstance)
                .hasSize(1);
    }

    @Test
    void aTurnWakesWhenItsApprovalIsAnsweredThroughAnotherNodeOfTheSameDatabase() throws Exception {
        ApprovalService otherNode = new ApprovalService(
                db.approvals(),
                new ToolPolicies(db.toolPolicies()),
                new EventBus(),
                db.clock(),
                Duration.ofMinutes(30));
        CompletableFuture<Approval> answer =
                CompletableFuture.supplyAsync(() -> approvals.ask(write(), new Generation()));
        await().atMost(WAIT)
                .until(() -> otherNode.list(Optional.of(ApprovalStatus.PENDING)).size() == 1);
        long id = otherNode.list(Optional.of(ApprovalStatus.PENDING)).getFirst().id();
        assertThat(otherNode.hasWaitingTurn(id))
                .as("the turn waits on the first node")
                .isFalse();

        otherNode.decide(id, ApprovalService.Decision.APPROVE, ApprovalService.Remember.ONCE, Optional.of("fine"));

        Approval approved = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approved.reason()).contains("fine");
        assertThat(approvals.hasWaitingTurn(id)).isFalse();
    }

    @Test
    void anOrphanedApprovalExpiresWhenListedAfterItsTime() {
        Approval orphan = store.create(write());
        assertThat(approvals.takeOrphaned()).extracting(Approval::id).containsExactly(orphan.id());
        assertThat(approvals.takeOrphaned()).as("each orphan is reported once").isEmpty();

        db.clock().advance(Duration.ofMinutes(31));

        assertThat(approvals.list(Optional.empty()))
                .singleElement()
                .satisfies(approval -> assertThat(approval.status()).isEqualTo(ApprovalStatus.EXPIRED));
    }
}
