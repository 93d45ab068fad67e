-- PostgreSQL only (server mode): messages between nodes too long for a NOTIFY payload (8,000 bytes) are stored
-- here and the notification carries their id. Rows are deleted after a few minutes.
create table node_messages (
    id bigserial primary key,
    body text not null,
    created_at timestamp with time zone not null default now()
);

create index node_messages_created_at_idx on node_messages (created_at);
