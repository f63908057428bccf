-- PostgreSQL twin of ../sqlite. Citizen feedback (ratings and staff replies) and the public dashboard's cache key.
-- Portable SQL as in the earlier migrations: TEXT timestamps (RFC 3339 UTC) and yyyy-mm-dd dates.

-- One row per accepted rating. `idempotency_key` is UNIQUE (replays answer the same row) and so
-- is `receipt` (one rating per submission; anonymous ratings have NULL, and NULLs never clash).
CREATE TABLE ratings (
    id              BIGSERIAL PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    request_hash    TEXT    NOT NULL,            -- SHA-256 of the canonical request JSON
    commune         TEXT    NOT NULL,
    source          TEXT    NOT NULL,            -- receipt | official | office
    receipt         TEXT    UNIQUE REFERENCES submissions (receipt),
    official        TEXT,                        -- staff id in the commune's directory
    scale           TEXT    NOT NULL,            -- RatingScale id, e.g. national3
    level           BIGINT  NOT NULL,
    negative        BIGINT  NOT NULL,            -- 0/1: a level staff must answer
    criteria        TEXT    NOT NULL,            -- JSON object criterion id -> level
    comment         TEXT    NOT NULL,            -- plain text, markup stripped before storage
    device          TEXT,                        -- client device id (anonymous ratings)
    client_addr     TEXT,                        -- client address (anonymous ratings)
    received_at     TEXT    NOT NULL,            -- RFC 3339 UTC
    received_on     TEXT    NOT NULL,            -- Vietnam date yyyy-mm-dd
    received_ms     BIGINT  NOT NULL,            -- unix ms, for rate-limit windows and ages
    reply           TEXT,                        -- staff answer, plain text
    reply_by        TEXT,
    reply_at        TEXT,
    response_secs   BIGINT                       -- reply_at - received_at, in seconds
);
CREATE INDEX ratings_commune ON ratings (commune, level);
CREATE INDEX ratings_official ON ratings (commune, official, level);
CREATE INDEX ratings_unanswered ON ratings (commune, negative, reply_at);
CREATE INDEX ratings_device ON ratings (device, received_ms);
CREATE INDEX ratings_client_addr ON ratings (client_addr, received_ms);

-- The dashboard's numbers are cached per "generation": every write that changes them (a new
-- submission, a status change, a rating, a reply) bumps this one counter, so each server
-- instance sees at a glance whether its cached copy is still right.
CREATE TABLE stats_meta (
    id         BIGINT  PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO stats_meta (id, generation) VALUES (1, 0);

-- Dashboard aggregates: per commune by state and dates.
CREATE INDEX submissions_stats ON submissions (commune, state, procedure, received_on, closed_on, due_date);
