package io.agentdeck.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanValidatorTest {
    private static final Set<String> TEAM = Set.of("driver", "creator", "generator");
    private final PlanValidator validator = new PlanValidator();
    private final PlanParser parser = new PlanParser(new ObjectMapper());

    private static PlannedStep step(int number, String agent, Integer... dependsOn) {
        return new PlannedStep(number, agent, "do " + number, List.of(dependsOn));
    }

    @Test
    void aDiamondOfKnownAgentsAndANewSpecialistIsAccepted() {
        Plan plan = new Plan(List.of(
                step(1, "Generator"), step(2, "DRIVER"), step(3, "new:Poet", 1, 2), step(4, "Generator", 3, 9)));
        assertThatCode(() -> validator.validate(plan, TEAM, Set.of(9), Set.of(9, 10), 4))
                .doesNotThrowAnyException();
    }

    @Test
    void unknownAgentsStepsAndCyclesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> validator.validate(new Plan(List.of(step(1, "Nobody"))), TEAM, Set.of(), Set.of(), 5))
                .hasMessageContaining("unknown agent 'Nobody'");
        assertThatThrownBy(() ->
                        validator.validate(new Plan(List.of(step(1, "Generator", 7))), TEAM, Set.of(), Set.of(), 5))
                .hasMessageContaining("depends on step 7");
        assertThatThrownBy(() -> validator.validate(
                        new Plan(List.of(step(1, "Generator", 3), step(2, "Generator", 1), step(3, "Driver", 2))),
                        TEAM,
                        Set.of(),
                        Set.of(),
                        5))
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> validator.validate(
                        new Plan(List.of(step(1, "Generator"), step(1, "Driver"))), TEAM, Set.of(), Set.of(), 5))
                .hasMessageContaining("step number 1");
        assertThatThrownBy(() -> validator.validate(new Plan(List.of()), TEAM, Set.of(), Set.of(), 5))
                .hasMessageContaining("no steps");
        // A revised plan may not take the number of a step that failed or was skipped, though it cannot depend on it.
        assertThatThrownBy(() ->
                        validator.validate(new Plan(List.of(step(2, "Generator"))), TEAM, Set.of(1), Set.of(1, 2), 5))
                .hasMessageContaining("step number 2");
    }

    @Test
    void tooManyStepsIsABoundNotAMistake() {
        PlanRejected rejected = (PlanRejected) org.assertj.core.api.Assertions.catchThrowable(() -> validator.validate(
                new Plan(List.of(step(1, "Generator"), step(2, "Driver"))), TEAM, Set.of(), Set.of(), 1));
        assertThat(rejected.tooManySteps()).isTrue();
        assertThat(rejected).hasMessageContaining("at most 1");
    }

    @Test
    void theParserReadsFencedJsonAndRefusesProse() {
        Plan plan = parser.parse(
                "```json\n{\"steps\": [{\"step\": 1, \"agent\": \"Generator\", \"instruction\": \" Write \","
                        + " \"depends_on\": []}]}\n```");
        assertThat(plan.steps()).containsExactly(new PlannedStep(1, "Generator", "Write", List.of()));
        assertThatThrownBy(() -> parser.parse("I would start with research.")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse("{\"steps\": [{\"step\": \"one\"}]}"))
                .hasMessageContaining("number");
    }
}
