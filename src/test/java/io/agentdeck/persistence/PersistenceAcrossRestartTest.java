package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.Exchange;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
import io.agentdeck.engine.turn.Usage;
import io.agentdeck.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceAcrossRestartTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @Test
    void everythingWrittenIsThereAfterReopening() {
        List<Agent> agents;
        Conversation thread;
        List<Message> history;
        AgentStats stats;
        Task task;
        try (Database database = Fixtures.open(dir)) {
            var agentStore = new HibernateAgentStore(database.transactions(), clock);
            var conversations = new HibernateConversationStore(database.transactions(), clock);
            var messages = new HibernateMessageStore(database.transactions(), clock);
            var tasks = new HibernateTaskStore(database.transactions(), clock);
            Agent driver = agentStore.saveWithId(1, Fixtures.coreAgent("Driver", AgentType.DRIVER));
            Agent scout = agentStore.save(Fixtures.dynamicAgent("Scout"));
            agents = List.of(driver, scout);
            thread = conversations.defaultFor(scout.id());
            Message question = messages.append(NewMessage.of(scout.id(), thread.id(), MessageRole.USER, "hi"));
            history = List.of(question, messages.append(NewMessage.replyTo(question, "hello", new Usage(3, 4), 250L)));
            thread = conversations.findById(thread.id()).orElseThrow();
            stats = messages.statsFor(scout.id());
            Task created = tasks.create(new NewTask("chat", scout.id(), "input"));
            task = created.running(clock.instant()).succeeded("done", clock.instant());
            tasks.update(task);
            task = tasks.findById(created.id()).orElseThrow();
        }

        try (Database reopened = Fixtures.open(dir)) {
            var agentStore = new HibernateAgentStore(reopened.transactions(), clock);
            var messages = new HibernateMessageStore(reopened.transactions(), clock);

            assertThat(agentStore.findAll()).isEqualTo(agents);
            assertThat(agentStore.save(Fixtures.dynamicAgent("Later")).id()).isEqualTo(5);
            assertThat(new HibernateConversationStore(reopened.transactions(), clock)
                            .defaultFor(agents.get(1).id()))
                    .isEqualTo(thread);
            assertThat(messages.page(agents.get(1).id(), Optional.empty(), Optional.empty(), 10)
                            .messages())
                    .isEqualTo(history);
            assertThat(messages.statsFor(agents.get(1).id())).isEqualTo(stats);
            assertThat(new HibernateTaskStore(reopened.transactions(), clock).findById(task.id()))
                    .contains(task);
            assertThat(messages.recentExchanges(thread.id(), Long.MAX_VALUE, 10))
                    .as("the model's memory of the thread is read back from its messages")
                    .containsExactly(new Exchange("hi", "hello"));
        }
    }
}
