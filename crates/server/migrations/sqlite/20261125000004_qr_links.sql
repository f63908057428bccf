-- QR short links `/q/{token}` printed on posters, desks and name tags (issue 5).
--   token       8 symbols of the receipt alphabet; never reused, never changes meaning
--   commune     the office that published it
--   target      JSON `motcua_domain::QrTarget`
--   target_key  equal for equal targets (e.g. `procedure:1.001193`), so asking twice for the
--               same target's poster gives the same token; NULL for notices (each is its own)
--   retired     0/1: withdrawn by staff
--   redirect_to another token this one now leads to, or NULL
--   version     the catalog version of its last change, so catalog deltas carry it to phones
CREATE TABLE qr_links (
    token       TEXT    PRIMARY KEY,
    commune     TEXT    NOT NULL REFERENCES communes (code) ON DELETE CASCADE,
    target      TEXT    NOT NULL,
    target_key  TEXT,
    retired     INTEGER NOT NULL DEFAULT 0,
    redirect_to TEXT,
    created_at  TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    UNIQUE (commune, target_key)
);
CREATE INDEX qr_links_commune_version ON qr_links (commune, version);
