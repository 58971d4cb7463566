-- +goose Up
-- The codebook's versions, the automatic codes of each statement and the
-- decisions people make about them. Human decisions are kept apart and
-- never overwrite the automatic codes: the effective codes are computed
-- from both (internal/evidence/coding).

-- Every version of the codebook ever saved; exactly one is active. The
-- embedded default is stored as id 1 the first time r2p needs a codebook.
CREATE TABLE codebooks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version    TEXT NOT NULL,              -- the file's version field
    hash       TEXT NOT NULL,              -- SHA-256 of source, hex
    source     TEXT NOT NULL,              -- the YAML as saved
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX codebooks_one_active ON codebooks (active) WHERE active;

-- A statement's automatic coding: its stance and the codebook stamp
-- ("VERSION@HASH12") it was coded with; a statement whose stamp is not the
-- active codebook's is coded again.
CREATE TABLE statement_codings (
    statement_id BIGINT PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
    stamp        TEXT NOT NULL,
    stance       TEXT NOT NULL,
    stance_rule  TEXT NOT NULL,
    coded_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX statement_codings_stamp ON statement_codings (stamp);

-- The automatic codes, each with its evidence as byte offsets
-- [start_offset, end_offset) into the statement's text.
CREATE TABLE statement_codes (
    statement_id BIGINT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    stamp        TEXT NOT NULL,
    category     TEXT NOT NULL,
    code         TEXT NOT NULL,
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
    rule         TEXT NOT NULL,
    negated      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX statement_codes_statement ON statement_codes (statement_id);

-- One coder's coding of a statement as a whole: when it was done, the
-- stance the coder gave ('' for none), and whether it was blind (made
-- without seeing the automatic codes).
CREATE TABLE human_codings (
    statement_id BIGINT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    coder        TEXT NOT NULL CHECK (coder <> ''),
    blind        BOOLEAN NOT NULL,
    stance       TEXT NOT NULL DEFAULT '',
    coded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (statement_id, coder, blind)
);

-- Every decision a person made about a code of a statement, never
-- updated: the latest of a coder on a code is that coder's view. add may
-- carry evidence offsets; accept and reject refer to the automatic code.
CREATE TABLE code_decisions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement_id BIGINT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    coder        TEXT NOT NULL CHECK (coder <> ''),
    code         TEXT NOT NULL CHECK (code <> ''),
    decision     TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'add')),
    start_offset INTEGER,
    end_offset   INTEGER,
    blind        BOOLEAN NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL,
    CHECK ((start_offset IS NULL) = (end_offset IS NULL)),
    CHECK (start_offset IS NULL OR (decision = 'add' AND start_offset >= 0 AND end_offset > start_offset))
);
CREATE INDEX code_decisions_statement ON code_decisions (statement_id, coder);

-- +goose Down
DROP TABLE code_decisions;
DROP TABLE human_codings;
DROP TABLE statement_codes;
DROP TABLE statement_codings;
DROP TABLE codebooks;
