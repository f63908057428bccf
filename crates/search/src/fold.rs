//! Vietnamese normalisation with a compact hand table (no Unicode tables beyond `core`'s
//! lower-casing): precomposed (NFC) and decomposed (NFD) input give the same result.
//!
//! Every letter is seen as *base + vowel mark + tone*: `ệ` is `e` + circumflex + dot below. Two
//! keys come out of a word:
//!
//! - the **folded** key drops every mark and turns `đ` into `d` (`"Thủ tục"` → `thu tuc`): what
//!   matching uses, because citizens often type without diacritics;
//! - the **exact** key keeps the vowel marks (`ă â ê ô ơ ư đ`) and moves the word's tone to the end
//!   as a digit (`thủy` and `thuỷ` both → `thuy3`): what ranks an exactly typed word above a
//!   folded match, whichever of the two tone placements ("old" and "new" style) was used.

/// Tone of a syllable: none, huyền (grave), sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot).
pub type Tone = u8;

/// Lower-case letters that carry a vowel mark, as (letter, folded ASCII letter).
const MARKED: [(char, char); 7] = [
    ('ă', 'a'),
    ('â', 'a'),
    ('ê', 'e'),
    ('ô', 'o'),
    ('ơ', 'o'),
    ('ư', 'u'),
    ('đ', 'd'),
];

/// Each row: the toneless vowel, then the same vowel with tones 1..=5 (grave, acute, hook, tilde, dot).
const TONED: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];

/// Code point ranges holding every lower-case Vietnamese vowel: Latin-1, Latin Extended-A/B, and
/// Latin Extended Additional.
const LOW: (u32, u32) = (0xe0, 0x1b0);
const HIGH: (u32, u32) = (0x1ea0, 0x1ef9);

/// Slot of a code point in the lookup table, when in one of the two ranges.
fn slot(c: char) -> Option<usize> {
    let u = c as u32;
    if (LOW.0..=LOW.1).contains(&u) {
        Some((u - LOW.0) as usize)
    } else if (HIGH.0..=HIGH.1).contains(&u) {
        Some((u - HIGH.0 + LOW.1 - LOW.0 + 1) as usize)
    } else {
        None
    }
}

/// Table size: both ranges.
const SLOTS: usize = (LOW.1 - LOW.0 + 1 + HIGH.1 - HIGH.0 + 1) as usize;

/// `(row of TONED + 1) << 3 | tone` per slot, 0 for "not a Vietnamese vowel"; built once.
fn table() -> &'static [u8; SLOTS] {
    static TABLE: std::sync::OnceLock<[u8; SLOTS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u8; SLOTS];
        for (row, vowels) in TONED.iter().enumerate() {
            for (tone, v) in vowels.chars().enumerate() {
                if let Some(i) = slot(v) {
                    t[i] = ((row as u8 + 1) << 3) | tone as u8;
                }
            }
        }
        t
    })
}

/// The toneless vowel and tone of a lower-case Vietnamese vowel.
fn toned(c: char) -> Option<(char, Tone)> {
    let entry = table()[slot(c)?];
    if entry == 0 {
        return None;
    }
    let base = TONED[usize::from(entry >> 3) - 1].chars().next()?;
    Some((base, entry & 7))
}

/// One lower-case character, decomposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A letter or digit: the letter with its vowel mark (e.g. `â`), and its tone.
    Letter(char, Tone),
    /// A combining tone mark (NFD input) for the previous letter.
    ToneMark(Tone),
    /// A combining vowel mark (NFD input): breve, circumflex or horn.
    VowelMark(char),
    /// Any other combining mark (ignored, part of the word).
    OtherMark,
    /// Not part of a word.
    Separator,
}

/// Decomposes one lower-case character.
pub fn piece(c: char) -> Piece {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Piece::Letter(c, 0)
        } else {
            Piece::Separator
        };
    }
    match c {
        '\u{300}' => return Piece::ToneMark(1),
        '\u{301}' | '\u{341}' => return Piece::ToneMark(2),
        '\u{309}' => return Piece::ToneMark(3),
        '\u{303}' => return Piece::ToneMark(4),
        '\u{323}' => return Piece::ToneMark(5),
        '\u{306}' | '\u{302}' | '\u{31b}' => return Piece::VowelMark(c),
        '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' => {
            return Piece::OtherMark
        }
        _ => {}
    }
    if let Some((base, tone)) = toned(c) {
        return Piece::Letter(base, tone);
    }
    if c.is_alphanumeric() {
        Piece::Letter(c, 0)
    } else {
        Piece::Separator
    }
}

/// The letter `base` with the combining vowel mark `mark` applied (`a` + circumflex → `â`).
pub fn with_vowel_mark(base: char, mark: char) -> char {
    match (base, mark) {
        ('a', '\u{306}') => 'ă',
        ('a', '\u{302}') => 'â',
        ('e', '\u{302}') => 'ê',
        ('o', '\u{302}') => 'ô',
        ('o', '\u{31b}') => 'ơ',
        ('u', '\u{31b}') => 'ư',
        _ => base,
    }
}

/// The ASCII letter of a letter with a vowel mark (`ơ` → `o`, `đ` → `d`); others unchanged.
pub fn strip_vowel_mark(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    MARKED
        .iter()
        .find(|(m, _)| *m == c)
        .map_or(c, |(_, plain)| *plain)
}

/// Lower-cases `s` and removes every Vietnamese mark: `"Đăng ký KHAI SINH"` → `"dang ky khai sinh"`.
/// Separators are kept as they are; NFC and NFD input fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match piece(c) {
            Piece::Letter(l, _) => out.push(strip_vowel_mark(l)),
            Piece::ToneMark(_) | Piece::VowelMark(_) | Piece::OtherMark => {}
            Piece::Separator => out.push(c),
        }
    }
    out
}

/// Builds the exact key from a word's letters (with vowel marks) and its tone.
pub fn exact_key(marked_letters: &str, tone: Tone) -> String {
    let mut key = String::with_capacity(marked_letters.len() + 1);
    key.push_str(marked_letters);
    if tone > 0 {
        key.push(char::from(b'0' + tone));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_nfc_and_nfd_alike() {
        assert_eq!(
            fold("Thủ tục đăng ký khai sinh"),
            "thu tuc dang ky khai sinh"
        );
        // NFD: u + hook above, e + circumflex + dot below.
        assert_eq!(fold("Thu\u{309} tu\u{323}c"), "thu tuc");
        assert_eq!(fold("ĐẶC KHU Cát Hải"), "dac khu cat hai");
        assert_eq!(fold("NGHIÊ\u{323}P"), "nghiep");
        assert_eq!(fold("a–b, c"), "a–b, c");
    }

    #[test]
    fn pieces() {
        assert_eq!(piece('ệ'), Piece::Letter('ê', 5));
        assert_eq!(piece('ữ'), Piece::Letter('ư', 4));
        assert_eq!(piece('đ'), Piece::Letter('đ', 0));
        assert_eq!(piece('y'), Piece::Letter('y', 0));
        assert_eq!(piece('ỷ'), Piece::Letter('y', 3));
        assert_eq!(piece('\u{302}'), Piece::VowelMark('\u{302}'));
        assert_eq!(piece('-'), Piece::Separator);
        assert_eq!(piece('😀'), Piece::Separator);
        assert_eq!(piece('中'), Piece::Letter('中', 0));
        assert_eq!(with_vowel_mark('o', '\u{31b}'), 'ơ');
        assert_eq!(strip_vowel_mark('đ'), 'd');
        assert_eq!(exact_key("thuy", 3), "thuy3");
    }
}
