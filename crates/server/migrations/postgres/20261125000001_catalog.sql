-- The catalog: procedure templates, communes with their office, local overrides.
-- The PostgreSQL twin of ../sqlite (same tables, same columns): TEXT holds JSON,
-- BIGINT holds versions, no engine-specific types or functions.

-- One global, monotonically increasing catalog version. Every change bumps it by one and
-- stamps the rows it changed with the new value; clients sync with `since=<version>`.
CREATE TABLE catalog_meta (
    id      BIGINT  PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO catalog_meta (id, version) VALUES (1, 0);

-- National procedure templates; `body` is a JSON `motcua_domain::Procedure`.
CREATE TABLE procedures (
    code    TEXT   PRIMARY KEY,
    body    TEXT   NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX procedures_version ON procedures (version);

-- Communes; `summary` is a JSON `CommuneSummary`, `office` a JSON `Office`.
CREATE TABLE communes (
    code    TEXT   PRIMARY KEY,
    summary TEXT   NOT NULL,
    office  TEXT   NOT NULL,
    version BIGINT NOT NULL
);

-- A commune's local amendment of a procedure; `body` is a JSON `LocalOverride`.
CREATE TABLE local_overrides (
    commune   TEXT   NOT NULL REFERENCES communes (code) ON DELETE CASCADE,
    procedure TEXT   NOT NULL REFERENCES procedures (code) ON DELETE CASCADE,
    body      TEXT   NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (commune, procedure)
);
CREATE INDEX local_overrides_version ON local_overrides (commune, version);

-- Tombstones of withdrawn procedures, so deltas can tell clients to drop them.
CREATE TABLE removed_procedures (
    code    TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
CREATE INDEX removed_procedures_version ON removed_procedures (version);
