//! Working days of Vietnamese public offices, for legal due dates (hạn trả kết quả).
//!
//! A day is a working day unless it is a Saturday, a Sunday, a public holiday or a compensatory
//! day off. Public holidays follow Article 112 of the Labour Code 2019 (Bộ luật Lao động):
//!
//! | Holiday                          | Date                                          |
//! |----------------------------------|-----------------------------------------------|
//! | New Year (Tết Dương lịch)         | 1 January                                     |
//! | Lunar New Year (Tết Âm lịch)      | the eve and the first four days of the year (5 days) |
//! | Hùng Kings' Commemoration         | 10th day of the 3rd lunar month               |
//! | Victory Day                       | 30 April                                      |
//! | International Labour Day          | 1 May                                         |
//! | National Day                      | 2 September, plus 1 or 3 September            |
//!
//! Rules this module applies, which approximate the Prime Minister's yearly decisions:
//!
//! - Tết is the lunar new year's eve and days 1–4 (what the decisions for 2025 and 2026 give,
//!   before swaps of working days that are announced each year and not modelled here).
//! - The second National Day is the adjacent weekday that makes the longer break with a weekend
//!   (Mon → 3/9, Tue → 1/9, Wed → 1/9, Thu → 3/9, Fri → 1/9, Sat → 1/9, Sun → 3/9); this gives
//!   the days actually decided for 2021–2025.
//! - A holiday on a Saturday or Sunday gives a compensatory day off (nghỉ bù) on the next day that
//!   is neither a weekend nor a holiday (Article 111(3)).
//!
//! Announced swaps (the government moves a working day to bridge a holiday, e.g. "work Saturday
//! 24/1, rest Monday 2/2") are not predictable: offices amend the calendar with [`Amendments`]
//! (stored by the server, edited by commune leaders), and [`add_working_days_with`] takes them.
//!
//! Lunar dates come from [`LUNAR_HOLIDAYS`], a table of their solar dates for 2025–2030 (Vietnamese
//! calendar, UTC+7). Outside those years only the solar holidays are known, so due dates there may
//! come a few days early; extend the table before 2031.

use std::collections::BTreeSet;

use crate::validate::Date;

/// The solar dates of one year's lunar holidays, as `(month, day)` of `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarYear {
    /// The solar year.
    pub year: u16,
    /// Lunar new year's day (mùng 1 Tết).
    pub tet: (u8, u8),
    /// The 10th day of the 3rd lunar month (Giỗ Tổ Hùng Vương).
    pub hung_kings: (u8, u8),
}

const fn lunar(year: u16, tet: (u8, u8), hung_kings: (u8, u8)) -> LunarYear {
    LunarYear {
        year,
        tet,
        hung_kings,
    }
}

/// Solar dates of the lunar holidays, per the Vietnamese lunar calendar (UTC+7).
pub const LUNAR_HOLIDAYS: [LunarYear; 6] = [
    lunar(2025, (1, 29), (4, 7)),
    lunar(2026, (2, 17), (4, 26)),
    lunar(2027, (2, 6), (4, 16)),
    lunar(2028, (1, 26), (4, 4)),
    lunar(2029, (2, 13), (4, 23)),
    lunar(2030, (2, 3), (4, 12)),
];

fn date(year: u16, month: u8, day: u8) -> Option<Date> {
    Date::new(year, month, day)
}

fn plus(day: Date, days: i64) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() + days).unwrap_or(day)
}

/// True on Saturdays and Sundays.
pub fn is_weekend(day: Date) -> bool {
    day.weekday() >= 6
}

/// The lunar new year's day of a solar year, when [`LUNAR_HOLIDAYS`] knows it.
pub fn lunar_new_year(year: u16) -> Option<Date> {
    LUNAR_HOLIDAYS
        .iter()
        .find(|l| l.year == year)
        .and_then(|l| date(year, l.tet.0, l.tet.1))
}

/// The Hùng Kings' Commemoration day of a solar year, when [`LUNAR_HOLIDAYS`] knows it.
pub fn hung_kings_day(year: u16) -> Option<Date> {
    LUNAR_HOLIDAYS
        .iter()
        .find(|l| l.year == year)
        .and_then(|l| date(year, l.hung_kings.0, l.hung_kings.1))
}

/// The public holidays of a solar year (without compensatory days), in date order.
pub fn public_holidays(year: u16) -> BTreeSet<Date> {
    let mut days = BTreeSet::new();
    for (month, day) in [(1, 1), (4, 30), (5, 1), (9, 2)] {
        days.extend(date(year, month, day));
    }
    if let Some(national) = date(year, 9, 2) {
        // Monday = 1 … Sunday = 7.
        let second = match national.weekday() {
            1 | 4 | 7 => plus(national, 1),
            _ => plus(national, -1),
        };
        days.insert(second);
    }
    if let Some(new_year) = lunar_new_year(year) {
        days.extend((-1..=3).map(|offset| plus(new_year, offset)));
    }
    days.extend(hung_kings_day(year));
    days
}

/// Every day off of a solar year that is not a weekend: weekday holidays and compensatory days.
pub fn days_off(year: u16) -> BTreeSet<Date> {
    let holidays = public_holidays(year);
    let mut off: BTreeSet<Date> = holidays
        .iter()
        .copied()
        .filter(|d| !is_weekend(*d))
        .collect();
    for holiday in holidays.iter().filter(|d| is_weekend(**d)) {
        let mut day = plus(*holiday, 1);
        while is_weekend(day) || off.contains(&day) {
            day = plus(day, 1);
        }
        off.insert(day);
    }
    off
}

/// Announced changes to the rules: extra days off and weekend days that are worked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amendments {
    /// Days the offices are closed although the rules say they open (e.g. a bridging Monday).
    pub off: BTreeSet<Date>,
    /// Days the offices open although the rules say they close (e.g. a make-up Saturday).
    pub work: BTreeSet<Date>,
}

impl Amendments {
    /// No amendment: the rules alone.
    pub fn none() -> Self {
        Self::default()
    }
}

/// True when public offices are open on `day` (by the rules alone).
pub fn is_working_day(day: Date) -> bool {
    is_working_day_with(day, &Amendments::none())
}

/// True when public offices are open on `day`, the announced amendments applied (an amendment
/// wins over the rules).
pub fn is_working_day_with(day: Date, amendments: &Amendments) -> bool {
    if amendments.work.contains(&day) {
        return true;
    }
    if amendments.off.contains(&day) {
        return false;
    }
    !is_weekend(day) && !days_off(day.year()).contains(&day)
}

/// The day `n` working days after `start` (the day of receipt does not count); `start` itself
/// when `n` is 0.
pub fn add_working_days(start: Date, n: u32) -> Date {
    add_working_days_with(start, n, &Amendments::none())
}

/// Like [`add_working_days`], with announced amendments applied.
pub fn add_working_days_with(start: Date, n: u32, amendments: &Amendments) -> Date {
    let mut off = days_off(start.year());
    let mut year = start.year();
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = plus(day, 1);
        if day.year() != year {
            year = day.year();
            off = days_off(year);
        }
        let open = if amendments.work.contains(&day) {
            true
        } else if amendments.off.contains(&day) {
            false
        } else {
            !is_weekend(day) && !off.contains(&day)
        };
        if open {
            left -= 1;
        }
    }
    day
}

/// Working days from `today` to `due`: how many open days are left after today up to and
/// including `due` (0 when due today), or minus the open days after `due` up to and including
/// Working days after `start` up to and including `end` (0 when `end` is not after `start`):
/// how long a submission received on `start` and finished on `end` took, in the unit of legal
/// processing times.
pub fn working_days_between(start: Date, end: Date) -> u32 {
    let mut day = start;
    let mut count = 0;
    while day < end {
        day = plus(day, 1);
        if is_working_day(day) {
            count += 1;
        }
    }
    count
}

/// `today` when overdue. Bounded to ±400 days of counting.
pub fn working_days_left(today: Date, due: Date, amendments: &Amendments) -> i32 {
    let (from, to, sign) = if due >= today {
        (today, due, 1)
    } else {
        (due, today, -1)
    };
    let mut count = 0;
    let mut day = from;
    let mut steps = 0;
    while day < to && steps < 400 {
        day = plus(day, 1);
        steps += 1;
        if is_working_day_with(day, amendments) {
            count += 1;
        }
    }
    sign * count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_between_counts_what_add_working_days_adds() {
        let d = |t: &str| Date::parse(t).unwrap();
        // Fri 2026-11-27 → Tue 2026-12-01: Mon and Tue count, the weekend does not.
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-12-01")), 2);
        assert_eq!(working_days_between(d("2026-12-01"), d("2026-11-27")), 0);
        for n in 0..40 {
            let start = d("2026-02-10");
            assert_eq!(working_days_between(start, add_working_days(start, n)), n);
        }
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_table_matches_the_weekdays_it_implies() {
        // Known weekdays: Tết 2025 was a Wednesday, 2026 a Tuesday; Hùng Kings 2025 a Monday,
        // 2026 a Sunday.
        assert_eq!(lunar_new_year(2025).unwrap().weekday(), 3);
        assert_eq!(lunar_new_year(2026).unwrap().weekday(), 2);
        assert_eq!(hung_kings_day(2025).unwrap().weekday(), 1);
        assert_eq!(hung_kings_day(2026).unwrap().weekday(), 7);
        for LunarYear { year, .. } in LUNAR_HOLIDAYS {
            let tet = lunar_new_year(year).unwrap();
            let hung = hung_kings_day(year).unwrap();
            // The 10th of the 3rd lunar month is 68–98 days after new year (59 + 9, or with a
            // leap 2nd month 30 more; 2 or 3 lunar months of 29–30 days).
            let gap = hung.days_since_epoch() - tet.days_since_epoch();
            assert!((66..=99).contains(&gap), "{year}: gap {gap}");
        }
    }

    #[test]
    fn weekends_are_not_working_days() {
        assert!(is_working_day(d("2026-11-25"))); // Wednesday
        assert!(!is_working_day(d("2026-11-28"))); // Saturday
        assert!(!is_working_day(d("2026-11-29"))); // Sunday
    }

    #[test]
    fn due_date_skips_a_weekend() {
        // Friday + 1 working day = Monday; + 3 = Wednesday.
        assert_eq!(add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
        assert_eq!(add_working_days(d("2026-11-27"), 3), d("2026-12-02"));
        // Received on a Saturday: the first working day after is Monday.
        assert_eq!(add_working_days(d("2026-11-28"), 1), d("2026-11-30"));
        assert_eq!(add_working_days(d("2026-11-25"), 0), d("2026-11-25"));
    }

    #[test]
    fn due_date_skips_tet() {
        // Tết 2026: eve Mon 16/2, days 1–4 Tue 17/2 – Fri 20/2, then the weekend.
        for day in [
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
        ] {
            assert!(!is_working_day(d(day)), "{day}");
        }
        // Received Friday 13/2: next working day is Monday 23/2.
        assert_eq!(add_working_days(d("2026-02-13"), 1), d("2026-02-23"));
        assert_eq!(add_working_days(d("2026-02-12"), 3), d("2026-02-24"));
    }

    #[test]
    fn weekend_holidays_give_a_compensatory_day() {
        // Hùng Kings 2026 is Sunday 26/4: Monday 27/4 is off; 30/4 Thu and 1/5 Fri are holidays.
        assert!(!is_working_day(d("2026-04-27")));
        assert_eq!(add_working_days(d("2026-04-24"), 1), d("2026-04-28"));
        assert_eq!(add_working_days(d("2026-04-29"), 1), d("2026-05-04"));
        // Tết 2027: new year's day Saturday 6/2; eve Fri 5/2 … Tue 9/2; the weekend days in it
        // are compensated on Wed 10/2 and Thu 11/2.
        assert_eq!(add_working_days(d("2027-02-04"), 1), d("2027-02-12"));
        // 1/1/2028 is a Saturday: Monday 3/1 is off.
        assert!(!is_working_day(d("2028-01-03")));
    }

    #[test]
    fn national_day_gets_the_adjacent_day() {
        // 2/9/2025 Tuesday → Monday 1/9 (as decided); 2/9/2026 Wednesday → Tuesday 1/9.
        assert!(!is_working_day(d("2025-09-01")));
        assert!(!is_working_day(d("2025-09-02")));
        assert!(is_working_day(d("2025-09-03")));
        assert!(!is_working_day(d("2026-09-01")));
        // 2/9/2027 Thursday → Friday 3/9.
        assert!(!is_working_day(d("2027-09-03")));
        assert!(is_working_day(d("2027-09-01")));
    }

    #[test]
    fn a_year_turn_is_handled() {
        // Wed 31/12/2025 + 1 = Fri 2/1/2026 (1/1 is a holiday).
        assert_eq!(add_working_days(d("2025-12-31"), 1), d("2026-01-02"));
    }

    #[test]
    fn five_working_days_across_tet_2026_by_hand() {
        // Received Thursday 12/2/2026, 5 working days (birth registration takes fewer; any
        // procedure of 5 days shows it). Counting by hand:
        //   Fri 13/2 = 1; Mon 16/2 (Tết eve) … Fri 20/2 (mùng 4) are off; Sat 21, Sun 22 weekend;
        //   Mon 23/2 = 2, Tue 24/2 = 3, Wed 25/2 = 4, Thu 26/2 = 5  → due Thursday 26/2/2026.
        assert_eq!(add_working_days(d("2026-02-12"), 5), d("2026-02-26"));
    }

    #[test]
    fn three_working_days_across_a_weekend_by_hand() {
        // Received Thursday 26/11/2026, 3 working days:
        //   Fri 27/11 = 1; Sat 28, Sun 29 skipped; Mon 30/11 = 2; Tue 1/12 = 3 → Tuesday 1/12/2026.
        assert_eq!(add_working_days(d("2026-11-26"), 3), d("2026-12-01"));
    }

    #[test]
    fn announced_swaps_change_the_count() {
        // A swap announced for Tết 2026: Saturday 7/2 is worked, Monday 23/2 is off.
        let swap = Amendments {
            off: [d("2026-02-23")].into(),
            work: [d("2026-02-07")].into(),
        };
        assert!(is_working_day_with(d("2026-02-07"), &swap));
        assert!(!is_working_day_with(d("2026-02-23"), &swap));
        // Thu 12/2 + 5: Fri 13 = 1; 16–22 off; Mon 23 now off; Tue 24 = 2, Wed 25 = 3,
        // Thu 26 = 4, Fri 27 = 5 → Friday 27/2 (one day later than without the swap).
        assert_eq!(
            add_working_days_with(d("2026-02-12"), 5, &swap),
            d("2026-02-27")
        );
        // Fri 6/2 + 1: the worked Saturday 7/2 counts.
        assert_eq!(
            add_working_days_with(d("2026-02-06"), 1, &swap),
            d("2026-02-07")
        );
    }

    #[test]
    fn days_left_count_working_days_both_ways() {
        let none = Amendments::none();
        // Thu 26/11 → due Tue 1/12: Fri 27, Mon 30, Tue 1 are left.
        assert_eq!(
            working_days_left(d("2026-11-26"), d("2026-12-01"), &none),
            3
        );
        assert_eq!(
            working_days_left(d("2026-12-01"), d("2026-12-01"), &none),
            0
        );
        // Due Thu 26/11, today Mon 30/11: Fri 27 and Mon 30 have passed → −2.
        assert_eq!(
            working_days_left(d("2026-11-30"), d("2026-11-26"), &none),
            -2
        );
    }
}
