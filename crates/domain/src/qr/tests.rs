use proptest::prelude::*;

use super::*;
use crate::catalog::Catalog;
use crate::commune::{Commune, CommuneCode, Office, StaffMember};
use crate::procedure::ProcedureCode;
use crate::submission::RECEIPT_ALPHABET;
use crate::text::Localized;

const ORIGIN: &str = "https://motcua.example";

fn token(s: &str) -> QrToken {
    QrToken::parse(s).unwrap()
}

fn link(t: &str, target: QrTarget) -> QrLink {
    QrLink {
        token: token(t),
        commune: CommuneCode::parse("11560").unwrap(),
        target,
        retired: false,
        redirect_to: None,
    }
}

fn redirect(t: &str, to: &str) -> QrLink {
    QrLink {
        redirect_to: Some(token(to)),
        ..link(t, QrTarget::Office)
    }
}

#[test]
fn tokens_parse_and_normalise() {
    assert_eq!(token(" 7kq4xm2a ").as_str(), "7KQ4XM2A");
    for bad in [
        "",
        "ABC",
        "ABCDEFGHJKM",
        "7KQ4XM0A",
        "7KQ4XMIA",
        "7KQ4-XM2A",
        "../etc",
        "７KQ4XM2A",
        "<script>",
    ] {
        assert!(QrToken::parse(bad).is_err(), "{bad:?}");
    }
    assert!(serde_json::from_str::<QrToken>("\"O0O0O0\"").is_err());
}

#[test]
fn generated_tokens_use_the_alphabet_and_differ() {
    let a = QrToken::generate(1);
    let b = QrToken::generate(2);
    assert_eq!(a.as_str().len(), QR_TOKEN_LEN);
    assert_ne!(a, b);
    assert!(a.as_str().bytes().all(|c| RECEIPT_ALPHABET.contains(&c)));
    assert_eq!(a.path(), format!("/q/{a}"));
}

#[test]
fn target_json_is_tagged_and_keys_are_per_target() {
    let t = QrTarget::Official {
        staff_id: "tp-01".into(),
    };
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#"{"kind":"official","staff_id":"tp-01"}"#
    );
    assert_eq!(t.key().as_deref(), Some("official:tp-01"));
    let notice = QrTarget::Notice {
        title: Localized::new("Wifi", "Wifi"),
        body: Localized::new("mật khẩu", "password"),
    };
    assert_eq!(notice.key(), None);
    let code = ProcedureCode::parse("1.001193").unwrap();
    assert_ne!(
        QrTarget::Procedure { code: code.clone() }.key(),
        QrTarget::StartForm { procedure: code }.key()
    );
}

/// The hand-written `Deserialize` reads what `Serialize` (serde's tagged format) writes, for
/// every kind, in any field order and with unknown fields; it refuses what the derived one did.
#[test]
fn targets_read_back_what_they_write_and_refuse_what_serde_would() {
    let code = ProcedureCode::parse("1.001193").unwrap();
    let all = [
        QrTarget::Procedure { code: code.clone() },
        QrTarget::Office,
        QrTarget::Official {
            staff_id: "tp-01".into(),
        },
        QrTarget::StartForm { procedure: code },
        QrTarget::Notice {
            title: Localized::new("Wifi", "Wifi"),
            body: Localized::new("mật khẩu", "password"),
        },
    ];
    for target in &all {
        let json = serde_json::to_string(target).unwrap();
        assert_eq!(
            &serde_json::from_str::<QrTarget>(&json).unwrap(),
            target,
            "{json}"
        );
        // Inside a link, as the app stores and the API sends it.
        let l = link("ABCD2345", target.clone());
        let back: QrLink = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
        assert_eq!(back, l);
    }
    let reordered = r#"{"code":"1.001193","extra":[1,{"a":2}],"kind":"procedure"}"#;
    assert_eq!(serde_json::from_str::<QrTarget>(reordered).unwrap(), all[0]);
    for (bad, says) in [
        (r#"{"kind":"procedure"}"#, "missing field `code`"),
        (
            r#"{"kind":"notice","title":{"vi":"a","en":"b"}}"#,
            "missing field `body`",
        ),
        (r#"{"kind":"poster"}"#, "unknown variant `poster`"),
        (r#"{"code":"1.001193"}"#, "missing field `kind`"),
        (r#"{"kind":"procedure","code":"x"}"#, ""),
        (r#""office""#, ""),
    ] {
        let err = serde_json::from_str::<QrTarget>(bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn resolve_found_retired_unknown_and_redirects() {
    let links = vec![
        link("AAAAAAAA", QrTarget::Office),
        QrLink {
            retired: true,
            ..link("BBBBBBBB", QrTarget::Office)
        },
        redirect("CCCCCCCC", "AAAAAAAA"),
        redirect("DDDDDDDD", "EEEEEEEE"),
        redirect("EEEEEEEE", "DDDDDDDD"),
        redirect("FFFFFFFF", "GGGGGGGG"),
        QrLink {
            retired: true,
            ..redirect("HHHHHHHH", "AAAAAAAA")
        },
    ];
    let found = |t: &str| match resolve(&links, &token(t)) {
        Resolution::Found(l) => Some(l.token.to_string()),
        _ => None,
    };
    assert_eq!(found("AAAAAAAA").as_deref(), Some("AAAAAAAA"));
    assert_eq!(found("CCCCCCCC").as_deref(), Some("AAAAAAAA"));
    // A retired link that was redirected still leads to its replacement.
    assert_eq!(found("HHHHHHHH").as_deref(), Some("AAAAAAAA"));
    assert!(
        matches!(resolve(&links, &token("BBBBBBBB")), Resolution::Retired(l) if l.token.as_str() == "BBBBBBBB")
    );
    assert!(matches!(
        resolve(&links, &token("DDDDDDDD")),
        Resolution::Retired(_)
    ));
    assert!(matches!(
        resolve(&links, &token("FFFFFFFF")),
        Resolution::Retired(_)
    ));
    assert_eq!(resolve(&links, &token("ZZZZZZZZ")), Resolution::Unknown);
}

#[test]
fn resolve_gives_up_on_long_chains() {
    let names: Vec<String> = (0..20)
        .map(|i| QrToken::generate(i * 7919).to_string())
        .collect();
    let mut links: Vec<QrLink> = names.windows(2).map(|w| redirect(&w[0], &w[1])).collect();
    links.push(link(&names[19], QrTarget::Office));
    assert!(matches!(
        resolve(&links, &token(&names[0])),
        Resolution::Retired(_)
    ));
    assert!(matches!(
        resolve(&links, &token(&names[19 - MAX_REDIRECTS])),
        Resolution::Found(_)
    ));
}

fn commune() -> Commune {
    Commune {
        summary: crate::commune::thuy_nguyen(),
        office: Office {
            phone: Some("0225 3 873 000".into()),
            staff: vec![StaffMember {
                id: "tp-01".into(),
                name: "Nguyễn Văn A".into(),
                role: Localized::new("Tư pháp", "Justice"),
                phone: "0912345678".into(),
                desk: None,
            }],
            ..Office::default()
        },
    }
}

#[test]
fn landing_from_catalog_embeds_content_or_reports_retired() {
    let procedure = crate::catalog::sample_procedure("1.001193");
    let catalog = Catalog {
        version: 3,
        full: true,
        commune: commune(),
        procedures: vec![procedure.clone()],
        removed: vec![],
        qr_links: vec![
            link(
                "AAAAAAAA",
                QrTarget::Procedure {
                    code: procedure.code.clone(),
                },
            ),
            link(
                "BBBBBBBB",
                QrTarget::Official {
                    staff_id: "tp-01".into(),
                },
            ),
            link(
                "CCCCCCCC",
                QrTarget::Official {
                    staff_id: "gone".into(),
                },
            ),
            link(
                "DDDDDDDD",
                QrTarget::Procedure {
                    code: ProcedureCode::parse("2.000001").unwrap(),
                },
            ),
        ],
    };
    let a = QrLanding::from_catalog(&catalog, &token("AAAAAAAA")).unwrap();
    assert_eq!(a.status, QrStatus::Found);
    assert_eq!(a.procedure.as_ref().unwrap().code, procedure.code);
    let b = QrLanding::from_catalog(&catalog, &token("BBBBBBBB")).unwrap();
    assert_eq!(b.official().unwrap().name, "Nguyễn Văn A");
    for gone in ["CCCCCCCC", "DDDDDDDD"] {
        let l = QrLanding::from_catalog(&catalog, &token(gone)).unwrap();
        assert_eq!(l.status, QrStatus::Retired, "{gone}");
        assert!(
            l.commune.is_some(),
            "the helpful page needs the office phone"
        );
    }
    assert!(QrLanding::from_catalog(&catalog, &token("ZZZZZZZZ")).is_none());
}

#[test]
fn our_links_are_followed_as_rebuilt_paths() {
    let ours = |t: &str| match classify_scan(t, ORIGIN) {
        Scanned::Ours(p) => p,
        Scanned::NotOurs(_) => panic!("{t:?} should be ours"),
    };
    assert_eq!(ours("https://motcua.example/q/7KQ4XM2A"), "/q/7KQ4XM2A");
    assert_eq!(ours("HTTPS://MOTCUA.EXAMPLE/q/7kq4xm2a/"), "/q/7KQ4XM2A");
    assert_eq!(ours("http://motcua.example/q/7KQ4XM2A#x"), "/q/7KQ4XM2A");
    assert_eq!(ours(" 7KQ4XM2A "), "/q/7KQ4XM2A");
    assert_eq!(ours("https://motcua.example/c/11560"), "/c/11560");
    assert_eq!(
        ours("https://motcua.example/procedures/1.001193?commune=11560"),
        "/procedures/1.001193?commune=11560"
    );
    assert_eq!(
        classify_scan("http://127.0.0.1:8080/q/7KQ4XM2A", "http://127.0.0.1:8080"),
        Scanned::Ours("/q/7KQ4XM2A".into())
    );
}

#[test]
fn everything_else_is_inert_text() {
    let long = format!(
        "https://motcua.example/q/7KQ4XM2A?{}",
        "a".repeat(MAX_SCAN_LEN)
    );
    for text in [
        "javascript:alert(1)",
        "JavaScript://motcua.example/q/7KQ4XM2A",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/q/7KQ4XM2A",
        "https://motcua.example.evil.example/q/7KQ4XM2A",
        "https://motcua.example@evil.example/q/7KQ4XM2A",
        "https://evil.example\\@motcua.example/q/7KQ4XM2A",
        "//motcua.example/q/7KQ4XM2A",
        "/q/7KQ4XM2A",
        "https://motcua.example/q/7KQ4XM0A",
        "https://motcua.example/q/7KQ4XM2A/extra",
        "https://motcua.example/q/7KQ4XM2A?next=//evil.example",
        "https://motcua.example/q/%37KQ4XM2A",
        "https://motcua.example/procedures/1.001193?commune=11560&x=1",
        "https://motcua.example/drafts/abc",
        "https://motcua.example/",
        "https://motcua.example",
        "WIFI:S:office;T:WPA;P:secret;;",
        "",
        long.as_str(),
    ] {
        assert_eq!(
            classify_scan(text, ORIGIN),
            Scanned::NotOurs(text.to_owned()),
            "{text:?}"
        );
    }
}

fn token_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(RECEIPT_ALPHABET.to_vec()), 4..=10)
        .prop_map(|v| String::from_utf8(v).unwrap())
}

proptest! {
    #[test]
    fn valid_tokens_round_trip(t in token_text()) {
        let parsed = QrToken::parse(&t.to_ascii_lowercase()).unwrap();
        prop_assert_eq!(parsed.as_str(), t.as_str());
        let url = format!("{ORIGIN}{}", parsed.path());
        prop_assert_eq!(classify_scan(&url, ORIGIN), Scanned::Ours(parsed.path()));
    }

    #[test]
    fn generated_tokens_parse(n in any::<u64>()) {
        let t = QrToken::generate(n);
        prop_assert_eq!(QrToken::parse(t.as_str()).unwrap(), t);
    }

    #[test]
    fn arbitrary_text_never_yields_a_foreign_path(text in ".{0,80}") {
        // Whatever is scanned, a followed path is one of our routes, rebuilt from safe symbols.
        if let Scanned::Ours(path) = classify_scan(&text, ORIGIN) {
            prop_assert!(path.starts_with("/q/") || path.starts_with("/c/") || path.starts_with("/procedures/"));
            prop_assert!(path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/.?=".contains(&b)));
        }
    }

    #[test]
    fn foreign_hosts_are_never_ours(host in "[a-z]{1,12}\\.[a-z]{2,5}", t in token_text()) {
        prop_assume!(host != "motcua.example");
        let url = format!("https://{host}/q/{t}");
        prop_assert_eq!(classify_scan(&url, ORIGIN), Scanned::NotOurs(url.clone()));
    }

    #[test]
    fn resolve_terminates_on_any_redirect_graph(edges in proptest::collection::vec((0u8..6, proptest::option::of(0u8..8), any::<bool>()), 0..6)) {
        let name = |i: u8| QrToken::generate(u64::from(i) * 104_729 + 1);
        let links: Vec<QrLink> = edges.iter().enumerate().map(|(i, (_, to, retired))| QrLink {
            token: name(i as u8),
            retired: *retired,
            redirect_to: to.map(name),
            ..link("AAAAAAAA", QrTarget::Office)
        }).collect();
        for i in 0..8u8 {
            match resolve(&links, &name(i)) {
                Resolution::Found(l) => prop_assert!(!l.retired && l.redirect_to.is_none()),
                Resolution::Retired(l) => prop_assert_eq!(&l.token, &name(i)),
                Resolution::Unknown => prop_assert!(usize::from(i) >= links.len()),
            }
        }
    }
}
