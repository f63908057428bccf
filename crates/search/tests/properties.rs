//! Property tests: normalisation is idempotent and total, any input returns quickly, marks never
//! lose a match, results are sorted and unique.

mod common;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use motcua_search::{fold, highlight, tokenize::words, Index};
use proptest::prelude::*;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::from_procedures(&common::seed()))
}

/// Marked spellings of each plain letter (precomposed), and the combining marks of NFD.
fn marked_forms(c: char) -> &'static [&'static str] {
    match c {
        'a' => &[
            "à",
            "á",
            "ả",
            "ã",
            "ạ",
            "ă",
            "ắ",
            "â",
            "ậ",
            "a\u{301}",
            "a\u{302}\u{323}",
            "Ầ",
        ],
        'e' => &["è", "é", "ẻ", "ẽ", "ẹ", "ê", "ế", "ệ", "e\u{300}", "Ể"],
        'i' => &["ì", "í", "ỉ", "ĩ", "ị", "i\u{303}"],
        'o' => &[
            "ò",
            "ó",
            "ỏ",
            "õ",
            "ọ",
            "ô",
            "ố",
            "ơ",
            "ợ",
            "o\u{31b}\u{300}",
            "Ở",
        ],
        'u' => &["ù", "ú", "ủ", "ũ", "ụ", "ư", "ứ", "ự", "u\u{31b}", "Ữ"],
        'y' => &["ỳ", "ý", "ỷ", "ỹ", "ỵ", "y\u{301}"],
        'd' => &["đ", "Đ"],
        _ => &[],
    }
}

/// Text of any kind: Vietnamese, emoji, punctuation, other scripts, combining marks.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
        proptest::collection::vec(
            prop::sample::select(vec![
                "đăng",
                "ký",
                "khai",
                "sinh",
                " ",
                "😀",
                "👨‍👩‍👧",
                "—",
                "!!",
                "中文",
                "русский",
                "عربى",
                "\u{301}",
                "\u{323}",
                "ﬁ",
                "İ",
                "ß",
                "\u{200b}",
                "1.001193",
                "\t",
                "ǅ",
            ]),
            0..max / 4
        )
        .prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn folding_is_idempotent(s in any_text(200)) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        let a: Vec<String> = words(&s, 1000).into_iter().map(|w| w.folded).collect();
        let b: Vec<String> = words(&once, 1000).into_iter().map(|w| w.folded).collect();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn results_are_sorted_and_unique(q in any_text(60)) {
        let hits = index().search(&q, 100);
        for pair in hits.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
        let mut docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        prop_assert_eq!(docs.len(), hits.len());
        for r in highlight(&q, &q) {
            prop_assert!(q.is_char_boundary(r.start) && q.is_char_boundary(r.end));
        }
    }

    #[test]
    fn adding_marks_never_loses_a_match(
        doc in 0usize..85,
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..4),
        marks in proptest::collection::vec(any::<prop::sample::Index>(), 64),
        keep_space in any::<bool>(),
    ) {
        let index = index();
        let name = common::seed()[doc].name.vi.clone();
        let plain: Vec<String> = words(&name, 64).into_iter().map(|w| w.folded).collect();
        let mut query: Vec<&str> = picks.iter().map(|i| plain[i.index(plain.len())].as_str()).collect();
        query.dedup();
        let mut plain_query = query.join(" ");
        if keep_space {
            plain_query.push(' ');
        }
        let all = index.len();
        let code = index.code(doc as u32).to_owned();
        let found = |q: &str| index.search(q, all).iter().any(|h| index.code(h.doc) == code);
        prop_assume!(found(&plain_query));
        let mut marked = String::new();
        for (i, c) in plain_query.chars().enumerate() {
            let forms = marked_forms(c);
            let m = marks[i % marks.len()].index(forms.len() + 1);
            if m < forms.len() { marked.push_str(forms[m]) } else { marked.push(c) }
        }
        prop_assert!(found(&marked), "{:?} found {} but {:?} does not", plain_query, code, marked);
    }
}

#[test]
fn huge_and_strange_input_returns_quickly() {
    let index = index();
    let inputs = [
        "a".repeat(10_000),
        "😀".repeat(10_000),
        "!?.,;:–—".repeat(1_250),
        "đăng ký khai sinh 中文 русский 😀 ".repeat(300),
        "\u{301}".repeat(10_000),
        "khai sinh ".repeat(1_000),
        "sihn khia dnag ".repeat(700),
    ];
    for input in &inputs {
        let start = Instant::now();
        let hits = index.search(input, 20);
        let _ = highlight(input, input);
        let _ = fold(input);
        let took = start.elapsed();
        assert!(hits.len() <= 20);
        // Generous for an unoptimised test build on a busy machine; release is ~100× faster.
        assert!(
            took < Duration::from_millis(500),
            "{} chars took {took:?}",
            input.chars().count()
        );
    }
}

#[test]
fn exact_diacritics_rank_above_folded_matches() {
    let mut b = motcua_search::IndexBuilder::new();
    let bread = b.add_doc("1.000001").unwrap();
    b.add_text(bread, motcua_search::Field::Name, "Bán sao");
    let copy = b.add_doc("1.000002").unwrap();
    b.add_text(copy, motcua_search::Field::Name, "Bản sao");
    let index = b.build();
    assert_eq!(index.search_codes("bản sao", 2), ["1.000002", "1.000001"]);
    assert_eq!(index.search_codes("bán sao", 2), ["1.000001", "1.000002"]);
    assert_eq!(index.search_codes("ban sao", 2).len(), 2);
    // NFD input counts as exact too.
    assert_eq!(index.search_codes("ba\u{309}n sao", 2)[0], "1.000002");
}

#[test]
fn as_you_type_finds_birth_registration_early() {
    let index = index();
    for q in ["dang ky khai si", "khai sin", "đăng ký khai s", "birth reg"] {
        assert_eq!(index.search_codes(q, 1), ["1.001193"], "{q}");
    }
}
