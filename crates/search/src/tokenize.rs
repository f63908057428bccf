//! Splitting text into words, each with its folded and exact key and where it is in the text.

use std::ops::Range;

use crate::fold::{exact_key, piece, strip_vowel_mark, with_vowel_mark, Piece, Tone};

/// Longest word kept, in characters (longer words are cut: nobody types them, and it bounds work).
pub const MAX_WORD_CHARS: usize = 32;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, marks removed, `đ` → `d`.
    pub folded: String,
    /// Lower case with vowel marks and the tone as a trailing digit (see [`crate::fold`]).
    pub exact: String,
    /// Bytes of the original text the word covers.
    pub range: Range<usize>,
}

impl Word {
    /// True when the word was written with any Vietnamese mark.
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// Reusable buffers of the word being read.
#[derive(Default)]
struct Current {
    folded: String,
    marked: String,
    tone: Tone,
    chars: usize,
    start: Option<usize>,
}

/// Calls `each` with every word of `text`, in order. Allocation-free apart from the two buffers.
pub fn for_each_word(text: &str, mut each: impl FnMut(&str, &str, Tone, Range<usize>)) {
    let mut cur = Current::default();
    let mut end = 0;
    for (at, original) in text.char_indices() {
        // Fast path: ASCII (most of the English and much of the Vietnamese text).
        if original.is_ascii() {
            if original.is_ascii_alphanumeric() {
                if cur.start.is_none() {
                    cur.start = Some(at);
                }
                if cur.chars < MAX_WORD_CHARS {
                    let lower = original.to_ascii_lowercase();
                    cur.folded.push(lower);
                    cur.marked.push(lower);
                    cur.chars += 1;
                }
                end = at + 1;
            } else {
                flush(&mut cur, end, &mut each);
            }
            continue;
        }
        let mut in_word = cur.start.is_some();
        for c in original.to_lowercase() {
            match piece(c) {
                Piece::Letter(letter, tone) => {
                    if cur.start.is_none() {
                        cur.start = Some(at);
                    }
                    in_word = true;
                    if cur.chars < MAX_WORD_CHARS {
                        cur.folded.push(strip_vowel_mark(letter));
                        cur.marked.push(letter);
                        cur.chars += 1;
                    }
                    if tone > 0 {
                        cur.tone = tone;
                    }
                }
                Piece::ToneMark(tone) if in_word => cur.tone = tone,
                Piece::VowelMark(mark) if in_word => {
                    if let Some(last) = cur.marked.pop() {
                        cur.marked.push(with_vowel_mark(last, mark));
                    }
                }
                Piece::Separator => {
                    flush(&mut cur, end, &mut each);
                    in_word = false;
                }
                _ => {}
            }
        }
        if in_word {
            end = at + original.len_utf8();
        }
    }
    flush(&mut cur, end, &mut each);
}

/// Spelling variants folded into one key, applied to a finished word:
///
/// - a final `y` after a consonant is `i` (`ký`/`kí`, `lý`/`lí`, `mỹ`/`mĩ` are both written);
/// - a final `s` (not `ss`) is dropped from longer words: English plurals (`certificates`).
///   No Vietnamese syllable ends in `s`, so Vietnamese words are never touched.
fn spelling_variants(cur: &mut Current) {
    let bytes = cur.folded.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == b'y' && is_consonant(bytes[n - 2]) {
        cur.folded.pop();
        cur.folded.push('i');
        if cur.marked.pop().is_some() {
            cur.marked.push('i');
        }
    } else if n >= 4 && bytes[n - 1] == b's' && bytes[n - 2] != b's' {
        cur.folded.pop();
        cur.marked.pop();
    }
}

fn is_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn flush(cur: &mut Current, end: usize, each: &mut impl FnMut(&str, &str, Tone, Range<usize>)) {
    if let Some(start) = cur.start.take() {
        spelling_variants(cur);
        each(&cur.folded, &cur.marked, cur.tone, start..end);
    }
    cur.folded.clear();
    cur.marked.clear();
    cur.tone = 0;
    cur.chars = 0;
}

/// The words of `text` (at most `max`), owned.
pub fn words(text: &str, max: usize) -> Vec<Word> {
    let mut out = Vec::new();
    for_each_word(text, |folded, marked, tone, range| {
        if out.len() < max {
            out.push(Word {
                folded: folded.to_owned(),
                exact: exact_key(marked, tone),
                range,
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_keys_and_ranges() {
        let text = "Đăng ký khai sinh (Birth) – 1.001193";
        let w = words(text, 100);
        let folded: Vec<&str> = w.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(
            folded,
            ["dang", "ki", "khai", "sinh", "birth", "1", "001193"]
        );
        assert_eq!(w[0].exact, "đăng");
        assert_eq!(w[1].exact, "ki2");
        assert_eq!(&text[w[0].range.clone()], "Đăng");
        assert_eq!(&text[w[4].range.clone()], "Birth");
        assert!(w[0].has_marks());
        assert!(!w[2].has_marks());
    }

    #[test]
    fn i_y_and_plural_variants() {
        let w = words("ký kí Lý mỹ quy tuy certificates address yêu y", 20);
        let f: Vec<&str> = w.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(
            f,
            [
                "ki",
                "ki",
                "li",
                "mi",
                "quy",
                "tuy",
                "certificate",
                "address",
                "yeu",
                "y"
            ]
        );
        assert_eq!(w[0].exact, w[1].exact);
    }

    #[test]
    fn nfd_and_tone_placement() {
        let nfc = words("thủy thuỷ", 10);
        assert_eq!(nfc[0].exact, "thuy3");
        assert_eq!(nfc[1].exact, "thuy3");
        let nfd = words("nghie\u{302}\u{323}p", 10);
        assert_eq!(nfd[0].exact, "nghiêp5");
        assert_eq!(nfd[0].folded, "nghiep");
        assert_eq!(nfd[0].range, 0..10);
    }

    #[test]
    fn long_words_are_cut_and_marks_alone_are_nothing() {
        let long = "a".repeat(1000);
        let w = words(&long, 10);
        assert_eq!(w[0].folded.len(), MAX_WORD_CHARS);
        assert_eq!(w[0].range, 0..1000);
        assert!(words("\u{301}\u{302} !! 😀", 10).is_empty());
    }
}
