//! Time as profiles and reports show it: Unix seconds stored, RFC 3339 (UTC) printed, calendar
//! dates (YYYY-MM-DD) for the sandbox refresh, and "3 days ago" ages for listings.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

/// Now, in Unix seconds.
pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// `2026-11-22T14:05:00Z` for a Unix time (out-of-range times print as the raw number).
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{unix}"))
}

/// The UTC calendar date of a Unix time.
pub fn date_of(unix: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .map(|t| t.date())
}

/// Parses a calendar date written `YYYY-MM-DD` (a real date: 2026-02-30 is refused). The error says
/// what is expected.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let expected = || format!("{s:?} is not a date; expected YYYY-MM-DD, e.g. 2026-03-01");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(expected());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(expected());
    }
    let year: i32 = y.parse().map_err(|_| expected())?;
    let month: u8 = m.parse().map_err(|_| expected())?;
    let day: u8 = d.parse().map_err(|_| expected())?;
    let month = Month::try_from(month).map_err(|_| expected())?;
    Date::from_calendar_date(year, month, day).map_err(|_| expected())
}

/// A short age: "just now", "5 min ago", "3 h ago", "2 days ago", "in the future".
pub fn age(now: i64, then: i64) -> String {
    let secs = now - then;
    match secs {
        s if s < -60 => "in the future".to_string(),
        s if s < 60 => "just now".to_string(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s if s < 2 * 86_400 => "1 day ago".to_string(),
        s => format!("{} days ago", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_794_995_200), "2026-11-18T09:46:40Z");
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(parse_date("2026-03-01").unwrap().to_string(), "2026-03-01");
        for bad in [
            "2026-02-30",
            "2026-3-1",
            "01-03-2026",
            "yesterday",
            "",
            "2026-13-01",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{e}");
        }
    }

    #[test]
    fn ages() {
        assert_eq!(age(1000, 990), "just now");
        assert_eq!(age(10_000, 10_000 - 300), "5 min ago");
        assert_eq!(age(100_000, 100_000 - 7200), "2 h ago");
        assert_eq!(age(1_000_000, 1_000_000 - 3 * 86_400), "3 days ago");
        assert_eq!(age(0, 1000), "in the future");
    }
}
