//! Small pure text helpers: diacritic folding for search and Vietnamese date formatting.

/// Lower-cases `s` and removes Vietnamese diacritics (and any combining mark), so
/// "Thủy Nguyên", "Thuỷ Nguyên" and "thuy nguyen" all fold to "thuy nguyen".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        out.push(base_letter(c));
    }
    out
}

/// The base Latin letter of a lower-case Vietnamese letter.
fn base_letter(c: char) -> char {
    const GROUPS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(_, marked)| marked.contains(c))
        .map_or(c, |(base, _)| *base)
}

/// True when every word of `query` (folded) occurs in `haystack` (already folded).
pub fn matches(folded_haystack: &str, query: &str) -> bool {
    fold(query)
        .split_whitespace()
        .all(|word| folded_haystack.contains(word))
}

/// Formats local date parts as `dd/mm/yyyy hh:mm` (`month` is 1-based).
pub fn format_date_time(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{day:02}/{month:02}/{year:04} {hour:02}:{minute:02}")
}

/// Formats a JS timestamp (milliseconds since the epoch) in the phone's local time.
#[cfg(target_arch = "wasm32")]
pub fn format_timestamp(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format_date_time(
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// Formats a timestamp as UTC (native builds have no browser clock; used only by tools).
#[cfg(not(target_arch = "wasm32"))]
pub fn format_timestamp(ms: f64) -> String {
    let secs = (ms / 1000.0) as i64;
    let rem = secs.rem_euclid(86_400);
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    let Some(date) = motcua_domain::Date::from_days_since_epoch(secs.div_euclid(86_400)) else {
        return String::new();
    };
    let (year, month, day) = (
        u32::from(date.year()),
        u32::from(date.month()),
        u32::from(date.day()),
    );
    format_date_time(year, month, day, n(rem / 3600), n(rem % 3600 / 60))
}

/// `yyyy-mm-dd` as `dd/mm/yyyy` (anything else unchanged).
pub fn format_iso_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// An RFC 3339 time (`2026-11-25T08:15:00Z`) in the phone's local time, `dd/mm/yyyy hh:mm`.
pub fn format_rfc3339(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let ms = js_sys::Date::parse(s);
        if ms.is_finite() {
            return format_timestamp(ms);
        }
    }
    format_iso_date(s)
}

/// A JS timestamp as local `hh:mm:ss`.
pub fn format_clock(ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        format!(
            "{:02}:{:02}:{:02}",
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let secs = (ms / 1000.0) as i64;
        let rem = secs.rem_euclid(86_400);
        format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
    }
}

/// Milliseconds since the epoch now.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_both_spellings() {
        assert_eq!(fold("Phường Thủy Nguyên"), "phuong thuy nguyen");
        assert_eq!(fold("Thành phố Thuỷ Nguyên"), "thanh pho thuy nguyen");
        assert_eq!(fold("ĐẶC KHU Cát Hải"), "dac khu cat hai");
        assert_eq!(fold("Thu\u{309}y"), "thuy");
        assert!(matches(&fold("Phường Thủy Nguyên"), "thuy nguyen"));
        assert!(matches(&fold("Phường Thủy Nguyên"), "  Nguyên  thủy "));
        assert!(!matches(&fold("Xã An Lão"), "thuy"));
    }

    #[test]
    fn dates_are_day_first() {
        assert_eq!(format_date_time(2026, 11, 5, 9, 7), "05/11/2026 09:07");
        assert_eq!(format_iso_date("2026-12-02"), "02/12/2026");
        assert_eq!(format_iso_date("soon"), "soon");
        #[cfg(not(target_arch = "wasm32"))]
        assert_eq!(format_timestamp(1_795_000_000_000.0), "18/11/2026 11:06");
    }
}
