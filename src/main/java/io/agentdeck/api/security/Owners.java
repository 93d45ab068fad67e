package io.agentdeck.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.account.OwnedKind;
import io.agentdeck.engine.account.User;
import io.agentdeck.engine.approval.Approval;
import io.agentdeck.engine.chat.Conversation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who may see what on a team's server: a member sees the threads, tasks, workflows and documents they made, and
 * nobody else's; an admin (and the operator, the server's own token) sees everything. Whatever a member may not see
 * is answered exactly as if it did not exist (404 with the same message), so that ids cannot be probed. On the
 * desktop there are no accounts and nothing here limits anything.
 */
public final class Owners {
    /** Owners once known never change (an item is claimed once): kept, up to a bound, to spare the database. */
    private static final int KNOWN_OWNERS = 50_000;

    private final Engine engine;
    private final Optional<AccountService> accounts;
    private final Map<String, Long> knownOwners = new ConcurrentHashMap<>();

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

    /** Records that what was made for an owned item (a resumed workflow's new task) is that item's owner's too. */
    public void claimAlong(OwnedKind kind, Object itemId, OwnedKind ownerKind, Object ownerItemId) {
        Optional<Long> owner = ownerOf(ownerKind, ownerItemId);
        if (owner.isPresent() && accounts.isPresent()) {
            accounts.get().claim(owner.get(), kind, String.valueOf(itemId));
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
                || ownerOf(kind, itemId).equals(Optional.of(member.get().id()));
    }

    /** Who owns the item; empty for what is the operator's (or shared). */
    private Optional<Long> ownerOf(OwnedKind kind, Object itemId) {
        String key = kind.wireName() + ":" + itemId;
        Long known = knownOwners.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Long> owner = accounts.flatMap(service -> service.ownerOf(kind, String.valueOf(itemId)));
        if (owner.isPresent()) {
            if (knownOwners.size() >= KNOWN_OWNERS) {
                knownOwners.clear();
            }
            knownOwners.put(key, owner.get());
        }
        return owner;
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

    /**
     * Which approvals the caller may see and answer: a member those asked in their own threads or by their own tasks
     * (a workflow's steps ask for its task); the rest (asked in the operator's threads or tasks) are the admins'.
     */
    public Predicate<Approval> approvalVisibleOf(Caller caller) {
        if (memberOf(caller).isEmpty()) {
            return approval -> true;
        }
        Predicate<Object> ownThread = visibleOf(caller, OwnedKind.CONVERSATION);
        Predicate<Object> ownTask = visibleOf(caller, OwnedKind.TASK);
        return approval -> approval.conversationId().filter(ownThread).isPresent()
                || approval.taskId().filter(ownTask).isPresent();
    }

    /** As {@link #approvalVisibleOf}, for one approval: its thread's and task's owners, not all the member owns. */
    public boolean approvalVisible(Caller caller, Approval approval) {
        return memberOf(caller).isEmpty()
                || approval.conversationId()
                        .filter(thread -> visible(caller, OwnedKind.CONVERSATION, thread))
                        .isPresent()
                || approval.taskId()
                        .filter(task -> visible(caller, OwnedKind.TASK, task))
                        .isPresent();
    }

    /** Documents are shared unless a user uploaded them: a member sees the operator's and their own. */
    public Predicate<Object> documentVisibleOf(Caller caller) {
        Optional<User> member = memberOf(caller);
        if (member.isEmpty() || accounts.isEmpty()) {
            return document -> true;
        }
        return document -> ownerOf(OwnedKind.DOCUMENT, document)
                .map(owner -> owner == member.get().id())
                .orElse(true);
    }

    public Set<String> ownedBy(User member, OwnedKind kind) {
        return accounts.map(service -> service.ownedBy(member, kind)).orElse(Set.of());
    }

    /** Forgets the owner of something that was deleted. */
    public void release(OwnedKind kind, Object itemId) {
        knownOwners.remove(kind.wireName() + ":" + itemId);
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
     * Who of the real-time clients hears an event everybody is told: admins and the operator all of them; a member
     * only of their own tasks, workflows and approvals and of documents that are shared or theirs (agents' status and
     * the shared agents, models and collections are everybody's). The owners are looked up once per event, and only
     * when a member listens.
     */
    public Predicate<Caller> audienceOf(String event, JsonNode payload) {
        Optional<Predicate<Long>> memberHears = switch (event) {
            case "task_update" -> Optional.of(ownedBy(OwnedKind.TASK, payload.at("/task/task_id")));
            case "workflow_update" -> Optional.of(ownedBy(OwnedKind.WORKFLOW, payload.path("workflow_id")));
            case "approval_requested", "approval_resolved" ->
                Optional.of(ownedBy(OwnedKind.CONVERSATION, payload.at("/approval/conversation_id"))
                        .or(ownedBy(OwnedKind.TASK, payload.at("/approval/task_id"))));
            case "knowledge_progress" -> Optional.of(sharedOrOwnedBy(OwnedKind.DOCUMENT, payload.path("document_id")));
            default -> Optional.empty();
        };
        if (memberHears.isEmpty()) {
            return caller -> true;
        }
        return caller -> memberOf(caller)
                .map(member -> memberHears.get().test(member.id()))
                .orElse(true);
    }

    /** Whether a user owns the item an event names; asked of the database at most once. */
    private Predicate<Long> ownedBy(OwnedKind kind, JsonNode id) {
        Lazy owner = new Lazy(kind, id);
        return user -> owner.get().equals(Optional.of(user));
    }

    private Predicate<Long> sharedOrOwnedBy(OwnedKind kind, JsonNode id) {
        Lazy owner = new Lazy(kind, id);
        return user -> owner.get().map(user::equals).orElse(true);
    }

    private final class Lazy {
        private final OwnedKind kind;
        private final JsonNode id;
        private Optional<Long> owner;

        Lazy(OwnedKind kind, JsonNode id) {
            this.kind = kind;
            this.id = id;
        }

        synchronized Optional<Long> get() {
            if (owner == null) {
                owner = id.isMissingNode() || id.isNull() ? Optional.empty() : ownerOf(kind, id.asText());
            }
            return owner;
        }
    }
}
