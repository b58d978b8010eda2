//! A component's uptime bar: its worst public impact day by day and its uptime percentage.

use crate::time::Timestamp;

use super::{ComponentStatus, PublicIncident, PublicSite};

/// One day of a component's uptime bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UptimeDay {
    /// `2026-03-05`
    pub date: String,
    /// The worst impact that day, if any.
    pub worst: Option<ComponentStatus>,
    pub major_minutes: i64,
    pub partial_minutes: i64,
    pub degraded_minutes: i64,
    /// Titles of the public incidents that touched the component that day.
    pub incidents: Vec<String>,
}

/// A component's last `days` days (ending with the day of `now`) and its uptime percentage over
/// them. A major outage counts as downtime in full, a partial outage at 30 %, degraded
/// performance not at all; maintenance is never downtime.
pub fn uptime(site: &PublicSite, component: &str, days: i64) -> (Vec<UptimeDay>, f64) {
    use chrono::{Duration, TimeZone, Utc};
    let today = site.now.datetime().date_naive();
    // Only incidents that touch this component and overlap the range are looked at per day.
    let range_start = today
        .checked_sub_signed(Duration::days(days))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(Timestamp::from_unix_millis(0).unwrap_or(site.now), |d| {
            Timestamp::from_datetime(Utc.from_utc_datetime(&d))
        });
    let relevant: Vec<(&PublicIncident, ComponentStatus, (Timestamp, Timestamp))> = site
        .incidents
        .iter()
        .filter_map(|i| {
            let a = i.components.iter().find(|a| a.id == component)?;
            let window = i.window(site.now);
            (window.1 >= range_start).then_some((i, a.impact, window))
        })
        .collect();
    let mut out = Vec::new();
    let mut down = 0.0f64;
    let mut total = 0.0f64;
    for back in (0..days).rev() {
        let date = today - Duration::days(back);
        let Some(start) = date.and_hms_opt(0, 0, 0) else {
            continue;
        };
        let start = Timestamp::from_datetime(Utc.from_utc_datetime(&start));
        let end = start.plus_minutes(24 * 60).min(site.now);
        let mut day = UptimeDay {
            date: date.to_string(),
            worst: None,
            major_minutes: 0,
            partial_minutes: 0,
            degraded_minutes: 0,
            incidents: Vec::new(),
        };
        for &(i, impact, (from, to)) in &relevant {
            let overlap = to.min(end).minutes_since(from.max(start));
            if overlap < 0 || (overlap == 0 && !(from >= start && from < end)) {
                continue;
            }
            match impact {
                ComponentStatus::MajorOutage => day.major_minutes += overlap,
                ComponentStatus::PartialOutage => day.partial_minutes += overlap,
                _ => day.degraded_minutes += overlap,
            }
            day.worst = day.worst.max(Some(impact));
            day.incidents.push(i.title.clone());
        }
        let minutes = end.minutes_since(start).max(0) as f64;
        total += minutes;
        down += (day.major_minutes as f64 + 0.3 * day.partial_minutes as f64).min(minutes);
        out.push(day);
    }
    let pct = if total > 0.0 {
        100.0 * (1.0 - down / total)
    } else {
        100.0
    };
    (out, pct)
}
