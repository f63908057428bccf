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
//! Lunar dates come from [`LUNAR_HOLIDAYS`], a table of their solar dates for 2025–2030 (Vietnamese
//! calendar, UTC+7). Outside those years only the solar holidays are known, so due dates there may
//! come a few days early; extend the table before 2031.

use std::collections::BTreeSet;

use motcua_domain::Date;

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

/// True when public offices are open on `day`.
pub fn is_working_day(day: Date) -> bool {
    !is_weekend(day) && !days_off(day.year()).contains(&day)
}

/// The day `n` working days after `start` (the day of receipt does not count); `start` itself
/// when `n` is 0.
pub fn add_working_days(start: Date, n: u32) -> Date {
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
        if !is_weekend(day) && !off.contains(&day) {
            left -= 1;
        }
    }
    day
}

/// Working days from `start` to `end`: those after `start`, up to and including `end` (0 when
/// `end` is not after `start`), so `working_days_between(d, add_working_days(d, n)) == n`.
pub fn working_days_between(start: Date, end: Date) -> u32 {
    let mut off = days_off(start.year());
    let mut year = start.year();
    let mut day = start;
    let mut count = 0;
    while day < end {
        day = plus(day, 1);
        if day.year() != year {
            year = day.year();
            off = days_off(year);
        }
        if !is_weekend(day) && !off.contains(&day) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn working_days_between_inverts_add_working_days() {
        for (start, n) in [
            ("2026-02-10", 5),
            ("2026-12-28", 7),
            ("2026-04-24", 3),
            ("2026-06-01", 0),
        ] {
            let start = d(start);
            assert_eq!(working_days_between(start, add_working_days(start, n)), n);
        }
        assert_eq!(working_days_between(d("2026-06-05"), d("2026-06-01")), 0);
    }
}
