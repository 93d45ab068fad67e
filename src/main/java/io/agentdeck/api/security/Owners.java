package io.agentdeck.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.account.User;
import io.agentdeck.engine.chat.Conversation;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may see what on a team's server: a member sees the threads, tasks, workflows and documents they made, and
 * nobody else's; an admin (and the operator, the server's own token) sees everything. Whatever a member may not see
 * is answered exactly as if it did not exist (404 with the same message), so that ids cannot be probed. On the
 * desktop there are no accounts and nothing here limits anything.
 */
public final class Owners {
    private final Engine engine;
    private final Optional<AccountService> accounts;

    public Owners(Engine engine, Optional<AccountService> accounts) {
        this.engine = engine;
        this.accounts = accounts;
    }

    /** The member whose view a caller is limited to; empty for an admin or the operator. */
    public Optional<User> memberOf(Caller caller) {
        return caller.user().filter(user -> !user.isAdmin());
    }

    /** Records that the caller owns what they just made; the operator's things stay nobody's. */
    public void claim(Caller caller, OwnedKind kind, Object itemId) {
        Optional<User> user = caller.user();
        if (user.isPresent() && accounts.isPresent()) {
            accounts.get().claim(user.get(), kind, String.valueOf(itemId));
        }
    }

    /** @throws EngineException not found, with the message of a missing item, when a member may not open it */
    public void requireVisible(Caller caller, OwnedKind kind, Object itemId, String notFound) {
        if (!visible(caller, kind, itemId)) {
            throw EngineException.notFound(notFound);
        }
    }

    public boolean visible(Caller caller, OwnedKind kind, Object itemId) {
        Optional<User> member = memberOf(caller);
        return member.isEmpty()
                || accounts.map(service -> service.mayOpen(member.get(), kind, String.valueOf(itemId)))
                        .orElse(false);
    }

    /** Which items of a kind the caller may see: all for an admin, the member's own for a member. */
    public Predicate<Object> visibleOf(Caller caller, OwnedKind kind) {
        Optional<User> member = memberOf(caller);
        if (member.isEmpty()) {
            return item -> true;
        }
        Set<String> owned = ownedBy(member.get(), kind);
        return item -> owned.contains(String.valueOf(item));
    }

    /** Documents are shared unless a user uploaded them: a member sees the operator's and their own. */
    public Predicate<Object> documentVisibleOf(Caller caller) {
        Optional<User> member = memberOf(caller);
        if (member.isEmpty() || accounts.isEmpty()) {
            return document -> true;
        }
        return document -> accounts.get()
                .ownerOf(OwnedKind.DOCUMENT, String.valueOf(document))
                .map(owner -> owner == member.get().id())
                .orElse(true);
    }

    public Set<String> ownedBy(User member, OwnedKind kind) {
        return accounts.map(service -> service.ownedBy(member, kind)).orElse(Set.of());
    }

    /** Forgets the owner of something that was deleted. */
    public void release(OwnedKind kind, Object itemId) {
        accounts.ifPresent(service -> service.release(kind, String.valueOf(itemId)));
    }

    /**
     * The thread a caller speaks of. A member names only their own threads, and without a name gets their own default
     * thread with the agent (the oldest they own, made on first use), never the agent's default, which is the
     * operator's.
     */
    public Optional<Long> threadOf(Caller caller, long agentId, Optional<Long> named) {
        Optional<User> member = memberOf(caller);
        if (member.isEmpty()) {
            return named;
        }
        if (named.isPresent()) {
            requireVisible(
                    caller,
                    OwnedKind.CONVERSATION,
                    named.get(),
                    "Agent " + agentId + " has no conversation with id " + named.get() + ".");
            return named;
        }
        Set<String> owned = ownedBy(member.get(), OwnedKind.CONVERSATION);
        Optional<Long> own = engine.conversations(agentId).stream()
                .map(Conversation::id)
                .filter(conversation -> owned.contains(String.valueOf(conversation)))
                .min(Long::compare);
        if (own.isPresent()) {
            return own;
        }
        Conversation made = engine.createConversation(agentId, "Chat");
        claim(caller, OwnedKind.CONVERSATION, made.id());
        return Optional.of(made.id());
    }

    /**
     * Whether a real-time client hears an event everybody is told: a member hears of their own tasks, workflows,
     * approvals and documents only (agents' status and the shared agents, models and collections are everybody's).
     */
    public boolean mayHear(Caller caller, String event, JsonNode payload) {
        if (memberOf(caller).isEmpty()) {
            return true;
        }
        return switch (event) {
            case "task_update" ->
                visible(
                        caller,
                        OwnedKind.TASK,
                        payload.path("task").path("task_id").asText());
            case "workflow_update" ->
                visible(caller, OwnedKind.WORKFLOW, payload.path("workflow_id").asText());
            case "approval_requested", "approval_resolved" ->
                visible(
                        caller,
                        OwnedKind.CONVERSATION,
                        payload.path("approval").path("conversation_id").asText());
            case "knowledge_progress" ->
                documentVisibleOf(caller).test(payload.path("document_id").asText());
            default -> true;
        };
    }
}
