//! Answering a query: candidate terms per typed word (exact, prefix for the word being typed,
//! typos), scored per document with field weights, idf, name length, exact-diacritics bonus,
//! a phrase/proximity bonus and how many of the typed words a document covers.

use crate::fuzzy::{distance_within, max_edits};
use crate::index::{letter_mask, unpack, Field, Index};
use crate::tokenize::{words, Word};

/// Most words of a query that count (the rest is ignored: nobody types more).
pub const MAX_QUERY_WORDS: usize = 12;
/// Most dictionary terms a word being typed expands to (the most frequent ones).
const MAX_PREFIX_TERMS: usize = 48;
/// Weight of a match in each field (name > synonyms > documents > others).
const FIELD_WEIGHT: [f32; 4] = [10.0, 8.0, 2.0, 1.0];
/// Bonus weight when two typed words stand next to each other in a name or synonym.
const PHRASE_WEIGHT: [f32; 2] = [6.0, 7.0];
/// Factor for a word typed with its diacritics exactly as in the text.
const EXACT_MARKS: f32 = 1.25;

/// Words that only carry the asking ("xin", "làm … cho", "how to", "my"): dropped from a query
/// that has other words, so a rare filler in a synonym row ("xin con nuôi") cannot outweigh
/// the words that say what is wanted. Synonym phrases are indexed without them too. Folded forms; none is also the folded form of a word that
/// matters here (`thẻ`, `căn`, `ở`, `muộn` fold to words left out on purpose).
pub(crate) const FILLERS: [&str; 10] = [
    "xin", "lam", "cho", "toi", "how", "to", "a", "an", "my", "i",
];

/// One result: a document and how well it matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Document number (see [`Index::code`]).
    pub doc: u32,
    /// Higher is better.
    pub score: f32,
}

/// A term a typed word may mean, and how much it is worth.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    term: usize,
    quality: f32,
    /// How rare the word is: the term's idf, or for a word still being typed the idf of its
    /// most common completion (a typed prefix says no more than that).
    idf: f32,
    /// The variant of the term spelled exactly as typed, when the word had marks.
    exact_variant: Option<u8>,
}

/// Per-query buffers, one slot per document.
struct Scores {
    total: Vec<f32>,
    best: Vec<f32>,
    matched: Vec<u32>,
    touched: Vec<u32>,
}

impl Index {
    /// The best `limit` documents for `query`, best first (each document once).
    ///
    /// The last word is also read as the start of a longer word unless the query ends with a
    /// space: results follow every keystroke.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let (typed, still_typing) = self.query_words(query);
        if typed.is_empty() || self.is_empty() || limit == 0 {
            return Vec::new();
        }
        let n = self.len();
        let mut s = Scores {
            total: vec![0.0; n],
            best: vec![0.0; n],
            matched: vec![0; n],
            touched: Vec::new(),
        };
        let mut near_prev: Vec<u32> = Vec::new();
        let mut near_cur: Vec<u32> = Vec::new();
        let mut prev_idf = 0.0f32;
        let mut counted = 0u32;
        let last = typed.len() - 1;
        for (i, word) in typed.iter().enumerate() {
            let candidates = self.candidates(word, i == last && still_typing);
            near_cur.clear();
            if candidates.is_empty() {
                std::mem::swap(&mut near_prev, &mut near_cur);
                continue;
            }
            counted += 1;
            let mut word_idf = 0.0f32;
            for c in &candidates {
                let idf = c.idf;
                word_idf = word_idf.max(idf * c.quality);
                let (postings, variants) = self.term_postings(c.term);
                for (&p, &v) in postings.iter().zip(variants) {
                    let (field, doc, pos) = unpack(p);
                    let mut w = FIELD_WEIGHT[field as usize] * c.quality * idf;
                    if field == Field::Name {
                        w *= name_norm(self.name_words(doc, pos));
                    }
                    if c.exact_variant == Some(v) {
                        w *= EXACT_MARKS;
                    }
                    let slot = &mut s.best[doc as usize];
                    if *slot == 0.0 {
                        s.touched.push(doc);
                    }
                    if w > *slot {
                        *slot = w;
                    }
                    if field <= Field::Synonym {
                        near_cur.push(p);
                    }
                }
            }
            for &doc in &s.touched {
                let d = doc as usize;
                s.total[d] += s.best[d];
                s.best[d] = 0.0;
                s.matched[d] |= 1 << i;
            }
            s.touched.clear();
            near_cur.sort_unstable();
            near_cur.dedup();
            if i > 0 && !near_prev.is_empty() {
                phrase_bonus(&near_prev, &near_cur, prev_idf.min(word_idf), &mut s.total);
            }
            prev_idf = word_idf;
            std::mem::swap(&mut near_prev, &mut near_cur);
        }
        let mut hits: Vec<Hit> = s
            .total
            .iter()
            .zip(&s.matched)
            .enumerate()
            .filter(|(_, (&score, _))| score > 0.0)
            .map(|(doc, (&score, &matched))| {
                let coverage = matched.count_ones() as f32 / counted.max(1) as f32;
                Hit {
                    doc: doc as u32,
                    score: score * coverage * coverage,
                }
            })
            .collect();
        // Not `motcua_domain::order::sort_by` (one shared copy of the sort, smaller wasm): hits
        // are many small values sorted on every keystroke, and sorting their positions made
        // queries 20–54 % slower (`cargo bench -p motcua-search`, session 10).
        hits.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }

    /// The codes of the best `limit` documents for `query`, best first.
    pub fn search_codes(&self, query: &str, limit: usize) -> Vec<&str> {
        self.search(query, limit)
            .into_iter()
            .map(|h| self.code(h.doc))
            .collect()
    }

    /// The words of a query with abbreviations expanded, and whether the last one is still being
    /// typed (the query does not end with a space and the word is not an abbreviation).
    fn query_words(&self, query: &str) -> (Vec<Word>, bool) {
        let mut still_typing = query
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || is_mark(c));
        let mut typed = words(query, MAX_QUERY_WORDS);
        let last_typed = typed.last().map(|w| w.range.clone());
        if typed.iter().any(|w| !FILLERS.contains(&w.folded.as_str())) {
            typed.retain(|w| !FILLERS.contains(&w.folded.as_str()));
        }
        if typed.last().map(|w| w.range.clone()) != last_typed {
            // The word being typed was a filler: what is left is complete.
            still_typing = false;
        }
        if self.abbreviations.is_empty() {
            return (typed, still_typing);
        }
        let mut out = Vec::with_capacity(typed.len() + 4);
        let last = typed.len().saturating_sub(1);
        for (i, w) in typed.into_iter().enumerate() {
            match self.abbreviations.iter().find(|(a, _)| **a == *w.folded) {
                Some((_, long)) => {
                    if i == last {
                        still_typing = false;
                    }
                    out.extend(words(long, MAX_QUERY_WORDS));
                }
                None => out.push(w),
            }
        }
        out.truncate(MAX_QUERY_WORDS);
        (out, still_typing)
    }

    /// Terms `word` may mean: itself, longer words it starts (while typing), or near spellings.
    fn candidates(&self, word: &Word, prefix: bool) -> Vec<Candidate> {
        let q = word.folded.as_str();
        let mut out = Vec::new();
        let exact_variant = |t: usize| {
            word.has_marks()
                .then(|| {
                    self.term_variants(t)
                        .iter()
                        .position(|k| **k == *word.exact)
                })
                .flatten()
                .and_then(|v| u8::try_from(v).ok())
        };
        let found = self.find(q);
        if let Ok(t) = found {
            out.push(Candidate {
                term: t,
                quality: 1.0,
                idf: self.term_idf[t],
                exact_variant: exact_variant(t),
            });
        }
        if prefix && !q.is_empty() {
            let start = match found {
                Ok(t) => t + 1,
                Err(t) => t,
            };
            let end = start
                + (start..self.terms())
                    .take_while(|&t| self.term(t).starts_with(q))
                    .count();
            let mut longer: Vec<usize> = (start..end).collect();
            if longer.len() > MAX_PREFIX_TERMS {
                longer.select_nth_unstable_by(MAX_PREFIX_TERMS, |a, b| {
                    self.term_idf[*a].total_cmp(&self.term_idf[*b])
                });
                longer.truncate(MAX_PREFIX_TERMS);
            }
            for t in longer {
                let ratio = q.len() as f32 / self.term(t).len() as f32;
                out.push(Candidate {
                    term: t,
                    quality: 0.55 + 0.35 * ratio,
                    idf: self.term_idf[t],
                    exact_variant: None,
                });
            }
            let common = out.iter().map(|c| c.idf).fold(f32::INFINITY, f32::min);
            for c in &mut out {
                c.idf = common;
            }
        }
        if out.is_empty() {
            self.typo_candidates(q, &mut out);
        }
        out
    }

    /// Dictionary terms within the allowed edits of `q` (only when `q` itself is not a term).
    fn typo_candidates(&self, q: &str, out: &mut Vec<Candidate>) {
        let k = max_edits(q.len());
        if k == 0 || q.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let mask = letter_mask(q);
        for t in 0..self.terms() {
            let len = (self.term_starts[t + 1] - self.term_starts[t]) as usize;
            if len.abs_diff(q.len()) > k
                || (self.term_masks[t] ^ mask).count_ones() as usize > 2 * k
            {
                continue;
            }
            if let Some(d) = distance_within(q.as_bytes(), self.term(t).as_bytes(), k) {
                out.push(Candidate {
                    term: t,
                    quality: if d <= 1 { 0.6 } else { 0.45 },
                    idf: self.term_idf[t],
                    exact_variant: None,
                });
            }
        }
    }
}

/// Shorter names win when the same words match: 1.0 for 4 words, more for fewer, less for more.
fn name_norm(words: u8) -> f32 {
    2.0 / (1.0 + f32::from(words.max(1)) / 4.0)
}

/// True for a combining mark (a word typed in NFD may end with one).
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Adds a bonus to every document where a posting of the previous word is followed (one or two
/// positions later, same field) by a posting of this word. Both lists are sorted.
fn phrase_bonus(prev: &[u32], cur: &[u32], idf: f32, total: &mut [f32]) {
    let mut j = 0;
    let mut last_doc = u32::MAX;
    for &p in prev {
        while j < cur.len() && cur[j] <= p {
            j += 1;
        }
        let mut gap = 0;
        for &c in cur[j..].iter().take(2) {
            let d = c - p;
            if d <= 2 {
                gap = if gap == 0 { d } else { gap.min(d) };
            }
        }
        if gap == 0 {
            continue;
        }
        let (field, doc, _) = unpack(p);
        // Once per document and word pair (the first, i.e. most important field, wins).
        if doc == last_doc {
            continue;
        }
        last_doc = doc;
        let closeness = if gap == 1 { 1.0 } else { 0.5 };
        total[doc as usize] += PHRASE_WEIGHT[field as usize] * idf * closeness;
    }
}
