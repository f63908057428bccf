//! # motcua-search
//!
//! Procedure search that understands how Vietnamese citizens type, for the phone (wasm32) and
//! for tools (native). Pure: no IO, no clock, no randomness.
//!
//! - [`fold`]: Vietnamese normalisation (NFC and NFD alike; tone and vowel marks folded, `đ` → `d`,
//!   case) with a compact hand table;
//! - [`tokenize`]: words with a folded key (for matching) and an exact key (for ranking);
//! - [`index`]: a sorted term dictionary with compact `u32` postings;
//! - [`query`]: exact, as-you-type prefix and typo-tolerant matching, field weights, phrase bonus;
//! - [`synonyms`]: the curated table of everyday phrases (`data/synonyms.tsv`).
//!
//! ```
//! let index = motcua_search::Index::from_procedures(&[]);
//! assert!(index.search("khai sinh", 5).is_empty());
//! ```

pub mod fold;
pub mod fuzzy;
pub mod index;
pub mod query;
pub mod synonyms;
pub mod tokenize;

use std::ops::Range;

use motcua_domain::Procedure;

pub use fold::fold;
pub use index::{Field, Index, IndexBuilder};
pub use query::{Hit, MAX_QUERY_WORDS};

impl Index {
    /// Indexes procedures with the shipped synonym table.
    pub fn from_procedures(procedures: &[Procedure]) -> Self {
        Self::from_procedures_with(procedures, synonyms::SYNONYMS_TSV)
    }

    /// Indexes procedures with a synonym table in the `data/synonyms.tsv` format.
    pub fn from_procedures_with(procedures: &[Procedure], synonyms_tsv: &str) -> Self {
        let table = synonyms::parse(synonyms_tsv);
        let mut b = IndexBuilder::new();
        for (short, long) in synonyms::abbreviations(synonyms_tsv) {
            b.abbreviation(short, long);
        }
        for p in procedures {
            let Some(doc) = b.add_doc(p.code.as_str()) else {
                break;
            };
            let code = p.code.as_str();
            b.add_text(doc, Field::Name, without_boilerplate(&p.name.vi));
            b.add_text(doc, Field::Name, &p.name.en);
            for row in table.iter().filter(|r| r.codes.contains(&code)) {
                b.add_text(doc, Field::Synonym, row.phrase);
            }
            for d in &p.documents {
                b.add_text(doc, Field::Document, &d.text.vi);
                b.add_text(doc, Field::Document, &d.text.en);
            }
            b.add_text(doc, Field::Document, &p.result.vi);
            b.add_text(doc, Field::Document, &p.result.en);
            for law in &p.legal_basis {
                b.add_text(doc, Field::Other, law);
            }
            b.add_text(doc, Field::Other, &p.field.vi);
            b.add_text(doc, Field::Other, &p.field.en);
            b.add_text(doc, Field::Other, code);
        }
        b.build()
    }
}

/// A name without the portal's leading "Thủ tục" ("Procedure"), which some names carry and others
/// not: it would only make those names look longer than they are.
fn without_boilerplate(name: &str) -> &str {
    let first = tokenize::words(name, 3);
    match first.as_slice() {
        [a, b, _] if a.folded == "thu" && b.folded == "tuc" => name[b.range.end..].trim_start(),
        _ => name,
    }
}

/// Byte ranges of the words of `text` that a query matches (to wrap in `<mark>`): the same
/// word folded, a longer word the last typed word starts, or a spelling within the typo limit.
pub fn highlight(text: &str, query: &str) -> Vec<Range<usize>> {
    let typed = tokenize::words(query, MAX_QUERY_WORDS);
    if typed.is_empty() {
        return Vec::new();
    }
    let still_typing = query.chars().last().is_some_and(char::is_alphanumeric);
    let last = typed.len() - 1;
    let mut out = Vec::new();
    tokenize::for_each_word(text, |folded, _, _, range| {
        let hit = typed.iter().enumerate().any(|(i, w)| {
            let q = w.folded.as_str();
            folded == q
                || (i == last && still_typing && q.len() >= 2 && folded.starts_with(q))
                || (!q.bytes().any(|b| b.is_ascii_digit())
                    && fuzzy::distance_within(
                        q.as_bytes(),
                        folded.as_bytes(),
                        fuzzy::max_edits(q.len()),
                    )
                    .is_some())
        });
        if hit {
            out.push(range);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_folded_prefix_and_typo_words() {
        let text = "Thủ tục đăng ký khai sinh";
        let ranges = highlight(text, "dang ky khai sihn");
        let marked: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(marked, ["đăng", "ký", "khai", "sinh"]);
        let ranges = highlight(text, "kha");
        assert_eq!(&text[ranges[0].clone()], "khai");
        assert!(highlight(text, "  ").is_empty());
        assert_eq!(
            without_boilerplate("Thủ tục đăng ký khai sinh"),
            "đăng ký khai sinh"
        );
        assert_eq!(without_boilerplate("Thủ tục"), "Thủ tục");
        assert_eq!(without_boilerplate("Tách hộ"), "Tách hộ");
    }
}
