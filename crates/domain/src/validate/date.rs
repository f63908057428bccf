//! Calendar dates as `<input type=date>` sends them (`yyyy-mm-dd`), and dates of birth.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Problem;
use crate::text::Localized;

/// A proleptic Gregorian calendar date. Serialized as `yyyy-mm-dd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing typed.
    #[error("nhập ngày / enter a date")]
    Empty,
    /// Not `yyyy-mm-dd`.
    #[error("ngày phải có dạng năm-tháng-ngày / a date must be year-month-day")]
    Format,
    /// Such a day does not exist (e.g. 31 April).
    #[error("ngày không có thật / that date does not exist")]
    NoSuchDay,
    /// After today.
    #[error("ngày không được ở tương lai / the date must not be in the future")]
    InFuture,
    /// Before 1 January 1900.
    #[error("ngày phải từ năm 1900 / the date must be in 1900 or later")]
    TooOld,
}

impl Problem for DateError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::Format => "invalid_date",
            Self::NoSuchDay => "no_such_date",
            Self::InFuture => "date_in_future",
            Self::TooOld => "date_too_old",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new("Nhập ngày", "Enter a date"),
            Self::Format => Localized::new(
                "Nhập ngày theo dạng ngày, tháng, năm, ví dụ 27 3 2007",
                "Enter the date as day, month and year, for example 27 3 2007",
            ),
            Self::NoSuchDay => Localized::new(
                "Ngày này không có thật, kiểm tra lại ngày và tháng",
                "That date does not exist: check the day and month",
            ),
            Self::InFuture => Localized::new(
                "Ngày phải là hôm nay hoặc trước hôm nay",
                "The date must be today or in the past",
            ),
            Self::TooOld => Localized::new(
                "Ngày phải từ năm 1900 trở đi",
                "The date must be in 1900 or later",
            ),
        }
    }
}

/// The number of days in a month of a year.
fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// A date from its parts, `None` when it does not exist (years 1–9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Self { year, month, day })
    }

    /// Parses `yyyy-mm-dd` (surrounding whitespace ignored). Also accepts the date part of an
    /// RFC 3339 timestamp (`2026-11-25T08:00:00Z`) so server times can be compared with dates.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        let s = match s.split_once('T') {
            Some((date, _)) => date,
            None => s,
        };
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(DateError::Format);
        }
        let num =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let month = u8::try_from(month).map_err(|_| DateError::NoSuchDay)?;
        let day = u8::try_from(day).map_err(|_| DateError::NoSuchDay)?;
        Self::new(year, month, day).ok_or(DateError::NoSuchDay)
    }

    /// Parses a date that must lie between 1 January 1900 and `today`, inclusive.
    pub fn parse_past(input: &str, today: Date) -> Result<Self, DateError> {
        let d = Self::parse(input)?;
        if d > today {
            Err(DateError::InFuture)
        } else if d.year < 1900 {
            Err(DateError::TooOld)
        } else {
            Ok(d)
        }
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Completed years from `self` (a birth date) to `on`; 0 when `on` is earlier. A person born
    /// on 29 February comes of age on 1 March in common years.
    pub fn age_on(self, on: Date) -> u32 {
        if on < self {
            return 0;
        }
        let mut years = u32::from(on.year - self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// Days since 1970-01-01 (negative before), for arithmetic such as due dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; `None` outside years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The calendar date in Vietnam (UTC+7) at a Unix time in milliseconds, e.g. from
    /// `Date.now()` in the browser or the server clock: how callers obtain `today`.
    pub fn in_vietnam_at_unix_ms(unix_ms: u64) -> Self {
        let days = (unix_ms / 1000 + 7 * 3600) / 86_400;
        Self::from_days_since_epoch(i64::try_from(days).unwrap_or(i64::MAX)).unwrap_or(Self {
            year: 9999,
            month: 12,
            day: 31,
        })
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.days_since_epoch() + 3).rem_euclid(7) as u8 + 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Date> for String {
    fn from(value: Date) -> Self {
        value.to_string()
    }
}

/// A date of birth: a real date, not after today and not before 1900.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateOfBirth(Date);

impl DateOfBirth {
    /// Parses `yyyy-mm-dd` and checks it against `today` (passed in: this crate has no clock).
    pub fn parse(input: &str, today: Date) -> Result<Self, DateError> {
        Date::parse_past(input, today).map(Self)
    }

    /// The date.
    pub fn date(self) -> Date {
        self.0
    }

    /// Age in completed years on a day.
    pub fn age_on(self, on: Date) -> u32 {
        self.0.age_on(on)
    }
}
