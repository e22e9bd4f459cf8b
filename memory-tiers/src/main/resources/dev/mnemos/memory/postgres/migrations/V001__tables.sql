-- The tables of the PostgreSQL engine. Every row carries its organisation and agent, and every
-- index starts with them, so that no query reads across tenants and none scans another's rows.
-- Times are stored exactly as epoch nanoseconds (*_ns); *_at columns are derived for people.
-- Statements end with ';' at the end of a line: the migrator splits on that.

CREATE SEQUENCE row_ids INCREMENT BY 50;

CREATE TABLE agents (
    row_id        bigint PRIMARY KEY,
    organization  text   NOT NULL,
    agent         text   NOT NULL,
    name          text   NOT NULL,
    type          text   NOT NULL,
    config        text   NOT NULL,
    status        text   NOT NULL,
    summary       text   NOT NULL,
    context_ids   text   NOT NULL,
    version       bigint NOT NULL,
    fence         bigint NOT NULL,
    last_sequence bigint NOT NULL,
    created_ns    bigint NOT NULL,
    updated_ns    bigint NOT NULL,
    created_at    timestamptz GENERATED ALWAYS AS (to_timestamp(created_ns / 1e9)) STORED,
    UNIQUE (organization, agent)
);

CREATE TABLE blocks (
    row_id       bigint  PRIMARY KEY,
    organization text    NOT NULL,
    agent        text    NOT NULL,
    label        text    NOT NULL,
    value        text    NOT NULL,
    char_limit   integer NOT NULL,
    read_only    boolean NOT NULL,
    description  text    NOT NULL,
    version      bigint  NOT NULL,
    UNIQUE (organization, agent, label)
);

CREATE TABLE block_versions (
    row_id       bigint PRIMARY KEY,
    organization text   NOT NULL,
    agent        text   NOT NULL,
    label        text   NOT NULL,
    version      bigint NOT NULL,
    value        text   NOT NULL,
    step_id      text   NOT NULL,
    at_ns        bigint NOT NULL,
    UNIQUE (organization, agent, label, version)
);

CREATE TABLE messages (
    row_id       bigint PRIMARY KEY,
    organization text   NOT NULL,
    agent        text   NOT NULL,
    id           text   NOT NULL,
    sequence     bigint NOT NULL,
    role         text   NOT NULL,
    content      text   NOT NULL,
    tool_calls   text   NOT NULL,
    tool_call_id text,
    tool_name    text,
    step_id      text   NOT NULL,
    created_ns   bigint NOT NULL,
    created_at   timestamptz GENERATED ALWAYS AS (to_timestamp(created_ns / 1e9)) STORED,
    -- 'simple' matches words as written, in every language, as the embedded engine does. Only the
    -- first 200000 characters are indexed, because a tsvector holds at most 1 MB.
    search       tsvector GENERATED ALWAYS AS (to_tsvector('simple', left(content, 200000))) STORED,
    UNIQUE (organization, agent, id),
    UNIQUE (organization, agent, sequence)
);

CREATE INDEX messages_created ON messages (organization, agent, created_ns);

CREATE INDEX messages_search ON messages USING gin (search);

CREATE TABLE embedding_space (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    model     text    NOT NULL,
    dimension integer NOT NULL
);

CREATE TABLE passages (
    row_id       bigint PRIMARY KEY,
    organization text   NOT NULL,
    agent        text   NOT NULL,
    id           text   NOT NULL,
    text         text   NOT NULL,
    -- float32 little-endian, the source of truth; a pgvector column is added beside it when the extension exists.
    embedding    bytea  NOT NULL,
    metadata     text   NOT NULL,
    created_ns   bigint NOT NULL,
    created_at   timestamptz GENERATED ALWAYS AS (to_timestamp(created_ns / 1e9)) STORED,
    UNIQUE (organization, agent, id)
);

CREATE INDEX passages_created ON passages (organization, agent, created_ns);

CREATE TABLE passage_tags (
    row_id       bigint PRIMARY KEY,
    organization text   NOT NULL,
    agent        text   NOT NULL,
    passage_id   text   NOT NULL,
    tag          text   NOT NULL,
    UNIQUE (organization, agent, passage_id, tag)
);

CREATE INDEX passage_tags_tag ON passage_tags (organization, agent, tag);

CREATE TABLE interrupts (
    row_id       bigint  PRIMARY KEY,
    organization text    NOT NULL,
    agent        text    NOT NULL,
    id           text    NOT NULL,
    kind         text    NOT NULL,
    payload      text    NOT NULL,
    due_ns       bigint  NOT NULL,
    created_ns   bigint  NOT NULL,
    -- an acknowledged interrupt is kept, so that a retried enqueue of its id is recognised
    acknowledged boolean NOT NULL,
    UNIQUE (organization, agent, id)
);

CREATE INDEX interrupts_due ON interrupts (due_ns) WHERE NOT acknowledged;

CREATE TABLE steps (
    row_id       bigint PRIMARY KEY,
    organization text   NOT NULL,
    agent        text   NOT NULL,
    step_id      text   NOT NULL,
    fence        bigint NOT NULL,
    committed_ns bigint NOT NULL,
    UNIQUE (organization, agent, step_id)
);
