use super::stats::*;
use super::*;

fn rating(level: u8, comment: &str) -> NewRating {
    let id = DraftId::parse("rating-0000000000001").unwrap();
    NewRating {
        key: IdempotencyKey::for_draft(&id),
        id,
        commune: CommuneCode::parse("11560").unwrap(),
        target: RatingTarget::Office,
        level,
        criteria: BTreeMap::new(),
        official: None,
        comment: comment.to_owned(),
        device: None,
    }
}

#[test]
fn markup_is_stripped_to_plain_text() {
    assert_eq!(clean_comment("<script>alert(1)</script>"), "alert(1)");
    assert_eq!(
        clean_comment("  Cán bộ <b>nhiệt tình</b>\r\n\n\n\ncảm ơn  "),
        "Cán bộ nhiệt tình\n\ncảm ơn"
    );
    assert_eq!(clean_comment("a > b and 2<3"), "a b and 2");
    assert_eq!(clean_comment("\u{0}\u{7}ok\t tab"), "ok tab");
    for s in ["<img src=x onerror=alert(1)>", "<<a>>", "x<y>z>"] {
        assert!(!clean_comment(s).contains(['<', '>']), "{s}");
    }
}

#[test]
fn national_scale_is_three_levels_with_one_negative() {
    let scale = RatingScale::default();
    assert_eq!(scale.id, "national3");
    let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.vi.as_str()).collect();
    assert_eq!(labels, ["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
    assert!(scale.is_negative(1) && !scale.is_negative(2));
    assert_eq!(RatingScale::by_id("five").unwrap().levels.len(), 5);
    assert!(RatingScale::five_level().is_negative(2));
}

#[test]
fn validation_reports_level_comment_and_official() {
    let scale = RatingScale::national();
    assert_eq!(
        validate_rating(&rating(3, " <i>tốt</i> "), &scale, &[]).unwrap(),
        "tốt"
    );
    let mut bad = rating(4, &"x".repeat(MAX_COMMENT_CHARS + 1));
    bad.official = Some("nobody".into());
    let errors = validate_rating(&bad, &scale, &["cb-1"]).unwrap_err();
    let codes: Vec<&str> = errors.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        ["unknown_level", "unknown_official", "comment_too_long"]
    );
    assert!(errors.errors[2].message.vi.contains("1000"));
    // Markup does not count towards the limit: it is gone before counting.
    let tags = format!("<b>{}</b>", "x".repeat(MAX_COMMENT_CHARS));
    assert!(validate_rating(&rating(2, &tags), &scale, &[]).is_ok());
    let mut criteria = rating(2, "");
    criteria.criteria.insert("attitude".into(), 2);
    assert_eq!(
        validate_rating(&criteria, &scale, &[]).unwrap_err().errors[0].code,
        "unknown_criterion"
    );
}

#[test]
fn wire_format_of_a_rating_round_trips_and_defaults() {
    let json = r#"{"id":"rating-0000000000001","key":"d-rating-0000000000001","commune":"11560",
        "target":{"kind":"official","official":"cb-1"},"level":3}"#;
    let r: NewRating = serde_json::from_str(json).unwrap();
    assert_eq!(r.official_id(), Some("cb-1"));
    assert!(r.target.is_anonymous());
    assert_eq!(r.comment, "");
    let back: NewRating = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}

fn sat(counts: [u64; 3]) -> Satisfaction {
    let scale = RatingScale::national();
    Satisfaction {
        levels: scale
            .levels
            .iter()
            .zip(counts)
            .map(|(l, count)| LevelCount {
                level: l.value,
                label: l.label.clone(),
                count,
            })
            .collect(),
        total: counts.iter().sum(),
    }
}

#[test]
fn officials_with_few_ratings_have_no_rank() {
    let o = |id: &str, counts| OfficialSatisfaction {
        official: id.into(),
        name: id.into(),
        satisfaction: sat(counts),
        rank: Some(99),
    };
    let ranked = rank_officials(vec![
        o("few", [3, 0, 0]),
        o("good", [5, 1, 0]),
        o("best", [6, 0, 0]),
        o("poor", [0, 0, 5]),
    ]);
    let order: Vec<(&str, Option<u32>)> = ranked
        .iter()
        .map(|o| (o.official.as_str(), o.rank))
        .collect();
    assert_eq!(
        order,
        [
            ("best", Some(1)),
            ("good", Some(2)),
            ("poor", Some(3)),
            ("few", None)
        ]
    );
}

#[test]
fn csv_has_one_number_per_line_and_escapes() {
    let totals = Totals {
        received: 4,
        done: 2,
        rejected: 1,
        open: 1,
        closed_on_time: 2,
        closed_late: 1,
    };
    assert_eq!(totals.on_time_rate(), Some(2.0 / 3.0));
    let stats = CommuneStats {
        commune: CommuneCode::parse("11560").unwrap(),
        name: "Xã \"A\", B".into(),
        generation: 1,
        totals,
        months: vec![],
        procedures: vec![],
        satisfaction: sat([1, 0, 2]),
        officials: vec![OfficialSatisfaction {
            official: "cb-1".into(),
            name: "=HYPERLINK(1)".into(),
            satisfaction: sat([1, 0, 0]),
            rank: None,
        }],
        feedback: FeedbackResponse::default(),
        letters: None,
    };
    let csv = stats.to_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(CSV_HEADER));
    assert!(csv.contains("totals,11560,,,received,4\r\n"));
    assert!(csv.contains("totals,11560,,,on_time_rate,0.6667\r\n"));
    assert!(csv.contains("satisfaction,11560,,,level_1,2\r\n"));
    assert!(csv.contains("official,11560,cb-1,'=HYPERLINK(1),level_3,1\r\n"));
    assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    assert_eq!(csv_field("-3"), "-3");
}
