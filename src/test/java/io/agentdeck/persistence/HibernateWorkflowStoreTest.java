package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.agentdeck.engine.turn.Usage;
import io.agentdeck.engine.workflow.Step;
import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.engine.workflow.Workflow;
import io.agentdeck.engine.workflow.WorkflowLimits;
import io.agentdeck.engine.workflow.WorkflowStatus;
import io.agentdeck.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateWorkflowStoreTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final Instant now = db.clock().instant().truncatedTo(ChronoUnit.MICROS);

    private Workflow running(List<Step> steps) {
        return new Workflow(
                "wf-1",
                7,
                "Report the figures",
                WorkflowStatus.RUNNING,
                Optional.empty(),
                steps,
                Optional.empty(),
                Usage.NONE,
                WorkflowLimits.DEFAULTS,
                0,
                now,
                Optional.empty());
    }

    @Test
    void aDelegatedStepKeepsItsDelegatorAndResumeDropsItWithItsUnfinishedParent() {
        HibernateWorkflowStore workflows = db.workflows();
        Step planned = Step.planned(1, Optional.of(3L), "Generator", "Write the report", List.of())
                .started(now);
        Step finished = Step.planned(2, Optional.of(3L), "Generator", "Draw the chart", List.of())
                .started(now)
                .succeeded("CHART", new Usage(5, 6), now);
        Step delegated = Step.delegated(3, 1, "Driver", "Gather the figures", 1).started(now);
        Step delegatedByFinished =
                Step.delegated(4, 2, "Creator", "Pick colours", 2).started(now).succeeded("BLUE", new Usage(1, 2), now);
        workflows.create(running(List.of(planned, finished, delegated, delegatedByFinished)));

        Workflow stored = workflows.findById("wf-1").orElseThrow();
        assertThat(stored.steps()).containsExactly(planned, finished, delegated, delegatedByFinished);
        assertThat(stored.depthOf(stored.steps().get(2))).isEqualTo(2);

        assertThat(workflows.interruptUnfinished(now)).isEqualTo(1);
        Workflow interrupted = workflows.findById("wf-1").orElseThrow();
        assertThat(interrupted.steps())
                .extracting(Step::step, Step::status, Step::delegatedBy)
                .containsExactly(
                        tuple(1, StepStatus.PENDING, Optional.empty()),
                        tuple(2, StepStatus.SUCCEEDED, Optional.empty()),
                        tuple(3, StepStatus.PENDING, Optional.of(1)),
                        tuple(4, StepStatus.SUCCEEDED, Optional.of(2)));

        // The step that delegated runs again from its start, so what it delegated is gone; a finished step keeps
        // what it delegated.
        workflows.update(interrupted.resumed(8));
        Workflow resumed = workflows.findById("wf-1").orElseThrow();
        assertThat(resumed.taskId()).isEqualTo(8);
        assertThat(resumed.steps())
                .extracting(Step::step, Step::status)
                .containsExactly(
                        tuple(1, StepStatus.PENDING), tuple(2, StepStatus.SUCCEEDED), tuple(4, StepStatus.SUCCEEDED));
    }
}
