-- What each user of a team's server owns: their threads, tasks, workflows and uploaded documents. A row per owned
-- item, keyed by its kind and id (workflow ids are text), so that no table of the engine changes; what has no row is
-- the operator's (the desktop's one user, or the server's own token), which only admins see.
CREATE TABLE owned_items (
    item_key   VARCHAR(80)              NOT NULL PRIMARY KEY,
    item_kind  VARCHAR(16)              NOT NULL,
    item_id    VARCHAR(64)              NOT NULL,
    user_id    BIGINT                   NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_owned_items_user ON owned_items (user_id, item_kind);
