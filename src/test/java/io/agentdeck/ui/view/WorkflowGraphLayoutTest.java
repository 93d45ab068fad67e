package io.agentdeck.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.workflow.StepStatus;
import io.agentdeck.ui.viewmodel.WorkflowStepItem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowGraphLayoutTest {
    private static WorkflowStepItem step(int number, Integer... dependsOn) {
        return new WorkflowStepItem(
                number,
                "Generator",
                StepStatus.PENDING,
                List.of(dependsOn),
                Optional.empty(),
                "do " + number,
                "",
                "",
                "",
                "");
    }

    @Test
    void aStepSitsOneColumnPastTheFurthestStepItBuildsOn() {
        WorkflowGraphLayout layout =
                WorkflowGraphLayout.of(List.of(step(1), step(2), step(3, 1), step(4, 2), step(5, 3, 4), step(6, 1, 5)));

        assertThat(layout.cellOf(1)).isEqualTo(new WorkflowGraphLayout.Cell(0, 0));
        assertThat(layout.cellOf(2)).isEqualTo(new WorkflowGraphLayout.Cell(0, 1));
        assertThat(layout.cellOf(3)).isEqualTo(new WorkflowGraphLayout.Cell(1, 0));
        assertThat(layout.cellOf(4)).isEqualTo(new WorkflowGraphLayout.Cell(1, 1));
        assertThat(layout.cellOf(5)).isEqualTo(new WorkflowGraphLayout.Cell(2, 0));
        assertThat(layout.cellOf(6)).as("the longest path decides").isEqualTo(new WorkflowGraphLayout.Cell(3, 0));
        assertThat(layout.columns()).isEqualTo(4);
        assertThat(layout.rows()).isEqualTo(2);
    }

    @Test
    void aStepHandedWorkSitsRightOfTheStepThatHandedItOn() {
        WorkflowStepItem delegated = new WorkflowStepItem(
                3, "Driver", StepStatus.RUNNING, List.of(), Optional.of(2), "help", "", "", "", "");
        WorkflowGraphLayout layout = WorkflowGraphLayout.of(List.of(step(1), step(2, 1), delegated));

        assertThat(layout.cellOf(3)).isEqualTo(new WorkflowGraphLayout.Cell(2, 0));
    }

    @Test
    void stepsThatDependOnStepsOfAnEarlierPlanOrOnNothingKnownStillGetAPlace() {
        WorkflowGraphLayout layout = WorkflowGraphLayout.of(List.of(step(7, 3), step(8, 7)));

        assertThat(layout.cellOf(7)).isEqualTo(new WorkflowGraphLayout.Cell(0, 0));
        assertThat(layout.cellOf(8)).isEqualTo(new WorkflowGraphLayout.Cell(1, 0));
    }

    @Test
    void aCycleInStoredDataDoesNotLoopForEver() {
        WorkflowGraphLayout layout = WorkflowGraphLayout.of(List.of(step(1, 2), step(2, 1), step(3, 3)));

        assertThat(layout.cells()).containsOnlyKeys(1, 2, 3);
        assertThat(WorkflowGraphLayout.of(List.of()).columns()).isZero();
    }
}
