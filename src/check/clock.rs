//! Clock comparison: local UTC against the server's `Date` header or `serverTime` value. NetSuite
//! rejects signatures whose timestamp is more than 5 minutes off (`InvalidTimestamp`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Skew beyond which every signed request fails (`InvalidTimestamp`): 5 minutes.
pub const ERROR_SKEW_SECS: i64 = 300;
/// Skew worth a warning: 1 minute.
pub const WARN_SKEW_SECS: i64 = 60;

/// Earliest server time taken as real: 2020-01-01T00:00:00Z. A `Date` before it (a 1970 epoch
/// from a broken proxy or appliance) says nothing about this computer's clock; NetSuite's own
/// clock is synchronised.
pub const PLAUSIBLE_FROM_UNIX: u64 = 1_577_836_800;
/// Latest server time taken as real: 2100-01-01T00:00:00Z.
pub const PLAUSIBLE_UNTIL_UNIX: u64 = 4_102_444_800;

/// True when a server-reported time can be compared with the local clock. (The local clock is
/// never judged this way: a computer stuck in 1970 against a 2026 server is exactly the skew the
/// clock check must report.)
pub fn plausible(server: SystemTime) -> bool {
    server
        .duration_since(UNIX_EPOCH)
        .is_ok_and(|d| (PLAUSIBLE_FROM_UNIX..PLAUSIBLE_UNTIL_UNIX).contains(&d.as_secs()))
}

/// Local minus server, in whole seconds (positive: the local clock is ahead).
pub fn skew_secs(local: SystemTime, server: SystemTime) -> i64 {
    match local.duration_since(server) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// "3 min 20 s ahead of" / "45 s behind" the server, for messages.
pub fn describe(skew: i64) -> String {
    let abs = skew.unsigned_abs();
    let amount = if abs >= 60 {
        format!("{} min {} s", abs / 60, abs % 60)
    } else {
        format!("{abs} s")
    };
    let dir = if skew >= 0 { "ahead of" } else { "behind" };
    format!("{amount} {dir}")
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses NetSuite's `serverTime` (`2025-03-26T16:21:00.000Z`, UTC; fraction optional).
pub fn parse_server_time(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_ascii() {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    if b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let rest = &s[19..];
    let rest = match rest.strip_prefix('.') {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if !(rest.eq_ignore_ascii_case("z") || rest == "+00:00") {
        return None;
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    u64::try_from(secs)
        .ok()
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_server_time() {
        let t = parse_server_time("2025-03-26T16:21:00.000Z").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_743_006_060
        );
        assert_eq!(parse_server_time("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        assert!(parse_server_time("2025-13-26T16:21:00Z").is_none());
        assert!(parse_server_time("garbage").is_none());
        assert!(parse_server_time("2025-03-26T16:21:00+02:00").is_none());
        assert!(parse_server_time("２０２５-03-26T16:21:00.000Z").is_none());
    }

    #[test]
    fn agrees_with_http_date() {
        let a = parse_server_time("2015-10-21T07:28:00Z").unwrap();
        let b = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn only_plausible_server_times_count() {
        assert!(!plausible(UNIX_EPOCH));
        assert!(!plausible(
            httpdate::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").unwrap()
        ));
        assert!(!plausible(
            httpdate::parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT").unwrap()
        ));
        assert!(!plausible(
            UNIX_EPOCH + Duration::from_secs(PLAUSIBLE_FROM_UNIX - 1)
        ));
        assert!(plausible(
            UNIX_EPOCH + Duration::from_secs(PLAUSIBLE_FROM_UNIX)
        ));
        assert!(plausible(
            parse_server_time("2025-03-26T16:21:00.000Z").unwrap()
        ));
        assert!(plausible(SystemTime::now()));
    }

    #[test]
    fn skew_sign_and_words() {
        let now = UNIX_EPOCH + Duration::from_secs(1000);
        assert_eq!(skew_secs(now, now - Duration::from_secs(600)), 600);
        assert_eq!(skew_secs(now, now + Duration::from_secs(30)), -30);
        assert_eq!(describe(600), "10 min 0 s ahead of");
        assert_eq!(describe(-45), "45 s behind");
    }

    /// Pins each boundary of the parser and the words, one rule per assertion (mutation tests).
    mod mutation_tests {
        use super::*;

        fn secs(s: &str) -> Option<u64> {
            parse_server_time(s).map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs())
        }

        #[test]
        fn every_day_agrees_with_http_date() {
            // A stride that is not a whole number of days walks every month, leap days and
            // second-of-day positions from 1970 to 2099; httpdate's calendar is the oracle.
            let mut t: u64 = 0;
            while t < PLAUSIBLE_UNTIL_UNIX {
                let iso = iso8601(&httpdate::fmt_http_date(
                    UNIX_EPOCH + Duration::from_secs(t),
                ));
                assert_eq!(secs(&iso), Some(t), "{iso}");
                t += 86_400 * 3 + 3_607;
            }
            // Century rules (Python's calendar.timegm as the oracle).
            assert_eq!(secs("2000-02-29T00:00:00Z"), Some(951_782_400));
            assert_eq!(secs("2024-02-29T23:59:59Z"), Some(1_709_251_199));
            assert_eq!(secs("2100-03-01T00:00:00Z"), Some(4_107_542_400));
            assert_eq!(secs("1972-12-31T23:59:59Z"), Some(94_694_399));
        }

        /// `Wed, 21 Oct 2015 07:28:00 GMT` → `2015-10-21T07:28:00Z`.
        fn iso8601(http: &str) -> String {
            let p: Vec<&str> = http.split(' ').collect();
            let months = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let mo = months.iter().position(|m| *m == p[2]).unwrap() + 1;
            format!("{}-{mo:02}-{}T{}Z", p[3], p[1], p[4])
        }

        #[test]
        fn separators_and_zone_forms() {
            let base = secs("2025-03-26T16:21:00Z").unwrap();
            assert_eq!(secs("2025-03-26t16:21:00Z"), Some(base));
            assert_eq!(secs("2025-03-26 16:21:00Z"), Some(base));
            assert_eq!(secs("2025-03-26T16:21:00z"), Some(base));
            assert_eq!(secs("2025-03-26T16:21:00+00:00"), Some(base));
            assert_eq!(secs("2025-03-26T16:21:00.5Z"), Some(base));
            assert_eq!(secs("  2025-03-26T16:21:00.123456Z \n"), Some(base));
            for bad in [
                "2025/03-26T16:21:00Z",
                "2025-03/26T16:21:00Z",
                "2025-03-26X16:21:00Z",
                "2025-03-26T16-21:00Z",
                "2025-03-26T16:21-00Z",
                "2025-03-26T16:21:00",
                "2025-03-26T16:21:00.Zx",
                "2025-03-26T16:21:00-00:00",
            ] {
                assert_eq!(secs(bad), None, "{bad}");
            }
        }

        #[test]
        fn field_ranges_are_inclusive_at_their_real_limits() {
            let day = secs("2025-03-26T00:00:00Z").unwrap();
            assert_eq!(secs("2025-03-26T23:59:59Z"), Some(day + 86_399));
            assert_eq!(secs("2025-03-26T23:59:60Z"), Some(day + 86_400)); // a leap second
            assert_eq!(secs("2025-03-26T24:00:00Z"), None);
            assert_eq!(secs("2025-03-26T23:60:00Z"), None);
            assert_eq!(secs("2025-03-26T23:59:61Z"), None);
            assert_eq!(secs("2025-00-26T00:00:00Z"), None);
            assert!(secs("2025-12-26T00:00:00Z").is_some());
            assert_eq!(secs("2025-03-00T00:00:00Z"), None);
            assert_eq!(secs("2025-03-32T00:00:00Z"), None);
            assert_eq!(secs("2025-03-31T00:00:00Z"), Some(day + 5 * 86_400));
            assert_eq!(secs("2025-01-01T00:00:00Z"), Some(1_735_689_600));
            // Exactly 20 characters is the shortest full form; 19 is too short.
            assert_eq!("2025-03-26T16:21:00Z".len(), 20);
            assert!(secs("2025-03-26T16:21:00Z").is_some());
            assert_eq!(secs("2025-03-26T16:21:0Z"), None);
            // Anything shorter is refused before a byte is looked at (never an index panic).
            for short in ["", "2", "2025-", "2025-03-26", "2025-03-26T16:21"] {
                assert_eq!(secs(short), None, "{short:?}");
            }
            // Before the epoch there is no SystemTime to give back from this parser.
            assert_eq!(secs("1969-12-31T23:59:59Z"), None);
        }

        #[test]
        fn plausible_ends_before_2100() {
            assert!(plausible(
                UNIX_EPOCH + Duration::from_secs(PLAUSIBLE_UNTIL_UNIX - 1)
            ));
            assert!(!plausible(
                UNIX_EPOCH + Duration::from_secs(PLAUSIBLE_UNTIL_UNIX)
            ));
        }

        #[test]
        fn words_at_the_minute_and_at_zero() {
            assert_eq!(describe(0), "0 s ahead of");
            assert_eq!(describe(59), "59 s ahead of");
            assert_eq!(describe(60), "1 min 0 s ahead of");
            assert_eq!(describe(-61), "1 min 1 s behind");
            assert_eq!(describe(200), "3 min 20 s ahead of");
            assert_eq!(describe(-1), "1 s behind");
        }

        #[test]
        fn skew_is_exact_and_saturates() {
            let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
            assert_eq!(skew_secs(now, now), 0);
            assert_eq!(skew_secs(now, now - Duration::from_millis(1500)), 1);
            assert_eq!(skew_secs(now - Duration::from_millis(1500), now), -1);
            let far = UNIX_EPOCH + Duration::from_secs(i64::MAX as u64);
            let early = UNIX_EPOCH - Duration::from_secs(i64::MAX as u64);
            assert_eq!(skew_secs(far, early), i64::MAX);
            assert_eq!(skew_secs(early, far), -i64::MAX);
        }
    }
}
