//! The IndexedDB schema of database [`DB_NAME`], as an explicit list of versions.
//!
//! Each [`Version`] is one migration: the object stores it adds (and removes). The upgrade is
//! declarative (see `open.rs`): on `upgradeneeded`, whatever the old version, it creates every
//! store of [`current`] that is missing ([`missing_from`]) and drops only stores a version
//! after the old one removed ([`removed_since`]); stores it does not know are kept. So a phone
//! on any released version is brought up to date keeping the data in stores that survive, and
//! the same step repairs a half-finished upgrade.
//! Every store uses out-of-line string keys and JSON-string values, except [`BLOBS`] (Blobs).
//!
//! **Version numbers.** A database can be at a version *above* [`current`]: written by a newer
//! deploy (then opened at its own version), or repaired (missing stores are added by an upgrade
//! to its version + 1). The number means "at least this schema"; the list of stores is the
//! truth, checked on every open. Hence the rule for new versions: a version adds or removes
//! stores and nothing else. Never transform records because `oldVersion` says so (a repaired
//! database may skip a number); read old formats with `#[serde(default)]` instead, as drafts and
//! outbox items do. (A store a later release removes may linger in a database repaired to that
//! release's number; it is unused and harmless.)
//!
//! Adding a version (e.g. v4 `appointments`): add a store-name constant and one entry to
//! [`VERSIONS`], then add the release to `tests/support/released.rs` (its store list, its
//! records) so `tests/upgrades.rs` opens it with every later version:
//! ```text
//! pub const APPOINTMENTS: &str = "appointments";
//! Version { number: 4, adds: &[APPOINTMENTS], removes: &[], note: "office appointments" },
//! ```

/// The database name.
pub const DB_NAME: &str = "motcua";

/// v1: key → value settings and bookkeeping (`last_sync`, …).
pub const META: &str = "meta";
/// v1: the list of communes (one entry, key [`COMMUNES_KEY`]).
pub const COMMUNES: &str = "communes";
/// v1: key = commune code → that commune's [`motcua_domain::Catalog`].
pub const CATALOGS: &str = "catalogs";
/// v2: key = `"{commune}/{procedure}"` → ticked document ids.
pub const CHECKLIST: &str = "checklist";

/// v3: key = draft id → that [`crate::storage::Draft`] (JSON).
pub const DRAFTS: &str = "drafts";
/// v3: key = SHA-256 hex → the photo's bytes as a real `Blob` (not JSON, not base64).
pub const BLOBS: &str = "blobs";
/// v3: key = draft id → its [`motcua_domain::sync::OutboxItem`] (JSON).
pub const OUTBOX: &str = "outbox";
/// v3: key = receipt code → [`crate::storage::Tracked`] (secret and last-known status, JSON).
pub const TRACKING: &str = "tracking";

/// Stores whose records only the phone has (settings, ticks, drafts, photos, the outbox,
/// tracked receipts): carried over when a broken database is rebuilt. [`CATALOGS`] and
/// [`COMMUNES`] are left out: the server has them and they are large.
pub const RESCUED: &[&str] = &[META, CHECKLIST, DRAFTS, BLOBS, OUTBOX, TRACKING];

/// The key of the single entry in [`COMMUNES`].
pub const COMMUNES_KEY: &str = "all";

/// One schema version: a migration from the previous one.
#[derive(Debug, Clone, Copy)]
pub struct Version {
    /// The IndexedDB version number (1, 2, …, strictly increasing).
    pub number: u32,
    /// Object stores created by this version.
    pub adds: &'static [&'static str],
    /// Object stores dropped by this version.
    pub removes: &'static [&'static str],
    /// Why the version exists.
    pub note: &'static str,
}

/// Every schema version, oldest first.
pub const VERSIONS: &[Version] = &[
    Version {
        number: 1,
        adds: &[META, COMMUNES, CATALOGS],
        removes: &[],
        note: "settings, commune list, catalogs per commune",
    },
    Version {
        number: 2,
        adds: &[CHECKLIST],
        removes: &[],
        note: "document checklist ticks per commune and procedure",
    },
    Version {
        number: 3,
        adds: &[DRAFTS, BLOBS, OUTBOX, TRACKING],
        removes: &[],
        note: "form drafts, photo blobs, the submission outbox, tracked receipts",
    },
];

/// The version this code writes.
pub fn current() -> u32 {
    VERSIONS.last().map_or(1, |v| v.number)
}

/// The object stores that exist at `version`, in creation order.
pub fn stores_at(version: u32) -> Vec<&'static str> {
    let mut stores: Vec<&'static str> = Vec::new();
    for v in VERSIONS.iter().take_while(|v| v.number <= version) {
        stores.retain(|s| !v.removes.contains(s));
        for store in v.adds {
            if !stores.contains(store) {
                stores.push(store);
            }
        }
    }
    stores
}

/// Stores that a version after `old` and up to [`current`] removed: an upgrade from `old` drops
/// them. Stores this code does not know (a newer version's) are never in this list.
pub fn removed_since(old: u32) -> Vec<&'static str> {
    let kept = stores_at(current());
    let mut removed: Vec<&'static str> = Vec::new();
    for v in VERSIONS.iter().filter(|v| v.number > old) {
        for store in v.removes {
            if !kept.contains(store) && !removed.contains(store) {
                removed.push(store);
            }
        }
    }
    removed
}

/// The stores of [`current`] that `existing` lacks, in creation order.
pub fn missing_from(existing: &[String]) -> Vec<&'static str> {
    stores_at(current())
        .into_iter()
        .filter(|s| !existing.iter().any(|e| e == s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_by_one_from_one() {
        for (i, v) in VERSIONS.iter().enumerate() {
            assert_eq!(v.number as usize, i + 1, "{v:?}");
        }
        assert_eq!(current(), 3);
    }

    #[test]
    fn stores_accumulate_per_version() {
        assert_eq!(stores_at(1), vec![META, COMMUNES, CATALOGS]);
        assert_eq!(stores_at(2), vec![META, COMMUNES, CATALOGS, CHECKLIST]);
        assert_eq!(
            stores_at(3),
            vec![META, COMMUNES, CATALOGS, CHECKLIST, DRAFTS, BLOBS, OUTBOX, TRACKING]
        );
        assert_eq!(stores_at(0), Vec::<&str>::new());
    }

    #[test]
    fn nothing_is_removed_yet_and_unknown_stores_are_never_dropped() {
        for old in 0..=current() + 1 {
            assert!(removed_since(old).is_empty(), "from {old}");
        }
    }

    #[test]
    fn missing_stores_are_listed_in_creation_order() {
        let have: Vec<String> = [META, DRAFTS, "from_the_future"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            missing_from(&have),
            vec![COMMUNES, CATALOGS, CHECKLIST, BLOBS, OUTBOX, TRACKING]
        );
        let all: Vec<String> = stores_at(current())
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert!(missing_from(&all).is_empty());
    }
}
