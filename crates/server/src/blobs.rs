//! Attachment bytes on disk, content-addressed: `{data_dir}/attachments/ab/cdef…` where
//! `abcdef…` is the SHA-256 of the file.
//!
//! Crash safety: an upload is streamed into `attachments/tmp/*.part`, flushed to disk, and only
//! then renamed to its final name (a rename is atomic on POSIX file systems), so a kill -9 in the
//! middle of a write can leave a stray temporary file — removed at the next start — but never a
//! torn file under a final name. The database row of an attachment is written after its file
//! exists (see [`crate::routes`]).

use std::io;
use std::path::{Path, PathBuf};

use motcua_domain::Sha256Hex;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::sniff::SNIFF_LEN;

/// The attachment directory.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    /// Opens (creating) `{data_dir}/attachments` and removes temporary files left by a crash.
    pub fn open(data_dir: &Path) -> io::Result<Self> {
        let root = data_dir.join("attachments");
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        for entry in std::fs::read_dir(&tmp)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "part") {
                if let Err(err) = std::fs::remove_file(&path) {
                    tracing::warn!(%err, path = %path.display(), "cannot remove a stale upload");
                }
            }
        }
        Ok(Self { root })
    }

    /// Where the bytes with this hash live.
    pub fn path_of(&self, sha256: &Sha256Hex) -> PathBuf {
        let hex = sha256.as_str();
        self.root.join(&hex[..2]).join(&hex[2..])
    }

    /// The stored bytes with this hash.
    pub async fn read(&self, sha256: &Sha256Hex) -> io::Result<Vec<u8>> {
        tokio::fs::read(self.path_of(sha256)).await
    }

    /// Starts an upload into a fresh temporary file.
    pub async fn begin(&self) -> io::Result<Upload> {
        let mut random = [0u8; 16];
        getrandom::getrandom(&mut random).map_err(io::Error::other)?;
        let path = self
            .root
            .join("tmp")
            .join(format!("{}.part", hex::encode(random)));
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok(Upload {
            file,
            temp: TempFile(Some(path)),
            hasher: Sha256::new(),
            bytes: 0,
            head: Vec::with_capacity(SNIFF_LEN),
        })
    }
}

/// A temporary file removed on drop unless taken.
#[derive(Debug)]
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            // Dropped when a request fails or its client goes away mid-upload.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An upload being written (hashing as it goes).
#[derive(Debug)]
pub struct Upload {
    file: tokio::fs::File,
    temp: TempFile,
    hasher: Sha256,
    bytes: u64,
    head: Vec<u8>,
}

impl Upload {
    /// Appends bytes.
    pub async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        if self.head.len() < SNIFF_LEN {
            let take = (SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.bytes += chunk.len() as u64;
        self.file.write_all(chunk).await
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Flushes the file to disk and computes its hash.
    pub async fn finish(mut self) -> io::Result<Staged> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        drop(self.file);
        Ok(Staged {
            temp: self.temp,
            sha256: Sha256Hex::from_bytes(self.hasher.finalize().into()),
            bytes: self.bytes,
            head: self.head,
        })
    }
}

/// A complete upload on disk under a temporary name.
#[derive(Debug)]
pub struct Staged {
    temp: TempFile,
    /// The SHA-256 of the bytes written.
    pub sha256: Sha256Hex,
    /// Their number.
    pub bytes: u64,
    /// The first bytes, for [`crate::sniff::sniff`].
    pub head: Vec<u8>,
}

impl Staged {
    /// Moves the file to its content address. When a file is already there and its bytes hash
    /// to the right value, it is kept (and the temporary file removed); a damaged one is replaced.
    pub async fn store(mut self, blobs: &Blobs) -> io::Result<()> {
        let target = blobs.path_of(&self.sha256);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        if hash_file(&target).await.ok().as_ref() == Some(&self.sha256) {
            return Ok(());
        }
        let Some(temp) = self.temp.0.take() else {
            return Err(io::Error::other("upload already stored"));
        };
        if let Err(err) = tokio::fs::rename(&temp, &target).await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(err);
        }
        // Make the rename itself durable.
        if let Some(dir) = target.parent() {
            sync_dir(dir).await;
        }
        Ok(())
    }
}

/// The SHA-256 of a file's bytes.
pub async fn hash_file(path: &Path) -> io::Result<Sha256Hex> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(path)?;
        let mut hasher = Sha256::new();
        io::copy(&mut file, &mut hasher)?;
        Ok(Sha256Hex::from_bytes(hasher.finalize().into()))
    })
    .await
    .map_err(io::Error::other)?
}

#[cfg(unix)]
async fn sync_dir(dir: &Path) {
    let dir = dir.to_owned();
    let _ = tokio::task::spawn_blocking(move || std::fs::File::open(dir)?.sync_all()).await;
}

#[cfg(not(unix))]
async fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_by_content_and_cleans_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("attachments/tmp")).unwrap();
        std::fs::write(dir.path().join("attachments/tmp/old.part"), b"torn").unwrap();
        let blobs = Blobs::open(dir.path()).unwrap();
        assert!(!dir.path().join("attachments/tmp/old.part").exists());

        for _ in 0..2 {
            let mut upload = blobs.begin().await.unwrap();
            upload.write(b"hello ").await.unwrap();
            upload.write(b"world").await.unwrap();
            let staged = upload.finish().await.unwrap();
            let sha = staged.sha256.clone();
            assert_eq!(
                sha.as_str(),
                "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
            );
            staged.store(&blobs).await.unwrap();
            assert_eq!(blobs.read(&sha).await.unwrap(), b"hello world");
            assert!(blobs
                .path_of(&sha)
                .ends_with("b9/4d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"));
        }
        assert_eq!(
            std::fs::read_dir(dir.path().join("attachments/tmp"))
                .unwrap()
                .count(),
            0
        );

        // A dropped upload leaves nothing behind.
        let mut upload = blobs.begin().await.unwrap();
        upload.write(b"partial").await.unwrap();
        drop(upload);
        assert_eq!(
            std::fs::read_dir(dir.path().join("attachments/tmp"))
                .unwrap()
                .count(),
            0
        );
    }
}
