use proptest::prelude::*;

use super::*;

fn province() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(PROVINCE_CODES.iter().map(|(c, _)| *c).collect::<Vec<_>>())
}

fn citizen_id() -> impl Strategy<Value = String> {
    (province(), 0u8..10, 0u8..100, 0u32..1_000_000)
        .prop_map(|(p, cs, yy, serial)| format!("{p}{cs}{yy:02}{serial:06}"))
}

fn mobile() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(phone::MOBILE_PREFIXES.to_vec()),
        0u32..10_000_000,
    )
        .prop_map(|(p, rest)| format!("{p}{rest:07}"))
}

/// Inserts separators people type between the characters of `s`.
fn sprinkle(s: &str, seps: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        out.push(c);
        match seps.get(i).copied().unwrap_or(0) % 5 {
            1 => out.push(' '),
            2 => out.push('.'),
            3 => out.push('-'),
            _ => {}
        }
    }
    out
}

proptest! {
    #[test]
    fn valid_citizen_ids_parse_and_round_trip(id in citizen_id(), seps in prop::collection::vec(any::<u8>(), 12)) {
        let parsed = CitizenId::parse(&sprinkle(&id, &seps)).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
        prop_assert_eq!(CitizenId::parse(parsed.as_str()).unwrap(), parsed.clone());
        let json = serde_json::to_string(&parsed).unwrap();
        prop_assert_eq!(serde_json::from_str::<CitizenId>(&json).unwrap(), parsed.clone());
        let cs = u16::from(id.as_bytes()[3] - b'0');
        prop_assert_eq!(parsed.birth_century(), 1900 + cs / 2 * 100);
        prop_assert_eq!(parsed.sex() == Sex::Female, cs % 2 == 1);
        prop_assert_eq!(parsed.birth_year() % 100, id[4..6].parse::<u16>().unwrap());
    }

    #[test]
    fn citizen_id_with_a_non_digit_fails(id in citizen_id(), at in 0usize..12, c in "[^0-9 .\\-()\\s]") {
        let mut s: Vec<char> = id.chars().collect();
        s[at] = c.chars().next().unwrap();
        let s: String = s.into_iter().collect();
        prop_assert!(CitizenId::parse(&s).is_err());
    }

    #[test]
    fn citizen_id_never_panics(s in "\\PC{0,30}") {
        let _ = CitizenId::parse(&s);
    }

    #[test]
    fn valid_mobiles_parse_and_round_trip(m in mobile(), seps in prop::collection::vec(any::<u8>(), 10)) {
        let p = PhoneNumber::parse(&sprinkle(&m, &seps)).unwrap();
        prop_assert_eq!(p.as_str(), m.as_str());
        prop_assert_eq!(PhoneNumber::parse(&p.international()).unwrap(), p.clone());
        prop_assert_eq!(PhoneNumber::parse(&p.grouped()).unwrap(), p.clone());
        let json = serde_json::to_string(&p).unwrap();
        prop_assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
    }

    #[test]
    fn phone_formatting_variants_normalise_equal(m in mobile(), seps in prop::collection::vec(any::<u8>(), 12)) {
        let rest = &m[1..];
        let variants = [
            m.clone(),
            format!("+84{rest}"),
            format!("84{rest}"),
            format!("+84 (0) {}", sprinkle(rest, &seps)),
            format!("0084{rest}"),
            sprinkle(&m, &seps),
        ];
        let first = PhoneNumber::parse(&variants[0]).unwrap();
        for v in &variants[1..] {
            prop_assert_eq!(&PhoneNumber::parse(v).unwrap(), &first, "{}", v);
        }
    }

    #[test]
    fn phone_with_a_non_digit_fails(m in mobile(), at in 1usize..10, c in "[^0-9 .\\-()+\\s]") {
        let mut s: Vec<char> = m.chars().collect();
        s[at] = c.chars().next().unwrap();
        let s: String = s.into_iter().collect();
        prop_assert!(PhoneNumber::parse(&s).is_err());
    }

    #[test]
    fn phone_never_panics(s in "\\PC{0,30}") {
        let _ = PhoneNumber::parse(&s);
    }

    #[test]
    fn dates_round_trip(days in -25_567i64..30_000) {
        let date = Date::from_days_since_epoch(days).unwrap();
        prop_assert_eq!(date.days_since_epoch(), days);
        prop_assert_eq!(Date::parse(&date.to_string()).unwrap(), date);
    }
}
