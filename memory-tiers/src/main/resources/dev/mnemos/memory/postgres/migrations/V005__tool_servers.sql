-- The MCP servers attached to each agent: a name and a configuration the caller writes (JSON).
CREATE TABLE tool_servers (
    organization text   NOT NULL,
    agent        text   NOT NULL,
    name         text   NOT NULL,
    config       text   NOT NULL,
    updated_ns   bigint NOT NULL,
    PRIMARY KEY (organization, agent, name),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);
