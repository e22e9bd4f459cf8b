-- The first schema of the embedded engine. Every row carries organization and agent, and every
-- read names both. Instants are microseconds since the epoch (what PostgreSQL keeps too).
-- Statements end with ';' at the end of a line followed by a blank line.

CREATE TABLE agents (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    config TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    context_message_ids TEXT NOT NULL,
    version INTEGER NOT NULL,
    fence INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization, agent)
) WITHOUT ROWID;

CREATE TABLE blocks (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,
    char_limit INTEGER NOT NULL,
    read_only INTEGER NOT NULL,
    description TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (organization, agent, label),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE block_versions (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    label TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,
    at INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    PRIMARY KEY (organization, agent, label, version),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE messages (
    row_id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    tool_calls TEXT NOT NULL,
    tool_call_id TEXT,
    tool_name TEXT,
    created_at INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    UNIQUE (organization, agent, id),
    UNIQUE (organization, agent, sequence),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);

CREATE INDEX messages_by_time ON messages (organization, agent, created_at, sequence);

-- External-content FTS5 table: the text lives once, in messages; the triggers keep the index.
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

CREATE TABLE archival_space (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    model TEXT NOT NULL,
    dimension INTEGER NOT NULL
);

CREATE TABLE passages (
    row_id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    embedding BLOB NOT NULL,
    tags TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (organization, agent, id),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);

CREATE INDEX passages_by_time ON passages (organization, agent, created_at);

CREATE TABLE interrupts (
    row_id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    UNIQUE (organization, agent, id),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);

CREATE INDEX interrupts_queued ON interrupts (organization, agent, due_at, row_id) WHERE acknowledged_at IS NULL;

CREATE INDEX interrupts_due ON interrupts (due_at) WHERE acknowledged_at IS NULL;

CREATE TABLE steps (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    step_id TEXT NOT NULL,
    fence INTEGER NOT NULL,
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (organization, agent, step_id),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;
