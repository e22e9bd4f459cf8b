-- Summary trees (MemWalker) and structured memories (PRISM). A tree is a header row and one row per
-- node, addressed by (level, position), so that an append rewrites only the nodes it touched.
-- Statements end with ';' at the end of a line followed by a blank line.

CREATE TABLE summary_trees (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    tree_id TEXT NOT NULL,
    segment_tokens INTEGER NOT NULL,
    fan_out INTEGER NOT NULL,
    watermark INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    build_calls INTEGER NOT NULL DEFAULT 0,
    build_input_tokens INTEGER NOT NULL DEFAULT 0,
    build_output_tokens INTEGER NOT NULL DEFAULT 0,
    walks INTEGER NOT NULL DEFAULT 0,
    walk_calls INTEGER NOT NULL DEFAULT 0,
    walk_input_tokens INTEGER NOT NULL DEFAULT 0,
    walk_output_tokens INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization, agent, tree_id),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE summary_tree_nodes (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    tree_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    summary TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    PRIMARY KEY (organization, agent, tree_id, level, position),
    FOREIGN KEY (organization, agent, tree_id) REFERENCES summary_trees (organization, agent, tree_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE structured_memories (
    organization TEXT NOT NULL,
    agent TEXT NOT NULL,
    name TEXT NOT NULL,
    schema_name TEXT NOT NULL,
    schema_json TEXT NOT NULL,
    document TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization, agent, name),
    FOREIGN KEY (organization, agent) REFERENCES agents (organization, agent) ON DELETE CASCADE
) WITHOUT ROWID;
