-- Each agent gets a number, and a message's row id becomes number * 2^40 + sequence (MessageRowIds),
-- so that the rows of one agent's history are one range of FTS5 rowids: a full-text search restricts
-- its match to that range inside FTS5 instead of looking up every matching row's owner.
-- Statements end with ';' at the end of a line followed by a blank line.

ALTER TABLE agents ADD COLUMN number INTEGER;

UPDATE agents SET number = numbered.n
FROM (SELECT organization, agent, row_number() OVER (ORDER BY organization, agent) AS n FROM agents) AS numbered
WHERE agents.organization = numbered.organization AND agents.agent = numbered.agent;

CREATE UNIQUE INDEX agents_by_number ON agents (number);

DROP TRIGGER messages_fts_insert;

DROP TRIGGER messages_fts_delete;

DROP TABLE messages_fts;

UPDATE messages SET row_id = (SELECT a.number FROM agents a WHERE a.organization = messages.organization
    AND a.agent = messages.agent) * 1099511627776 + sequence;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content,
    content = 'messages',
    content_rowid = 'row_id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.row_id, new.content);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.row_id, old.content);
END;

INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
