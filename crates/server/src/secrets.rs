//! Tracking secrets: derived from the receipt with a server key, stored only as a hash.
//!
//! The database keeps `SHA-256(secret)` and never the secret. A replayed `POST /submissions` must
//! still answer the very same secret, so the secret is not drawn at random but derived:
//! `TrackingSecret::generate(first 16 bytes of HMAC-SHA256(key, "tracking-secret\0" + receipt))`.
//! The 32-byte key lives in `{data_dir}/keys/tracking.key` (created at first start, mode 0600 on
//! Unix), outside the database, so a leaked database alone reveals no secret. Losing the key
//! keeps tracking working (hashes are stored) but a later replay could not give the secret back.

use std::io;
use std::path::Path;

use hmac::{Hmac, Mac};
use motcua_domain::{ReceiptCode, TrackingSecret};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The key tracking secrets are derived with. `Debug` never prints it.
#[derive(Clone)]
pub struct TrackingKey([u8; 32]);

impl std::fmt::Debug for TrackingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrackingKey(…)")
    }
}

impl TrackingKey {
    /// Reads `{data_dir}/keys/tracking.key`, creating it with 32 random bytes when missing
    /// (written to a temporary file, then renamed, so a crash never leaves half a key).
    pub fn load_or_create(data_dir: &Path) -> io::Result<Self> {
        let dir = data_dir.join("keys");
        let path = dir.join("tracking.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => return Self::parse(text.trim()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
        std::fs::create_dir_all(&dir)?;
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).map_err(io::Error::other)?;
        let temp = dir.join("tracking.key.tmp");
        {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temp)?;
            io::Write::write_all(&mut file, hex::encode(key).as_bytes())?;
            file.sync_all()?;
        }
        std::fs::rename(&temp, &path)?;
        Ok(Self(key))
    }

    fn parse(text: &str) -> io::Result<Self> {
        let bytes = hex::decode(text).map_err(io::Error::other)?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| io::Error::other("the tracking key must be 64 hex digits"))?;
        Ok(Self(key))
    }

    /// A key for tests.
    pub fn from_bytes(key: [u8; 32]) -> Self {
        Self(key)
    }

    /// The tracking secret of a receipt.
    pub fn secret_for(&self, receipt: &ReceiptCode) -> TrackingSecret {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"tracking-secret\0");
        mac.update(receipt.as_str().as_bytes());
        let out = mac.finalize().into_bytes();
        let mut random = [0u8; 16];
        random.copy_from_slice(&out[..16]);
        TrackingSecret::generate(random)
    }
}

/// What the database stores for a secret: SHA-256 of its text, as 64 hex digits.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.trim().as_bytes()))
}

/// Compares a presented secret with a stored hash in constant time.
pub fn secret_matches(presented: &str, stored_hash: &str) -> bool {
    secret_hash(presented)
        .as_bytes()
        .ct_eq(stored_hash.as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_derived_stably_and_checked_by_hash() {
        let key = TrackingKey::from_bytes([7; 32]);
        let receipt = ReceiptCode::parse("11560-7KQ4XM").unwrap();
        let secret = key.secret_for(&receipt);
        assert_eq!(secret, key.secret_for(&receipt));
        assert!(TrackingSecret::parse(secret.as_str()).is_ok());
        assert_ne!(
            secret,
            TrackingKey::from_bytes([8; 32]).secret_for(&receipt)
        );
        let hash = secret_hash(secret.as_str());
        assert!(secret_matches(secret.as_str(), &hash));
        assert!(!secret_matches("wrong-secret-0000000000", &hash));
        assert!(!secret_matches("", &hash));
    }

    #[test]
    fn the_key_file_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let receipt = ReceiptCode::parse("11560-7KQ4XM").unwrap();
        let first = TrackingKey::load_or_create(dir.path()).unwrap();
        let again = TrackingKey::load_or_create(dir.path()).unwrap();
        assert_eq!(first.secret_for(&receipt), again.secret_for(&receipt));
        assert_eq!(format!("{first:?}"), "TrackingKey(…)");
    }
}
