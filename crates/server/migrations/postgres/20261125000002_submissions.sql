-- Submissions from citizens' phones, their attachments and their status history.
-- Portable SQL as in the catalog migration: TEXT holds JSON and RFC 3339 UTC timestamps.

-- One row per distinct uploaded file. The bytes live on disk, content-addressed
-- ({data_dir}/attachments/ab/cdef…); the row is written only after the file exists.
CREATE TABLE attachments (
    sha256       TEXT   PRIMARY KEY,
    bytes        BIGINT NOT NULL,
    content_type TEXT   NOT NULL,  -- sniffed from the bytes, never the client's word
    stored_at    TEXT   NOT NULL
);

-- One row per accepted submission. `idempotency_key` and `draft_id` are UNIQUE: two requests
-- racing with one key (or one draft) can never both insert; the loser re-reads and replays.
CREATE TABLE submissions (
    receipt              TEXT    PRIMARY KEY,          -- e.g. 11560-7KQ4XM
    draft_id             TEXT    NOT NULL UNIQUE,
    idempotency_key      TEXT    NOT NULL UNIQUE,
    request_hash         TEXT    NOT NULL,             -- SHA-256 of the canonical request JSON
    commune              TEXT    NOT NULL,
    procedure            TEXT    NOT NULL,
    procedure_name       TEXT    NOT NULL,             -- JSON Localized, as at receipt
    form_version         BIGINT  NOT NULL,
    answers              TEXT    NOT NULL,             -- JSON object field id → answer
    attachments          TEXT    NOT NULL,             -- JSON array of AttachmentRef
    tracking_secret_hash TEXT    NOT NULL,             -- SHA-256 hex; the secret is never stored
    received_at          TEXT    NOT NULL,             -- server clock, RFC 3339 UTC
    due_date             TEXT,                         -- yyyy-mm-dd, Vietnam working days
    status               TEXT    NOT NULL,             -- JSON SubmissionStatus
    updated_at           TEXT    NOT NULL
);
CREATE INDEX submissions_commune ON submissions (commune, received_at);

-- Append-only history of status changes (the first row is the receipt itself).
CREATE TABLE submission_events (
    id      BIGSERIAL PRIMARY KEY,
    receipt TEXT    NOT NULL REFERENCES submissions (receipt),
    at      TEXT    NOT NULL,
    status  TEXT    NOT NULL,  -- JSON SubmissionStatus
    note    TEXT
);
CREATE INDEX submission_events_receipt ON submission_events (receipt, id);
