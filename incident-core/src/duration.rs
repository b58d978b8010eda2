//! Durations in words, for clocks and ages: one formatter for every screen.

use crate::time::Timestamp;

/// A span of seconds as a clock shows it: `4:05` (minutes and seconds), `1 h 05 min`,
/// `2 d 3 h`. The sign is ignored.
pub fn span(seconds: i64) -> String {
    let s = seconds.abs();
    if s < 3600 {
        format!("{}:{:02}", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    }
}

/// "due in 4:05" or "overdue by 1:10", and whether it is overdue.
pub fn countdown(now: Timestamp, due: Timestamp) -> (String, bool) {
    let left = due.seconds_since(now);
    if left >= 0 {
        (format!("due in {}", span(left)), false)
    } else {
        (format!("overdue by {}", span(left)), true)
    }
}

/// How long ago `since` was, to the minute: `12 min`, `3 h 5 min`, `4 d` (never negative).
pub fn age(now: Timestamp, since: Timestamp) -> String {
    let minutes = now.minutes_since(since).max(0);
    match minutes {
        0..60 => format!("{minutes} min"),
        60..1440 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ => format!("{} d", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn spans_read_like_clocks() {
        assert_eq!(span(0), "0:00");
        assert_eq!(span(245), "4:05");
        assert_eq!(span(-70), "1:10");
        assert_eq!(span(3599), "59:59");
        assert_eq!(span(3600 + 5 * 60), "1 h 05 min");
        assert_eq!(span(2 * 86_400 + 3 * 3600 + 59), "2 d 3 h");
    }

    #[test]
    fn countdowns_say_due_or_overdue() {
        let now = t("2026-11-01T12:00:00Z");
        assert_eq!(
            countdown(now, t("2026-11-01T12:04:05Z")),
            ("due in 4:05".to_owned(), false)
        );
        assert_eq!(countdown(now, now), ("due in 0:00".to_owned(), false));
        assert_eq!(
            countdown(now, t("2026-11-01T11:58:50Z")),
            ("overdue by 1:10".to_owned(), true)
        );
    }

    #[test]
    fn ages_round_to_the_minute_and_never_go_negative() {
        let now = t("2026-11-01T12:00:00Z");
        assert_eq!(age(now, t("2026-11-01T11:48:30Z")), "11 min");
        assert_eq!(age(now, t("2026-11-01T08:55:00Z")), "3 h 5 min");
        assert_eq!(age(now, t("2026-10-28T12:00:00Z")), "4 d");
        assert_eq!(age(now, t("2026-11-01T12:30:00Z")), "0 min");
    }
}
