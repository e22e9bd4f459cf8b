-- Each agent's passages get a version, moved by every insert and delete, so that a node's
-- in-process vector index can tell whether it still holds what the table holds for that agent
-- (another node may have written since).
ALTER TABLE agents ADD COLUMN archival_version bigint NOT NULL DEFAULT 0;
