//! The first catalog: 85 commune-level procedures and the 114 communes of Hải Phòng.
//!
//! The JSON files under `data/seed/` (see `data/seed/SOURCES.md`) are compiled into the binary, so
//! the server needs neither the repository nor a particular working directory to seed itself.

use std::collections::HashMap;

use motcua_domain::{
    Commune, CommuneCode, CommuneKind, CommuneSummary, Localized, Office, Procedure, ProcedureCode,
    RequiredDocument,
};
use serde::Deserialize;

use crate::db::{Db, StoreError};

const PROCEDURES_JSON: &str = include_str!("../../../data/seed/procedures.json");
const PROCEDURES_EN_JSON: &str = include_str!("../../../data/seed/procedures-en.json");
const COMMUNES_JSON: &str = include_str!("../../../data/seed/communes-haiphong.json");

/// Why the embedded seed could not be used (a bug in the data files, caught by the tests).
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A seed file is not the expected JSON.
    #[error("seed file {file} is invalid: {source}")]
    Json {
        /// Which file.
        file: &'static str,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A record is inconsistent.
    #[error("seed record {code}: {problem}")]
    Record {
        /// The record's code.
        code: String,
        /// What is wrong.
        problem: String,
    },
    /// Storing the seed failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One record of `procedures.json`.
#[derive(Deserialize)]
struct SeedProcedure {
    code: ProcedureCode,
    name_vi: String,
    name_en: String,
    field_vi: String,
    field_en: String,
    processing_time_vi: String,
    processing_days: Option<u32>,
    fee_vi: String,
    fee_vnd: Option<u64>,
    documents_vi: Vec<String>,
    documents_en: Vec<String>,
    submit_at_vi: String,
    legal_basis: Vec<String>,
    result_vi: String,
    decision: Option<String>,
    source: String,
}

/// One value of `procedures-en.json` (keyed by procedure code).
#[derive(Deserialize, Default)]
struct SeedEnglish {
    fee_en: String,
    processing_time_en: String,
    submit_at_en: String,
    result_en: String,
}

#[derive(Deserialize)]
struct SeedCommunes {
    units: Vec<SeedCommune>,
}

#[derive(Deserialize)]
struct SeedCommune {
    code: CommuneCode,
    name_vi: String,
    kind: String,
    former_district: String,
    former_province: String,
}

fn parse<'a, T: Deserialize<'a>>(file: &'static str, text: &'a str) -> Result<T, SeedError> {
    serde_json::from_str(text).map_err(|source| SeedError::Json { file, source })
}

/// The seeded procedures, sorted by code, each with Vietnamese and English text.
pub fn procedures() -> Result<Vec<Procedure>, SeedError> {
    let records: Vec<SeedProcedure> = parse("procedures.json", PROCEDURES_JSON)?;
    let mut english: HashMap<String, SeedEnglish> =
        parse("procedures-en.json", PROCEDURES_EN_JSON)?;
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        if r.documents_vi.len() != r.documents_en.len() {
            return Err(SeedError::Record {
                code: r.code.to_string(),
                problem: "documents_vi and documents_en differ in length".into(),
            });
        }
        let en = english.remove(r.code.as_str()).unwrap_or_else(|| {
            tracing::warn!(code = %r.code, "no English entry in procedures-en.json");
            SeedEnglish::default()
        });
        let documents = r
            .documents_vi
            .iter()
            .zip(&r.documents_en)
            .map(|(vi, en)| RequiredDocument::from_portal(vi, en))
            .collect();
        out.push(Procedure {
            code: r.code,
            name: Localized::new(r.name_vi, r.name_en),
            field: Localized::new(r.field_vi, r.field_en),
            documents,
            fee: Localized::new(r.fee_vi, en.fee_en),
            fee_vnd: r.fee_vnd,
            processing_time: Localized::new(r.processing_time_vi, en.processing_time_en),
            processing_days: r.processing_days,
            submit_at: Localized::new(r.submit_at_vi, en.submit_at_en),
            legal_basis: r.legal_basis,
            result: Localized::new(r.result_vi, en.result_en),
            decision: r.decision,
            source: r.source,
            local_note: None,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// The seeded communes with the default office (no address or phone: none is published yet).
pub fn communes() -> Result<Vec<Commune>, SeedError> {
    let seed: SeedCommunes = parse("communes-haiphong.json", COMMUNES_JSON)?;
    seed.units
        .into_iter()
        .map(|u| {
            let kind = CommuneKind::from_vi(&u.kind).ok_or_else(|| SeedError::Record {
                code: u.code.to_string(),
                problem: format!("unknown kind {:?}", u.kind),
            })?;
            Ok(Commune {
                summary: CommuneSummary {
                    code: u.code,
                    name_vi: u.name_vi,
                    kind,
                    former_district: u.former_district,
                    former_province: u.former_province,
                },
                office: Office {
                    hours: Office::default_hours(),
                    ..Default::default()
                },
            })
        })
        .collect()
}

/// Seeds an empty database; does nothing when it already holds data. Returns the new version when
/// it seeded.
pub async fn seed_if_empty(db: &Db) -> Result<Option<u64>, SeedError> {
    let communes = communes()?;
    let procedures = procedures()?;
    let seeded = db.load_seed(&communes, &procedures).await?;
    if let Some(version) = seeded {
        tracing::info!(
            version,
            communes = communes.len(),
            procedures = procedures.len(),
            "seeded the empty catalog"
        );
    }
    Ok(seeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english_missing(what: &str, text: &Localized, missing: &mut Vec<String>) {
        if text.vi.trim().is_empty() || text.en.trim().is_empty() {
            missing.push(what.to_owned());
        }
    }

    #[test]
    fn every_procedure_is_complete_in_both_languages() {
        let procedures = procedures().unwrap();
        assert_eq!(procedures.len(), 85);
        let mut missing = Vec::new();
        for p in &procedures {
            let c = p.code.as_str();
            english_missing(&format!("{c} name"), &p.name, &mut missing);
            english_missing(&format!("{c} field"), &p.field, &mut missing);
            english_missing(&format!("{c} fee"), &p.fee, &mut missing);
            english_missing(
                &format!("{c} processing_time"),
                &p.processing_time,
                &mut missing,
            );
            english_missing(&format!("{c} submit_at"), &p.submit_at, &mut missing);
            english_missing(&format!("{c} result"), &p.result, &mut missing);
            for (i, d) in p.documents.iter().enumerate() {
                english_missing(&format!("{c} document {i}"), &d.text, &mut missing);
            }
        }
        assert!(missing.is_empty(), "missing text: {missing:?}");
        // Only 3.000182 (lower-secondary admission) has no list: the source says none is set.
        let without: Vec<_> = procedures
            .iter()
            .filter(|p| p.documents.is_empty())
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(without, ["3.000182"]);
    }

    #[test]
    fn english_file_matches_the_procedures() {
        let english: HashMap<String, SeedEnglish> =
            parse("procedures-en.json", PROCEDURES_EN_JSON).unwrap();
        let mut codes: Vec<String> = procedures()
            .unwrap()
            .into_iter()
            .map(|p| p.code.to_string())
            .collect();
        let mut keys: Vec<String> = english.into_keys().collect();
        codes.sort();
        keys.sort();
        assert_eq!(codes, keys);
    }

    #[test]
    fn birth_registration_is_mapped() {
        let procedures = procedures().unwrap();
        let birth = procedures
            .iter()
            .find(|p| p.code.as_str() == "1.001193")
            .unwrap();
        assert_eq!(birth.name.en, "Birth registration");
        assert_eq!(birth.fee_vnd, Some(0));
        assert!(birth.documents.iter().any(|d| d.show_only));
        assert!(!birth
            .documents
            .iter()
            .any(|d| d.text.vi.starts_with("[Xuất trình]")));
    }

    #[test]
    fn communes_are_all_there_without_invented_contacts() {
        let communes = communes().unwrap();
        assert_eq!(communes.len(), 114);
        let mut codes: Vec<_> = communes.iter().map(|c| c.summary.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 114);
        for c in &communes {
            assert_eq!(c.office.phone, None);
            assert_eq!(c.office.address, None);
            assert!(c.office.staff.is_empty());
            assert_eq!(c.office.hours, Office::default_hours());
        }
        let kinds = |k| communes.iter().filter(|c| c.summary.kind == k).count();
        assert_eq!(
            (
                kinds(CommuneKind::Phuong),
                kinds(CommuneKind::Xa),
                kinds(CommuneKind::DacKhu)
            ),
            (45, 67, 2)
        );
    }
}
