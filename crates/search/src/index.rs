//! The index: a sorted dictionary of folded words, each with compact postings.
//!
//! A posting is one `u32`: `field (2 bits) | document (16 bits) | position (14 bits)`, so a
//! term's postings sorted as numbers are grouped by field, then document, then position, and "the
//! next word of the same phrase" is simply `posting + 1`. Positions are kept only where phrases
//! matter (names and synonyms); every posting of a document's other texts has position 0, so a
//! word repeated in a long document list costs one posting.

use std::collections::HashMap;

use crate::tokenize::for_each_word;

/// Where a word was found; the order is the order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The procedure's name (Vietnamese and English).
    Name = 0,
    /// A curated everyday phrase for the procedure (`data/synonyms.tsv`).
    Synonym = 1,
    /// A document to bring, or what the citizen receives.
    Document = 2,
    /// Legal basis, field of administration, code.
    Other = 3,
}

impl Field {
    fn from_bits(bits: u32) -> Self {
        match bits & 3 {
            0 => Self::Name,
            1 => Self::Synonym,
            2 => Self::Document,
            _ => Self::Other,
        }
    }

    /// Positions between two texts of this field in one document (0: positions not kept).
    fn stride(self) -> u32 {
        match self {
            Self::Name => 64,
            Self::Synonym => 16,
            Self::Document | Self::Other => 0,
        }
    }
}

/// Most documents one index holds (16 bits of a posting).
pub const MAX_DOCS: usize = 1 << 16;
const POS_BITS: u32 = 14;
const MAX_POS: u32 = (1 << POS_BITS) - 1;
/// Name texts kept per document for length normalisation (Vietnamese, English).
const NAME_PARTS: usize = 2;

/// Packs a posting.
pub fn pack(field: Field, doc: u32, pos: u32) -> u32 {
    ((field as u32) << 30) | (doc << POS_BITS) | pos.min(MAX_POS)
}

/// Unpacks a posting into (field, document, position).
pub fn unpack(p: u32) -> (Field, u32, u32) {
    (
        Field::from_bits(p >> 30),
        (p >> POS_BITS) & 0xffff,
        p & MAX_POS,
    )
}

/// One document as the index keeps it.
#[derive(Debug, Clone)]
pub(crate) struct DocMeta {
    pub code: Box<str>,
    /// Words in each name text (Vietnamese, English), for length normalisation.
    pub name_words: [u8; NAME_PARTS],
}

/// A built, read-only index.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub(crate) docs: Vec<DocMeta>,
    /// All terms, sorted, concatenated; term `t` is `text[starts[t]..starts[t + 1]]`.
    pub(crate) term_text: String,
    pub(crate) term_starts: Vec<u32>,
    /// Letters present in each term (a..z, digit, other) for the typo filter.
    pub(crate) term_masks: Vec<u32>,
    /// Inverse document frequency of each term.
    pub(crate) term_idf: Vec<f32>,
    /// Postings of term `t`: `postings[post_starts[t]..post_starts[t + 1]]`, with the spelling
    /// (exact-key variant number within the term) of each in `variants`.
    pub(crate) post_starts: Vec<u32>,
    pub(crate) postings: Vec<u32>,
    pub(crate) variants: Vec<u8>,
    /// Exact keys of term `t`: `variant_keys[var_starts[t]..var_starts[t + 1]]`.
    pub(crate) var_starts: Vec<u32>,
    pub(crate) variant_keys: Vec<Box<str>>,
    /// Abbreviations typed for longer words (folded abbreviation, the words it stands for).
    pub(crate) abbreviations: Vec<(Box<str>, Box<str>)>,
}

/// The letters of a folded word as a bit set.
pub fn letter_mask(word: &str) -> u32 {
    word.bytes().fold(0, |m, b| {
        m | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << 26,
            _ => 1 << 27,
        }
    })
}

#[derive(Default)]
struct TermBuild {
    variants: Vec<Box<str>>,
    postings: Vec<(u32, u8)>,
}

/// Collects documents, then [`IndexBuilder::build`]s an [`Index`].
#[derive(Default)]
pub struct IndexBuilder {
    abbreviations: Vec<(Box<str>, Box<str>)>,
    docs: Vec<DocMeta>,
    /// Texts already added per (document, field): the next text's position block.
    parts: Vec<[u32; 4]>,
    /// Term number by folded word (numbers index `builds`).
    ids: HashMap<Box<str>, u32>,
    builds: Vec<(Box<str>, TermBuild)>,
    /// The exact key of the word being added (reused).
    exact: String,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the query word `short` (e.g. `cccd`) stand for the words `long` (`căn cước công dân`).
    pub fn abbreviation(&mut self, short: &str, long: &str) {
        self.abbreviations
            .push((crate::fold::fold(short).into(), long.into()));
    }

    /// Adds a document; returns its number, or `None` when the index is full ([`MAX_DOCS`]).
    pub fn add_doc(&mut self, code: &str) -> Option<u32> {
        if self.docs.len() >= MAX_DOCS {
            return None;
        }
        self.docs.push(DocMeta {
            code: code.into(),
            name_words: [0; NAME_PARTS],
        });
        self.parts.push([0; 4]);
        u32::try_from(self.docs.len() - 1).ok()
    }

    /// Adds one text (a name, a synonym phrase, a document…) of document `doc` in `field`.
    pub fn add_text(&mut self, doc: u32, field: Field, text: &str) {
        let Some(parts) = self.parts.get_mut(doc as usize) else {
            return;
        };
        let part = parts[field as usize];
        parts[field as usize] += 1;
        let base = part.saturating_mul(field.stride());
        let mut n = 0u32;
        let (ids, builds, exact) = (&mut self.ids, &mut self.builds, &mut self.exact);
        for_each_word(text, |folded, marked, tone, _| {
            if field == Field::Synonym && crate::query::FILLERS.contains(&folded) {
                return;
            }
            let pos = if field.stride() == 0 { 0 } else { base + n };
            n += 1;
            exact.clear();
            exact.push_str(marked);
            if tone > 0 {
                exact.push(char::from(b'0' + tone));
            }
            let id = match ids.get(folded) {
                Some(&id) => id,
                None => {
                    let id = builds.len() as u32;
                    ids.insert(folded.into(), id);
                    builds.push((folded.into(), TermBuild::default()));
                    id
                }
            };
            let term = &mut builds[id as usize].1;
            let variant = match term.variants.iter().position(|v| **v == **exact) {
                Some(v) => v,
                None if term.variants.len() < 255 => {
                    term.variants.push(exact.as_str().into());
                    term.variants.len() - 1
                }
                None => 0,
            };
            term.postings
                .push((pack(field, doc, pos), u8::try_from(variant).unwrap_or(0)));
        });
        if field == Field::Name && (part as usize) < NAME_PARTS {
            self.docs[doc as usize].name_words[part as usize] = u8::try_from(n).unwrap_or(255);
        }
    }

    /// Freezes the collected documents into a compact, searchable index.
    pub fn build(mut self) -> Index {
        self.builds.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let n_docs = self.docs.len().max(1) as f32;
        let mut index = Index {
            docs: self.docs,
            abbreviations: self.abbreviations,
            ..Index::default()
        };
        index.term_starts.push(0);
        index.post_starts.push(0);
        index.var_starts.push(0);
        for (term, mut build) in self.builds {
            build.postings.sort_unstable();
            build.postings.dedup();
            let mut df = 0u32;
            let mut last_doc = u32::MAX;
            for &(p, _) in &build.postings {
                let (_, doc, _) = unpack(p);
                // Postings are sorted by field first: count each document once per field.
                if doc != last_doc {
                    df += 1;
                    last_doc = doc;
                }
            }
            let df = (df as f32).min(n_docs);
            index.term_idf.push((1.0 + n_docs / df).ln());
            index.term_text.push_str(&term);
            index.term_starts.push(index.term_text.len() as u32);
            index.term_masks.push(letter_mask(&term));
            for (p, v) in build.postings {
                index.postings.push(p);
                index.variants.push(v);
            }
            index.post_starts.push(index.postings.len() as u32);
            index.variant_keys.extend(build.variants);
            index.var_starts.push(index.variant_keys.len() as u32);
        }
        index
    }
}

impl Index {
    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Number of distinct folded words.
    pub fn terms(&self) -> usize {
        self.term_idf.len()
    }

    /// The code of document `doc`.
    pub fn code(&self, doc: u32) -> &str {
        self.docs.get(doc as usize).map_or("", |d| &d.code)
    }

    /// Approximate heap bytes the index holds.
    pub fn heap_bytes(&self) -> usize {
        self.docs.len() * std::mem::size_of::<DocMeta>()
            + self.docs.iter().map(|d| d.code.len()).sum::<usize>()
            + self.term_text.len()
            + (self.term_starts.len()
                + self.term_masks.len()
                + self.term_idf.len()
                + self.post_starts.len()
                + self.postings.len()
                + self.var_starts.len())
                * 4
            + self.variants.len()
            + self.variant_keys.len() * std::mem::size_of::<Box<str>>()
            + self.variant_keys.iter().map(|k| k.len()).sum::<usize>()
    }

    pub(crate) fn term(&self, t: usize) -> &str {
        &self.term_text[self.term_starts[t] as usize..self.term_starts[t + 1] as usize]
    }

    pub(crate) fn term_postings(&self, t: usize) -> (&[u32], &[u8]) {
        let r = self.post_starts[t] as usize..self.post_starts[t + 1] as usize;
        (&self.postings[r.clone()], &self.variants[r])
    }

    pub(crate) fn term_variants(&self, t: usize) -> &[Box<str>] {
        &self.variant_keys[self.var_starts[t] as usize..self.var_starts[t + 1] as usize]
    }

    /// The term number of `folded`, when indexed.
    pub(crate) fn find(&self, folded: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.terms());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(folded) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// Words in name text `part` (0 Vietnamese, 1 English) of `doc`.
    pub(crate) fn name_words(&self, doc: u32, pos: u32) -> u8 {
        let part = (pos / Field::Name.stride()) as usize;
        self.docs
            .get(doc as usize)
            .and_then(|d| d.name_words.get(part).copied())
            .unwrap_or(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_pack_and_sort_by_field_doc_position() {
        let p = pack(Field::Synonym, 1234, 17);
        assert_eq!(unpack(p), (Field::Synonym, 1234, 17));
        assert_eq!(unpack(p + 1), (Field::Synonym, 1234, 18));
        assert!(pack(Field::Name, 65535, 99) < pack(Field::Synonym, 0, 0));
        assert_eq!(unpack(pack(Field::Other, 1, 1 << 20)).2, MAX_POS);
    }

    #[test]
    fn builds_a_sorted_dictionary_with_variants() {
        let mut b = IndexBuilder::new();
        let d = b.add_doc("1.000001").unwrap();
        b.add_text(d, Field::Name, "Đăng ký đang ký dang");
        b.add_text(d, Field::Name, "Registration");
        let i = b.build();
        let terms: Vec<&str> = (0..i.terms()).map(|t| i.term(t)).collect();
        assert_eq!(terms, ["dang", "ki", "registration"]);
        let dang = i.find("dang").unwrap();
        assert_eq!(i.term_variants(dang).len(), 3);
        assert_eq!(i.term_postings(dang).0.len(), 3);
        assert_eq!(i.docs[0].name_words, [5, 1]);
        assert_eq!(i.name_words(0, 64), 1);
    }
}
