package io.agentdeck.engine.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {
    @Test
    void aThrowingSubscriberDoesNotDisturbOthersOrThePublisher() {
        EventBus bus = new EventBus();
        List<EngineEvent> seen = new ArrayList<>();
        bus.subscribe(event -> {
            throw new IllegalStateException("subscriber bug");
        });
        bus.subscribe(seen::add);

        EngineEvent event = new EngineEvent.AgentDeleted(9, Instant.now());
        bus.publish(event);

        assertThat(seen).containsExactly(event);
    }

    @Test
    void closingASubscriptionStopsDelivery() {
        EventBus bus = new EventBus();
        List<EngineEvent> seen = new ArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(seen::add);
        subscription.close();
        bus.publish(new EngineEvent.AgentDeleted(9, Instant.now()));
        assertThat(seen).isEmpty();
    }
}
