package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.chat.AgentStats;
import io.agentdeck.engine.chat.Conversation;
import io.agentdeck.engine.chat.Exchange;
import io.agentdeck.engine.chat.Message;
import io.agentdeck.engine.chat.MessagePage;
import io.agentdeck.engine.chat.MessageRole;
import io.agentdeck.engine.chat.NewMessage;
import io.agentdeck.engine.chat.ReplyLatency;
import io.agentdeck.engine.turn.Usage;
import io.agentdeck.testing.MutableClock;
import io.agentdeck.testing.TestDatabase;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateMessageStoreTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final MutableClock clock = db.clock();
    private HibernateMessageStore messages;
    private HibernateConversationStore conversations;
    private long agentId;
    private long otherAgentId;

    @BeforeEach
    void open() {
        messages = db.messages();
        conversations = db.conversations();
        var agents = db.agents();
        agentId = agents.save(Fixtures.dynamicAgent("Scout")).id();
        otherAgentId = agents.save(Fixtures.dynamicAgent("Other")).id();
    }

    @Test
    void appendsAndReadsBackEveryField() {
        Conversation thread = conversations.defaultFor(agentId);
        Message question = messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "Why?"));
        clock.advance(Duration.ofMillis(1500));
        Message answer = messages.append(new NewMessage(
                agentId,
                thread.id(),
                MessageRole.AGENT,
                "Because.",
                Optional.of(new Usage(12, 3)),
                Optional.of(1500L),
                Optional.of(question.id())));

        assertThat(question.usage()).isEmpty();
        assertThat(question.durationMs()).isEmpty();
        assertThat(answer.id()).isGreaterThan(question.id());
        assertThat(answer.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(messages.page(agentId, Optional.empty(), Optional.empty(), 10))
                .isEqualTo(new MessagePage(List.of(question, answer), false));
    }

    @Test
    void aNulCharacterIsStoredAsTheReplacementCharacterOnEveryDatabase() {
        // PostgreSQL refuses NUL in text; a small model's random output or a binary file read by a tool carries one.
        Conversation thread = conversations.defaultFor(agentId);
        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.AGENT, "before\u0000after\u0000"));

        assertThat(messages.page(agentId, Optional.empty(), Optional.empty(), 10)
                        .messages()
                        .getFirst()
                        .content())
                .isEqualTo("before\uFFFDafter\uFFFD");
    }

    @Test
    void appendRefusesAThreadOfAnotherAgent() {
        Conversation foreign = conversations.defaultFor(otherAgentId);

        assertThatThrownBy(() -> messages.append(NewMessage.of(agentId, foreign.id(), MessageRole.USER, "hi")))
                .isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> messages.append(NewMessage.of(agentId, 999, MessageRole.USER, "hi")))
                .isInstanceOf(EngineException.class);
        assertThat(messages.page(otherAgentId, Optional.empty(), Optional.empty(), 10)
                        .messages())
                .isEmpty();
    }

    @Test
    void pagesBackwardsOldestFirstWithinEachPage() {
        Conversation thread = conversations.defaultFor(agentId);
        List<Message> all = IntStream.rangeClosed(1, 7)
                .mapToObj(i -> messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "m" + i)))
                .toList();

        MessagePage newest = messages.page(agentId, Optional.empty(), Optional.empty(), 3);
        MessagePage middle = messages.page(
                agentId,
                Optional.empty(),
                Optional.of(newest.messages().getFirst().id()),
                3);
        MessagePage oldest = messages.page(
                agentId,
                Optional.empty(),
                Optional.of(middle.messages().getFirst().id()),
                3);

        assertThat(newest).isEqualTo(new MessagePage(all.subList(4, 7), true));
        assertThat(middle).isEqualTo(new MessagePage(all.subList(1, 4), true));
        assertThat(oldest).isEqualTo(new MessagePage(all.subList(0, 1), false));
    }

    @Test
    void hasMoreIsFalseWhenThePageHoldsExactlyTheRest() {
        Conversation thread = conversations.defaultFor(agentId);
        for (int i = 0; i < 3; i++) {
            messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "m" + i));
        }

        assertThat(messages.page(agentId, Optional.empty(), Optional.empty(), 3).hasMore())
                .isFalse();
        assertThat(messages.page(agentId, Optional.empty(), Optional.empty(), 2).hasMore())
                .isTrue();
        assertThatThrownBy(() -> messages.page(agentId, Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filtersByThreadAndByAgent() {
        Conversation standard = conversations.defaultFor(agentId);
        Conversation side = conversations.create(agentId, "side");
        Conversation foreign = conversations.defaultFor(otherAgentId);
        Message a1 = messages.append(NewMessage.of(agentId, standard.id(), MessageRole.USER, "a1"));
        Message s1 = messages.append(NewMessage.of(agentId, side.id(), MessageRole.USER, "s1"));
        Message f1 = messages.append(NewMessage.of(otherAgentId, foreign.id(), MessageRole.USER, "f1"));
        Message a2 = messages.append(NewMessage.of(agentId, standard.id(), MessageRole.USER, "a2"));
        Message s2 = messages.append(NewMessage.of(agentId, side.id(), MessageRole.USER, "s2"));

        assertThat(page(agentId, Optional.empty(), Optional.empty())).containsExactly(a1, s1, a2, s2);
        assertThat(page(agentId, Optional.of(standard.id()), Optional.empty())).containsExactly(a1, a2);
        assertThat(page(agentId, Optional.of(side.id()), Optional.of(s2.id()))).containsExactly(s1);
        assertThat(page(otherAgentId, Optional.empty(), Optional.empty())).containsExactly(f1);
        assertThat(page(agentId, Optional.of(foreign.id()), Optional.empty())).isEmpty();
    }

    @Test
    void pagesAThreadWithBeforeAndHasMore() {
        Conversation side = conversations.create(agentId, "side");
        Conversation standard = conversations.defaultFor(agentId);
        List<Message> inSide = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> {
                    messages.append(NewMessage.of(agentId, standard.id(), MessageRole.USER, "noise" + i));
                    return messages.append(NewMessage.of(agentId, side.id(), MessageRole.USER, "side" + i));
                })
                .toList();

        MessagePage first = messages.page(agentId, Optional.of(side.id()), Optional.empty(), 2);
        MessagePage second = messages.page(
                agentId,
                Optional.of(side.id()),
                Optional.of(first.messages().getFirst().id()),
                2);
        MessagePage last = messages.page(
                agentId,
                Optional.of(side.id()),
                Optional.of(second.messages().getFirst().id()),
                2);

        assertThat(first).isEqualTo(new MessagePage(inSide.subList(3, 5), true));
        assertThat(second).isEqualTo(new MessagePage(inSide.subList(1, 3), true));
        assertThat(last).isEqualTo(new MessagePage(inSide.subList(0, 1), false));
    }

    @Test
    void statsCountMessagesRepliesLatencyAndTokens() {
        assertThat(messages.statsFor(agentId)).isEqualTo(AgentStats.EMPTY);
        Conversation thread = conversations.defaultFor(agentId);
        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q1"));
        messages.append(new NewMessage(
                agentId,
                thread.id(),
                MessageRole.AGENT,
                "a1",
                Optional.of(new Usage(10, 5)),
                Optional.of(100L),
                Optional.empty()));
        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q2"));
        messages.append(new NewMessage(
                agentId,
                thread.id(),
                MessageRole.AGENT,
                "a2",
                Optional.of(new Usage(20, 7)),
                Optional.of(301L),
                Optional.empty()));
        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.ERROR, "boom"));
        Conversation foreign = conversations.defaultFor(otherAgentId);
        messages.append(new NewMessage(
                otherAgentId,
                foreign.id(),
                MessageRole.AGENT,
                "x",
                Optional.of(new Usage(1, 1)),
                Optional.of(9L),
                Optional.empty()));

        assertThat(messages.statsFor(agentId)).isEqualTo(new AgentStats(5, 2, 200.5, 42));
    }

    @Test
    void keepsLongContent() {
        Conversation thread = conversations.defaultFor(agentId);
        String longText = "x".repeat(200_000);

        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.AGENT, longText));

        assertThat(page(agentId, Optional.empty(), Optional.empty()).getFirst().content())
                .isEqualTo(longText);
    }

    private List<Message> page(long agent, Optional<Long> conversation, Optional<Long> before) {
        return messages.page(agent, conversation, before, 50).messages();
    }

    @Test
    void countsTheOlderMessagesOfOneThreadThatContainTheTextIgnoringCase() {
        Conversation thread = conversations.defaultFor(agentId);
        Conversation otherThread = conversations.create(agentId, "Other");
        List<Long> ids = List.of("An Apple a day", "banana", "pineapple 50%_off", "APPLE", "apple").stream()
                .map(text -> messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, text))
                        .id())
                .toList();
        messages.append(NewMessage.of(agentId, otherThread.id(), MessageRole.USER, "apple elsewhere"));

        assertThat(messages.countContaining(thread.id(), Optional.empty(), "aPPle"))
                .isEqualTo(4);
        assertThat(messages.countContaining(thread.id(), Optional.of(ids.get(3)), "apple"))
                .as("only the messages before the fourth")
                .isEqualTo(2);
        assertThat(messages.countContaining(thread.id(), Optional.empty(), "50%_"))
                .as("%% and _ are plain text, not wildcards")
                .isEqualTo(1);
        assertThat(messages.countContaining(thread.id(), Optional.empty(), "5_%"))
                .isZero();
        assertThat(messages.countContaining(otherThread.id(), Optional.empty(), "apple"))
                .isEqualTo(1);
    }

    @Test
    void recentReplyLatenciesAreTheAgentsLatestTimedRepliesOldestFirst() {
        Conversation thread = conversations.defaultFor(agentId);
        Conversation otherThread = conversations.create(agentId, "Second");
        Conversation otherAgents = conversations.defaultFor(otherAgentId);
        for (int i = 1; i <= 4; i++) {
            messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "question " + i));
            messages.append(new NewMessage(
                    agentId,
                    i % 2 == 0 ? otherThread.id() : thread.id(),
                    MessageRole.AGENT,
                    "answer " + i,
                    Optional.empty(),
                    Optional.of(100L * i),
                    Optional.empty()));
        }
        messages.append(NewMessage.of(agentId, thread.id(), MessageRole.AGENT, "an untimed reply"));
        messages.append(new NewMessage(
                otherAgentId,
                otherAgents.id(),
                MessageRole.AGENT,
                "not ours",
                Optional.empty(),
                Optional.of(7L),
                Optional.empty()));

        assertThat(messages.recentReplyLatencies(agentId, 3))
                .extracting(ReplyLatency::durationMs)
                .containsExactly(200L, 300L, 400L);
        assertThat(messages.recentReplyLatencies(agentId, 10)).hasSize(4);
        assertThat(messages.recentReplyLatencies(otherAgentId, 10))
                .singleElement()
                .extracting(ReplyLatency::durationMs)
                .isEqualTo(7L);
    }

    @Test
    void recentExchangesPairEachAnswerWithItsQuestionEvenWhenQuestionsWereQueued() {
        Conversation thread = conversations.defaultFor(agentId);
        Conversation other = conversations.create(agentId, "other");
        Message q1 = messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q1"));
        Message q2 = messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q2"));
        messages.append(NewMessage.replyTo(q1, "a1", new Usage(1, 1), 5));
        Message q3 = messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q3"));
        messages.append(NewMessage.errorFor(q2, "the model failed"));
        Message elsewhere = messages.append(NewMessage.of(agentId, other.id(), MessageRole.USER, "elsewhere"));
        messages.append(NewMessage.replyTo(elsewhere, "not this thread", new Usage(1, 1), 5));
        messages.append(NewMessage.replyTo(q3, "a3", new Usage(1, 1), 5));
        Message q4 = messages.append(NewMessage.of(agentId, thread.id(), MessageRole.USER, "q4"));

        assertThat(messages.recentExchanges(thread.id(), q4.id(), 10))
                .as("a1 was stored after q2 but answers q1; q2 failed and is not remembered")
                .containsExactly(new Exchange("q1", "a1"), new Exchange("q3", "a3"));
        assertThat(messages.recentExchanges(thread.id(), q3.id(), 10))
                .as("what a queued question sees: only answers to questions asked before it")
                .containsExactly(new Exchange("q1", "a1"));
        assertThat(messages.recentExchanges(thread.id(), q4.id(), 1)).containsExactly(new Exchange("q3", "a3"));
    }
}
