-- Speed of each streamed reply (issue 13): milliseconds to its first token and output tokens per second after it.
-- NULL for a reply that was not streamed, and for every row stored before this version.
ALTER TABLE messages ADD COLUMN ttft_ms BIGINT;
ALTER TABLE messages ADD COLUMN tokens_per_second DOUBLE PRECISION;
