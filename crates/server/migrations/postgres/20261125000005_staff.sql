-- PostgreSQL twin of ../sqlite/20261125000005_staff.sql.
-- The staff workspace (issue 7): accounts, sessions, login throttling, the audit log, the
-- holiday calendar's amendments, letter templates and issued letters.
-- Portable SQL: BIGINT  / TEXT only, times RFC 3339 UTC text or unix milliseconds (BIGINT ).

-- Staff accounts. `commune` is NULL for administrators (they see every commune).
CREATE TABLE staff_accounts (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,  -- lower-cased
    name          TEXT    NOT NULL,
    title         TEXT    NOT NULL DEFAULT '',  -- e.g. "Chủ tịch UBND phường" (signs letters)
    role          TEXT    NOT NULL CHECK (role IN ('officer', 'leader', 'administrator')),
    commune       TEXT,
    password_hash TEXT    NOT NULL,  -- argon2id PHC string
    active        BIGINT  NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
);
CREATE INDEX staff_accounts_commune ON staff_accounts (commune);

-- Signed-in sessions: only the SHA-256 of the cookie's random token is stored.
CREATE TABLE staff_sessions (
    token_hash   TEXT    PRIMARY KEY,
    account      BIGINT  NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,  -- synchronizer token of this session's forms
    created_ms   BIGINT  NOT NULL,  -- absolute expiry counts from here
    last_seen_ms BIGINT  NOT NULL,  -- idle expiry counts from here
    created_at   TEXT    NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account);

-- Failed sign-ins per key ('account:<email>' or 'ip:<address>'), shared by every instance.
CREATE TABLE staff_login_failures (
    key             TEXT    PRIMARY KEY,
    failures        BIGINT  NOT NULL,
    window_start_ms BIGINT  NOT NULL,
    locked_until_ms BIGINT  NOT NULL DEFAULT 0
);

-- Append-only audit log: who did what, when (status changes: from → to).
CREATE TABLE staff_audit (
    id         BIGSERIAL PRIMARY KEY,
    at         TEXT    NOT NULL,
    actor      BIGINT  NOT NULL,  -- staff_accounts.id
    commune    TEXT,
    action     TEXT    NOT NULL,  -- status_change | letter_issued | office_published | ...
    subject    TEXT    NOT NULL,  -- receipt, procedure code, account email…
    from_state TEXT,
    to_state   TEXT,
    note       TEXT
);
CREATE INDEX staff_audit_subject ON staff_audit (subject, id);

-- Announced amendments of the working-day calendar (swaps): 'off' closes a day the rules open,
-- 'work' opens a day the rules close. National, edited by leaders and administrators.
CREATE TABLE holiday_amendments (
    day        TEXT    PRIMARY KEY,  -- yyyy-mm-dd
    kind       TEXT    NOT NULL CHECK (kind IN ('off', 'work')),
    note       TEXT    NOT NULL,
    created_by BIGINT  NOT NULL,
    created_at TEXT    NOT NULL
);

-- A commune's own letter templates (the built-in ones apply until it writes one).
CREATE TABLE letter_templates (
    commune    TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_by BIGINT  NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (commune, kind)
);

-- Every letter issued; the public dashboard counts them.
CREATE TABLE issued_letters (
    id           BIGSERIAL PRIMARY KEY,
    commune      TEXT    NOT NULL,
    receipt      TEXT    NOT NULL,
    kind         TEXT    NOT NULL,  -- congratulation_birth | congratulation_marriage | condolence
    issued_by    BIGINT  NOT NULL,
    issued_at    TEXT    NOT NULL,
    issued_on    TEXT    NOT NULL,  -- Vietnam date, yyyy-mm-dd
    body         TEXT    NOT NULL,
    commune_name TEXT    NOT NULL,
    signer_name  TEXT    NOT NULL,
    signer_title TEXT    NOT NULL
);
CREATE INDEX issued_letters_commune ON issued_letters (commune, issued_on);
CREATE INDEX issued_letters_receipt ON issued_letters (receipt);
