-- Plain columns for what staff filter on and the public dashboard aggregates, so no query has to
-- look inside the `status` JSON (and the SQL stays portable to PostgreSQL):
--   state       the status tag: received | processing | needs_documents | done | rejected
--   received_on the Vietnam calendar date of receipt, yyyy-mm-dd (group by day or month)
--   closed_at   RFC 3339 UTC time it became done or rejected; NULL while open
--   closed_on   the Vietnam date of closed_at, yyyy-mm-dd (compared with due_date: on time
--               when closed_on <= due_date)
-- Whoever changes `status` keeps these in step, in the same transaction.
ALTER TABLE submissions ADD COLUMN state TEXT NOT NULL DEFAULT 'received';
ALTER TABLE submissions ADD COLUMN received_on TEXT;
ALTER TABLE submissions ADD COLUMN closed_at TEXT;
ALTER TABLE submissions ADD COLUMN closed_on TEXT;
-- Rows from before this migration: received_at is UTC; Vietnam is UTC+7 all year.
UPDATE submissions
   SET received_on = to_char(CAST(received_at AS timestamptz) AT TIME ZONE 'UTC' + INTERVAL '7 hours', 'YYYY-MM-DD')
 WHERE received_on IS NULL;
CREATE INDEX submissions_commune_state ON submissions (commune, state, received_on);
