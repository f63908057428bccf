//! The server clock: receive times (RFC 3339 UTC) and today's date in Vietnam.

use std::time::{SystemTime, UNIX_EPOCH};

use motcua_domain::Date;

/// One reading of the server clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Milliseconds since the Unix epoch.
    pub unix_ms: u64,
}

impl Now {
    /// The current time.
    pub fn read() -> Self {
        let unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        Self { unix_ms }
    }

    /// The calendar date in Vietnam (UTC+7), what deadlines count from.
    pub fn vietnam_date(self) -> Date {
        Date::in_vietnam_at_unix_ms(self.unix_ms)
    }

    /// RFC 3339 in UTC with whole seconds, e.g. `2026-11-25T08:15:00Z`.
    pub fn rfc3339(self) -> String {
        let secs = self.unix_ms / 1000;
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let of_day = secs % 86_400;
        let date = Date::from_days_since_epoch(days)
            .map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        format!(
            "{date}T{:02}:{:02}:{:02}Z",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_and_vietnam_date() {
        // 2026-11-25T17:30:05Z is already 26 November in Vietnam.
        let now = Now {
            unix_ms: 1_795_627_805_000,
        };
        assert_eq!(now.rfc3339(), "2026-11-25T17:30:05Z");
        assert_eq!(now.vietnam_date().to_string(), "2026-11-26");
    }
}
