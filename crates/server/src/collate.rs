//! Vietnamese alphabetical order, enough to sort place names the way people expect.
//!
//! The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tone marks only break
//! ties (level, huyền, sắc, hỏi, ngã, nặng). Byte order would put every "Đ…" after "Y…".

/// Vowels with their six tones: level, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot (nặng).
const VOWELS: [(char, &str); 12] = [
    ('a', "aàáảãạ"),
    ('ă', "ăằắẳẵặ"),
    ('â', "âầấẩẫậ"),
    ('e', "eèéẻẽẹ"),
    ('ê', "êềếểễệ"),
    ('i', "iìíỉĩị"),
    ('o', "oòóỏõọ"),
    ('ô', "ôồốổỗộ"),
    ('ơ', "ơờớởỡợ"),
    ('u', "uùúủũụ"),
    ('ư', "ưừứửữự"),
    ('y', "yỳýỷỹỵ"),
];

const ALPHABET: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";

/// The base letter and tone (0–5) of a lower-case character.
fn split_tone(c: char) -> (char, u8) {
    for (base, forms) in VOWELS {
        if let Some(tone) = forms.chars().position(|f| f == c) {
            return (base, u8::try_from(tone).unwrap_or(0));
        }
    }
    (c, 0)
}

/// A key that sorts names in Vietnamese order: letters first, then tones, then the raw text.
pub(crate) fn vi_sort_key(name: &str) -> (Vec<u32>, Vec<u8>, String) {
    let mut letters = Vec::with_capacity(name.len());
    let mut tones = Vec::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let (base, tone) = split_tone(c);
        let rank = match ALPHABET.chars().position(|a| a == base) {
            // Letters sort after spaces, digits and punctuation, in alphabet order.
            Some(i) => 0x1_0000 + u32::try_from(i).unwrap_or(0),
            None if base.is_alphabetic() => 0x2_0000 + u32::from(base),
            None => u32::from(base),
        };
        letters.push(rank);
        tones.push(tone);
    }
    (letters, tones, name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::vi_sort_key;

    #[test]
    fn vietnamese_order() {
        let mut names = vec![
            "Xã Đông Hải",
            "Xã Yên Lãng",
            "Xã Dương Kinh",
            "Xã Ân Thi",
            "Xã An Lão",
            "Xã Ăn",
        ];
        names.sort_by_key(|n| vi_sort_key(n));
        assert_eq!(
            names,
            [
                "Xã An Lão",
                "Xã Ăn",
                "Xã Ân Thi",
                "Xã Dương Kinh",
                "Xã Đông Hải",
                "Xã Yên Lãng"
            ]
        );
    }

    #[test]
    fn tones_only_break_ties() {
        let mut names = vec!["Hà", "Ha", "Hả", "Hai"];
        names.sort_by_key(|n| vi_sort_key(n));
        assert_eq!(names, ["Ha", "Hà", "Hả", "Hai"]);
    }
}
