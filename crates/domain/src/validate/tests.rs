use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

const TODAY: &str = "2026-11-25";

#[test]
fn dates_parse_what_input_type_date_sends() {
    let x = d("2007-03-27");
    assert_eq!((x.year(), x.month(), x.day()), (2007, 3, 27));
    assert_eq!(x.to_string(), "2007-03-27");
    assert_eq!(d("2026-11-25T08:00:00Z"), d(TODAY));
    assert_eq!(Date::parse(""), Err(DateError::Empty));
    for bad in [
        "27/03/2007",
        "2007-3-27",
        "2007-03-27x",
        "２００７-03-27",
        "abcd-ef-gh",
    ] {
        assert_eq!(Date::parse(bad), Err(DateError::Format), "{bad:?}");
    }
    for bad in [
        "2007-02-29",
        "2007-04-31",
        "2007-13-01",
        "2007-00-10",
        "0000-01-01",
    ] {
        assert_eq!(Date::parse(bad), Err(DateError::NoSuchDay), "{bad:?}");
    }
    assert!(Date::parse("2024-02-29").is_ok());
    assert!(Date::parse("2000-02-29").is_ok());
    assert!(Date::parse("1900-02-29").is_err());
}

#[test]
fn dates_of_birth_are_checked_against_today() {
    let today = d(TODAY);
    assert!(DateOfBirth::parse("2026-11-25", today).is_ok());
    assert_eq!(
        DateOfBirth::parse("2026-11-26", today),
        Err(DateError::InFuture)
    );
    assert_eq!(
        DateOfBirth::parse("1899-12-31", today),
        Err(DateError::TooOld)
    );
    assert_eq!(DateError::InFuture.code(), "date_in_future");
    assert!(DateError::InFuture.message().vi.contains("hôm nay"));
}

#[test]
fn ages_and_day_arithmetic() {
    let born = d("2008-11-26");
    assert_eq!(born.age_on(d("2026-11-25")), 17);
    assert_eq!(born.age_on(d("2026-11-26")), 18);
    assert_eq!(d("2004-02-29").age_on(d("2022-02-28")), 17);
    assert_eq!(d("2004-02-29").age_on(d("2022-03-01")), 18);
    assert_eq!(d(TODAY).age_on(d("2000-01-01")), 0);
    assert_eq!(d("1970-01-01").days_since_epoch(), 0);
    assert_eq!(d("2026-11-25").days_since_epoch(), 20_782);
    for s in ["1900-01-01", "1999-12-31", "2000-02-29", TODAY] {
        assert_eq!(
            Date::from_days_since_epoch(d(s).days_since_epoch()),
            Some(d(s))
        );
    }
    assert_eq!(d(TODAY).weekday(), 3); // a Wednesday
                                       // 2026-11-24T17:30Z is already the 25th in Vietnam.
    assert_eq!(Date::in_vietnam_at_unix_ms(1_795_541_400_000), d(TODAY));
    assert_eq!(serde_json::to_string(&d(TODAY)).unwrap(), "\"2026-11-25\"");
}

#[test]
fn citizen_id_decodes_province_century_sex_year() {
    let id = CitizenId::parse("031 195 001 234").unwrap();
    assert_eq!(id.as_str(), "031195001234");
    assert_eq!(id.province(), "Hải Phòng");
    assert_eq!(id.birth_century(), 1900);
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(id.birth_year(), 1995);
    let child = CitizenId::parse("030.224.000.001").unwrap();
    assert_eq!((child.birth_year(), child.sex()), (2024, Sex::Male));
    assert!(child.check_birth_date(d("2024-06-01")).is_ok());
    assert_eq!(
        child.check_birth_date(d("2023-06-01")),
        Err(CitizenIdError::BirthYearMismatch)
    );
    assert!(child.check_plausible(d(TODAY)).is_ok());
    let future = CitizenId::parse("001299000001").unwrap();
    assert_eq!(future.birth_year(), 2099);
    assert_eq!(
        future.check_plausible(d(TODAY)),
        Err(CitizenIdError::BornInFuture)
    );
    assert_eq!(
        CitizenId::parse("001499000001").unwrap().birth_century(),
        2100
    );
    assert_eq!(
        CitizenId::parse("001999000001").unwrap().birth_century(),
        2300
    );
}

#[test]
fn citizen_id_rejections() {
    assert_eq!(CitizenId::parse("  "), Err(CitizenIdError::Empty));
    assert_eq!(
        CitizenId::parse("03119500123"),
        Err(CitizenIdError::WrongLength)
    );
    assert_eq!(
        CitizenId::parse("0311950012345"),
        Err(CitizenIdError::WrongLength)
    );
    assert_eq!(
        CitizenId::parse("03119500123a"),
        Err(CitizenIdError::NotDigits)
    );
    for province in ["000", "003", "097", "099", "100"] {
        let s = format!("{province}195001234");
        assert_eq!(
            CitizenId::parse(&s),
            Err(CitizenIdError::UnknownProvince),
            "{s}"
        );
    }
    assert_eq!(PROVINCE_CODES.len(), 63);
    assert_eq!(province_name("096"), Some("Cà Mau"));
    assert!(serde_json::from_str::<CitizenId>("\"123\"").is_err());
}

#[test]
fn phone_formats_normalise() {
    for typed in [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "+84 (0) 912 345 678",
        "0084912345678",
    ] {
        let p = PhoneNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(p.as_str(), "0912345678", "{typed}");
    }
    let p = PhoneNumber::parse("0912345678").unwrap();
    assert_eq!(p.kind(), PhoneKind::Mobile);
    assert_eq!(p.international(), "+84912345678");
    assert_eq!(p.grouped(), "0912 345 678");
    let land = PhoneNumber::parse("0225 3842 123").unwrap();
    assert_eq!(
        (land.as_str(), land.kind()),
        ("02253842123", PhoneKind::Landline)
    );
    assert_eq!(
        PhoneNumber::parse("+84 24 3825 1234").unwrap().as_str(),
        "02438251234"
    );
}

#[test]
fn phone_rejections() {
    assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
    assert_eq!(PhoneNumber::parse("0912abc678"), Err(PhoneError::NotDigits));
    for bad in [
        "091234567",
        "09123456789",
        "0112345678",
        "0212345678",
        "0952345678",
        "0312345678",
        "+1 912 345 678",
        "1912345678",
        "02438251234567",
    ] {
        assert!(PhoneNumber::parse(bad).is_err(), "{bad:?}");
    }
    assert_eq!(PhoneError::Invalid.code(), "invalid_phone");
}

#[test]
fn names_accept_vietnamese_and_reject_digits_and_markup() {
    assert_eq!(
        PersonName::parse("  Nguyễn   Thị  Ánh ").unwrap().as_str(),
        "Nguyễn Thị Ánh"
    );
    assert!(PersonName::parse("H'Hen Niê").is_ok());
    assert!(PersonName::parse("Nguye\u{0302}\u{0303}n Văn An").is_ok()); // NFD
    assert!(PersonName::parse("Lê").is_ok());
    assert_eq!(PersonName::parse(" "), Err(NameError::Empty));
    assert_eq!(PersonName::parse("A"), Err(NameError::TooShort));
    assert_eq!(PersonName::parse(&"a".repeat(101)), Err(NameError::TooLong));
    for bad in ["Nguyễn Văn 2", "<script>", "Trần_Văn", "--", "An@x"] {
        assert_eq!(
            PersonName::parse(bad),
            Err(NameError::BadCharacter),
            "{bad:?}"
        );
    }
}

#[test]
fn addresses_and_choices() {
    assert_eq!(
        Address::parse(" Thôn 3,  xã Thủy Nguyên ")
            .unwrap()
            .as_str(),
        "Thôn 3, xã Thủy Nguyên"
    );
    assert_eq!(Address::parse(""), Err(AddressError::Empty));
    assert_eq!(Address::parse("Xã"), Err(AddressError::TooShort));
    assert_eq!(Address::parse(&"a".repeat(301)), Err(AddressError::TooLong));
    assert_eq!(
        Address::parse("<b>Thôn 3</b>"),
        Err(AddressError::BadCharacter)
    );
    assert_eq!(
        Address::parse("Thôn\u{0}3 xã"),
        Err(AddressError::BadCharacter)
    );
    let opts = ["male", "female"];
    assert_eq!(Choice::parse(" male ", opts).unwrap().as_str(), "male");
    assert_eq!(Choice::parse("", opts), Err(ChoiceError::Empty));
    assert_eq!(Choice::parse("other", opts), Err(ChoiceError::NotAnOption));
}

#[test]
fn problems_become_field_errors() {
    let e = PhoneError::Invalid.at("phone");
    assert_eq!(
        (e.field.as_str(), e.code.as_str()),
        ("phone", "invalid_phone")
    );
    assert!(!e.message.vi.is_empty() && !e.message.en.is_empty());
    assert_eq!(required_message().en, "This field is required");
}
