package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.chat.Usage;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.engine.task.Task;
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
        List<ChatMessage> remembered = List.of(UserMessage.from("hi"), AiMessage.from("hello"));
        try (Database database = Fixtures.open(dir)) {
            var agentStore = new HibernateAgentStore(database.sessionFactory(), clock);
            var conversations = new HibernateConversationStore(database.sessionFactory(), clock);
            var messages = new HibernateMessageStore(database.sessionFactory(), clock);
            var tasks = new HibernateTaskStore(database.sessionFactory(), clock);
            Agent driver = agentStore.saveWithId(1, Fixtures.coreAgent("Driver", AgentType.DRIVER));
            Agent scout = agentStore.save(Fixtures.dynamicAgent("Scout"));
            agents = List.of(driver, scout);
            thread = conversations.defaultFor(scout.id());
            history = List.of(
                    messages.append(NewMessage.of(scout.id(), thread.id(), MessageRole.USER, "hi")),
                    messages.append(new NewMessage(
                            scout.id(),
                            thread.id(),
                            MessageRole.AGENT,
                            "hello",
                            Optional.of(new Usage(3, 4)),
                            Optional.of(250L))));
            thread = conversations.findById(thread.id()).orElseThrow();
            stats = messages.statsFor(scout.id());
            Task created = tasks.create(new NewTask("chat", scout.id(), "input"));
            task = created.running(clock.instant()).succeeded("done", clock.instant());
            tasks.update(task);
            task = tasks.findById(created.id()).orElseThrow();
            new PersistentChatMemoryStore(database.sessionFactory(), clock).updateMessages(thread.id(), remembered);
        }

        try (Database reopened = Fixtures.open(dir)) {
            var agentStore = new HibernateAgentStore(reopened.sessionFactory(), clock);
            var messages = new HibernateMessageStore(reopened.sessionFactory(), clock);

            assertThat(agentStore.findAll()).isEqualTo(agents);
            assertThat(agentStore.save(Fixtures.dynamicAgent("Later")).id()).isEqualTo(5);
            assertThat(new HibernateConversationStore(reopened.sessionFactory(), clock)
                            .defaultFor(agents.get(1).id()))
                    .isEqualTo(thread);
            assertThat(messages.page(agents.get(1).id(), Optional.empty(), Optional.empty(), 10)
                            .messages())
                    .isEqualTo(history);
            assertThat(messages.statsFor(agents.get(1).id())).isEqualTo(stats);
            assertThat(new HibernateTaskStore(reopened.sessionFactory(), clock).findById(task.id()))
                    .contains(task);
            assertThat(new PersistentChatMemoryStore(reopened.sessionFactory(), clock).getMessages(thread.id()))
                    .isEqualTo(remembered);
        }
    }
}
