-- The model's memory of a thread is now read from the thread's own messages instead of a second copy kept as one
-- JSON document per thread (rewritten whole after every turn, in another transaction, so the two could diverge).
-- A reply names the message it answers, so that a view can pair each question with its answer even when several
-- questions of a thread were queued before the first was answered.
ALTER TABLE messages ADD COLUMN reply_to BIGINT;

-- Existing replies and errors answer the question stored just before them in their thread. The subquery reads the
-- (conversation_id, id) index backwards and stops at the first question, so long threads migrate in linear time.
UPDATE messages SET reply_to = (
    SELECT q.id FROM messages q
    WHERE q.conversation_id = messages.conversation_id AND q.id < messages.id AND q.role = 'USER'
    ORDER BY q.conversation_id DESC, q.id DESC
    FETCH FIRST 1 ROW ONLY)
WHERE role IN ('AGENT', 'ERROR');

DROP TABLE chat_memory;

-- How many replies an agent may generate at once; NULL takes the default from the settings.
ALTER TABLE agents ADD COLUMN max_parallel INTEGER;
