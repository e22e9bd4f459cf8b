-- Summary trees (MemWalker) and structured memories (PRISM). A tree is a header row and one row
-- per node, addressed by (level, position), so that an append rewrites only the nodes it touched.
-- Rows go with their agent: the foreign keys cascade when the agent's row is deleted.
-- Statements end with ';' at the end of a line: the migrator splits on that.

CREATE TABLE summary_trees (
    organization        text    NOT NULL,
    agent               text    NOT NULL,
    tree_id             text    NOT NULL,
    segment_tokens      integer NOT NULL,
    fan_out             integer NOT NULL,
    watermark           bigint  NOT NULL,
    depth               integer NOT NULL,
    build_calls         bigint  NOT NULL DEFAULT 0,
    build_input_tokens  bigint  NOT NULL DEFAULT 0,
    build_output_tokens bigint  NOT NULL DEFAULT 0,
    walks               bigint  NOT NULL DEFAULT 0,
    walk_calls          bigint  NOT NULL DEFAULT 0,
    walk_input_tokens   bigint  NOT NULL DEFAULT 0,
    walk_output_tokens  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (organization, agent, tree_id),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);

CREATE TABLE summary_tree_nodes (
    organization text    NOT NULL,
    agent        text    NOT NULL,
    tree_id      text    NOT NULL,
    level        integer NOT NULL,
    position     integer NOT NULL,
    text         text    NOT NULL,
    summary      text    NOT NULL,
    tokens       integer NOT NULL,
    PRIMARY KEY (organization, agent, tree_id, level, position),
    FOREIGN KEY (organization, agent, tree_id) REFERENCES summary_trees (organization, agent, tree_id) ON DELETE CASCADE
);

CREATE TABLE structured_memories (
    organization text   NOT NULL,
    agent        text   NOT NULL,
    name         text   NOT NULL,
    schema_name  text   NOT NULL,
    schema_json  text   NOT NULL,
    document     text   NOT NULL,
    version      bigint NOT NULL,
    updated_ns   bigint NOT NULL,
    PRIMARY KEY (organization, agent, name),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
);
