package io.agentdeck.engine.knowledge;

import java.util.Set;

/**
 * Which documents a turn may not read from. On a team's server a member's uploads are theirs: an agent answering in
 * another member's thread leaves them out, as the API does. Threads of the operator and of admins read everything, and
 * the desktop has nothing private ({@link #NONE}).
 */
@FunctionalInterface
public interface DocumentPrivacy {
    DocumentPrivacy NONE = conversationId -> Set.of();

    /** The ids of the documents a turn in this thread must not see. */
    Set<Long> hiddenIn(long conversationId);
}
