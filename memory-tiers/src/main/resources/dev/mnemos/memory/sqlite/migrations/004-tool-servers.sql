-- The MCP servers attached to each agent: a name and a configuration the caller writes (JSON).
-- Statements end with ';' at the end of a line followed by a blank line.

CREATE TABLE tool_servers (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization, agent, name),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;
