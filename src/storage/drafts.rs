//! Drafts, photo blobs, outbox items and tracked receipts (schema v3).
//!
//! A [`Draft`] is everything a citizen typed and photographed for one application, saved on every
//! change. Photos live apart in [`schema::BLOBS`] as real `Blob`s keyed by their SHA-256, so a
//! draft stays small and the same photo in two drafts is stored once.

use std::collections::{BTreeMap, BTreeSet};

use idb::TransactionMode;
use motcua_domain::forms::FieldKind;
use motcua_domain::sync::{OutboxItem, StateProbe, StateTag};
use motcua_domain::{
    AttachmentRef, CommuneCode, DraftId, Localized, NewSubmission, ProcedureCode, Sha256Hex,
    SubmissionAccepted, TrackingView, ValidationErrors,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::{done, schema, Result, Storage, StorageError};

/// A photo attached to a draft's photo field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    /// The photo field it answers.
    pub field: String,
    /// SHA-256 of the stored (re-encoded) bytes; also the key in [`schema::BLOBS`].
    pub sha256: Sha256Hex,
    /// Size in bytes.
    pub bytes: u64,
    /// MIME type (`image/jpeg` after re-encoding).
    pub content_type: String,
    /// The key of the Blob in [`schema::BLOBS`] (= the hash).
    pub blob_key: String,
}

/// Where a draft is on its way to the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SubmitState {
    /// Being filled in (Nháp).
    #[default]
    Draft,
    /// In the outbox, waiting to be sent (Đang chờ gửi).
    Queued,
    /// Accepted by the office (Đã gửi).
    Sent {
        /// The receipt and tracking secret.
        accepted: SubmissionAccepted,
    },
    /// The citizen must act (Cần sửa): answers to correct, a photo to retake, a conflict.
    NeedsAttention {
        /// The server's field errors (422), shown on the fields.
        #[serde(default)]
        errors: ValidationErrors,
        /// What happened.
        message: Localized,
    },
}

impl SubmitState {
    /// The stable name used in `data-state`: `draft`, `queued`, `sent`, `needs_attention`.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Queued => "queued",
            Self::Sent { .. } => "sent",
            Self::NeedsAttention { .. } => "needs_attention",
        }
    }

    /// True when the answers may be edited.
    pub fn editable(&self) -> bool {
        matches!(self, Self::Draft | Self::NeedsAttention { .. })
    }
}

/// One application being filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Random id made on the phone.
    pub id: DraftId,
    /// The procedure applied for.
    pub procedure: ProcedureCode,
    /// The commune whose office receives it.
    pub commune: CommuneCode,
    /// The procedure's name when the draft was started (shown without the catalog).
    #[serde(default)]
    pub procedure_name: Option<Localized>,
    /// The form version the answers were written against.
    pub form_version: u32,
    /// Answers by field id.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Photos, in the order added.
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
    /// The step last shown.
    #[serde(default)]
    pub step: Option<String>,
    /// Steps the citizen finished with "Continue".
    #[serde(default)]
    pub done_steps: BTreeSet<String>,
    /// Answers kept from an older form version that need a look (never dropped).
    #[serde(default)]
    pub flagged: Vec<String>,
    /// When it was started (ms since the epoch).
    pub created_ms: f64,
    /// When it last changed.
    pub updated_ms: f64,
    /// Where it is on its way to the office.
    #[serde(default)]
    pub submit: SubmitState,
    /// The exact body sent (frozen at "Submit", so every retry sends the same bytes).
    #[serde(default)]
    pub submission: Option<NewSubmission>,
}

impl Draft {
    /// A new empty draft.
    pub fn new(
        id: DraftId,
        procedure: ProcedureCode,
        commune: CommuneCode,
        procedure_name: Option<Localized>,
        form_version: u32,
        now_ms: f64,
    ) -> Self {
        Self {
            id,
            procedure,
            commune,
            procedure_name,
            form_version,
            answers: BTreeMap::new(),
            photos: Vec::new(),
            step: None,
            done_steps: BTreeSet::new(),
            flagged: Vec::new(),
            created_ms: now_ms,
            updated_ms: now_ms,
            submit: SubmitState::Draft,
            submission: None,
        }
    }

    /// The photos as submission attachments (with the guide's document id of their field).
    pub fn attachments(&self) -> Vec<AttachmentRef> {
        let def = motcua_domain::forms::form_for(&self.procedure);
        self.photos
            .iter()
            .map(|p| AttachmentRef {
                sha256: p.sha256.clone(),
                bytes: p.bytes,
                content_type: p.content_type.clone(),
                field: p.field.clone(),
                document_id: def
                    .and_then(|d| d.field(&p.field))
                    .and_then(|f| match &f.kind {
                        FieldKind::Photo { document_id, .. } => document_id.clone(),
                        _ => None,
                    }),
            })
            .collect()
    }

    /// The submission body for the current answers.
    pub fn to_submission(&self) -> NewSubmission {
        NewSubmission {
            draft_id: self.id.clone(),
            procedure: self.procedure.clone(),
            commune: self.commune.clone(),
            form_version: self.form_version,
            answers: self
                .answers
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().to_owned()))
                .collect(),
            attachments: self.attachments(),
        }
    }

    /// The outbox item for the frozen submission.
    pub fn outbox_item(&self) -> OutboxItem {
        let shas = self
            .submission
            .as_ref()
            .map(|s| s.attachments.iter().map(|a| a.sha256.clone()).collect())
            .unwrap_or_else(|| {
                self.photos
                    .iter()
                    .map(|p| p.sha256.clone())
                    .collect::<Vec<_>>()
            });
        OutboxItem::new(self.id.clone(), shas)
    }
}

/// A receipt this phone follows: its secret and the last status fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    /// The receipt code.
    pub receipt: String,
    /// The tracking secret.
    pub secret: String,
    /// The last status fetched.
    #[serde(default)]
    pub view: Option<TrackingView>,
    /// When it was fetched (ms since the epoch).
    #[serde(default)]
    pub fetched_ms: Option<f64>,
}

impl Storage {
    async fn all<T: serde::de::DeserializeOwned>(&self, store: &str) -> Result<Vec<T>> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let values = tx.object_store(store)?.get_all(None, None)?.await?;
        done(tx).await?;
        let mut out = Vec::with_capacity(values.len());
        for v in values {
            if let Some(json) = v.as_string() {
                match serde_json::from_str(&json) {
                    Ok(item) => out.push(item),
                    Err(e) => super::web_log(&format!("motcua: unreadable {store} entry: {e}")),
                }
            }
        }
        Ok(out)
    }

    async fn delete(&self, store: &str, key: &str) -> Result<()> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.object_store(store)?
            .delete(JsValue::from_str(key))?
            .await?;
        done(tx).await?;
        Ok(())
    }

    /// Saves a draft.
    pub async fn save_draft(&self, draft: &Draft) -> Result<()> {
        self.put(schema::DRAFTS, draft.id.as_str(), draft).await
    }

    /// A draft by id.
    pub async fn load_draft(&self, id: &str) -> Result<Option<Draft>> {
        self.get(schema::DRAFTS, id).await
    }

    /// All drafts, most recently edited first.
    pub async fn list_drafts(&self) -> Result<Vec<Draft>> {
        let mut drafts: Vec<Draft> = self.all(schema::DRAFTS).await?;
        motcua_domain::order::sort_by(&mut drafts, |a, b| b.updated_ms.total_cmp(&a.updated_ms));
        Ok(drafts)
    }

    /// Deletes a draft, its outbox item, and the photos no other draft uses.
    pub async fn delete_draft(&self, id: &str) -> Result<()> {
        let Some(draft) = self.load_draft(id).await? else {
            return Ok(());
        };
        self.delete(schema::DRAFTS, id).await?;
        self.delete(schema::OUTBOX, id).await?;
        let others = self.list_drafts().await?;
        for photo in &draft.photos {
            let used = others
                .iter()
                .any(|d| d.photos.iter().any(|p| p.blob_key == photo.blob_key));
            if !used {
                self.delete_blob(&photo.blob_key).await?;
            }
        }
        Ok(())
    }

    /// Stores a photo's bytes as a `Blob` under its hash.
    pub async fn put_blob(&self, key: &str, blob: &web_sys::Blob) -> Result<()> {
        let tx = self
            .db
            .transaction(&[schema::BLOBS], TransactionMode::ReadWrite)?;
        tx.object_store(schema::BLOBS)?
            .put(blob.as_ref(), Some(&JsValue::from_str(key)))?
            .await?;
        done(tx).await?;
        Ok(())
    }

    /// A stored photo.
    pub async fn get_blob(&self, key: &str) -> Result<Option<web_sys::Blob>> {
        let tx = self
            .db
            .transaction(&[schema::BLOBS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(schema::BLOBS)?
            .get(JsValue::from_str(key))?
            .await?;
        done(tx).await?;
        match value {
            Some(v) if v.is_instance_of::<web_sys::Blob>() => Ok(Some(v.unchecked_into())),
            Some(_) => Err(StorageError(format!("blob {key} is not a Blob"))),
            None => Ok(None),
        }
    }

    /// Deletes a stored photo.
    pub async fn delete_blob(&self, key: &str) -> Result<()> {
        self.delete(schema::BLOBS, key).await
    }

    /// Saves an outbox item under its draft id.
    pub async fn save_outbox(&self, item: &OutboxItem) -> Result<()> {
        self.put(schema::OUTBOX, item.draft_id.as_str(), item).await
    }

    /// Every outbox item.
    pub async fn load_outbox(&self) -> Result<Vec<OutboxItem>> {
        self.all(schema::OUTBOX).await
    }

    /// Outbox item `id` (the draft's or rating's id it is keyed by), read alone.
    pub async fn load_outbox_item(&self, id: &str) -> Result<Option<OutboxItem>> {
        self.get(schema::OUTBOX, id).await
    }

    /// The state of outbox item `id`, its tag only: read without decoding the item, so a page
    /// that only follows an item (the rating form) needs none of the outbox's decoders.
    pub async fn outbox_state(&self, id: &str) -> Result<Option<StateTag>> {
        let probe: Option<StateProbe> = self.get(schema::OUTBOX, id).await?;
        Ok(probe.map(|p| p.state.state))
    }

    /// Whether anything waits to be sent: an outbox item, or a draft marked queued (a tab may
    /// have closed before its item was written). Reads only each draft's state, not the whole
    /// draft, so the outbox's code is not needed to answer.
    pub async fn has_queued(&self) -> Result<bool> {
        /// The one field of a stored draft this needs.
        #[derive(serde::Deserialize)]
        struct Probe {
            #[serde(default)]
            submit: Option<StateOnly>,
        }
        #[derive(serde::Deserialize)]
        struct StateOnly {
            state: String,
        }
        let tx = self
            .db
            .transaction(&[schema::OUTBOX, schema::DRAFTS], TransactionMode::ReadOnly)?;
        let items = tx.object_store(schema::OUTBOX)?.count(None)?.await?;
        let drafts = tx
            .object_store(schema::DRAFTS)?
            .get_all(None, None)?
            .await?;
        done(tx).await?;
        let queued = |json: String| {
            serde_json::from_str::<Probe>(&json)
                .is_ok_and(|p| p.submit.is_some_and(|s| s.state == "queued"))
        };
        Ok(items > 0 || drafts.into_iter().filter_map(|v| v.as_string()).any(queued))
    }

    /// A followed receipt.
    pub async fn load_tracked(&self, receipt: &str) -> Result<Option<Tracked>> {
        self.get(schema::TRACKING, receipt).await
    }

    /// Saves a followed receipt.
    pub async fn save_tracked(&self, tracked: &Tracked) -> Result<()> {
        self.put(schema::TRACKING, &tracked.receipt, tracked).await
    }
}

impl Storage {
    /// Deletes a stored photo unless some draft still uses it.
    pub async fn delete_blob_if_unused(&self, key: &str) -> Result<()> {
        let drafts = self.list_drafts().await?;
        if !drafts
            .iter()
            .any(|d| d.photos.iter().any(|p| p.blob_key == key))
        {
            self.delete_blob(key).await?;
        }
        Ok(())
    }
}
