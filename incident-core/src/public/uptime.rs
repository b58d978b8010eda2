//! A component's uptime: day by day, its public impact as it changed over each incident (not at
//! its worst for the whole incident), its maintenance, and the share of each day counted as
//! downtime by the [`Weights`] of each impact.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::time::Timestamp;

use super::{ComponentStatus, PublicSite};

/// How much of a minute at each impact counts as downtime, from 0 (not at all) to 1 (in full).
/// Vendors differ (a partial outage counts 0.3, 0.5 or 1.0): the weights are printed wherever
/// uptime is shown, so a reader can redo the sum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub major: f64,
    pub partial: f64,
    pub degraded: f64,
    pub maintenance: f64,
}

impl Default for Weights {
    /// A major outage in full, a partial outage at 30 %, degraded performance and maintenance
    /// not at all.
    fn default() -> Self {
        Weights {
            major: 1.0,
            partial: 0.3,
            degraded: 0.0,
            maintenance: 0.0,
        }
    }
}

impl From<crate::model::UptimeWeights> for Weights {
    fn from(w: crate::model::UptimeWeights) -> Self {
        let f = |p: u8| f64::from(p.min(100)) / 100.0;
        Weights {
            major: f(w.major_outage),
            partial: f(w.partial_outage),
            degraded: f(w.degraded_performance),
            maintenance: f(w.maintenance),
        }
    }
}

/// One day of a component's uptime.
#[derive(Debug, Clone, PartialEq)]
pub struct UptimeDay {
    /// `2026-03-05`
    pub date: String,
    /// The worst impact of an incident that day, if any.
    pub worst: Option<ComponentStatus>,
    pub major_minutes: i64,
    pub partial_minutes: i64,
    pub degraded_minutes: i64,
    pub maintenance_minutes: i64,
    /// The minutes of the day that count (a day in the future counts none; today, until now).
    pub minutes: i64,
    /// The minutes counted as downtime by the weights (at most `minutes`).
    pub down_minutes: f64,
    /// Titles of the public incidents that touched the component that day, one per incident
    /// (two incidents of the same title are two).
    pub incidents: Vec<String>,
}

impl UptimeDay {
    /// The day's uptime in percent (100 for a day with no minutes counted).
    pub fn percent(&self) -> f64 {
        percent(self.down_minutes, self.minutes as f64)
    }
}

fn percent(down: f64, total: f64) -> f64 {
    if total > 0.0 {
        100.0 * (1.0 - down / total)
    } else {
        100.0
    }
}

/// A component's last `days` days (ending with the day of `now`) and its uptime percentage over
/// them, by the site's [`Weights`].
pub fn uptime(site: &PublicSite, component: &str, days: i64) -> (Vec<UptimeDay>, f64) {
    let today = site.now.datetime().date_naive();
    let first = today - Duration::days(days - 1);
    uptime_days(site, component, first, days, &site.weights())
}

/// `component`'s `days` days from `first`, and its uptime percentage over them, by `weights`.
/// Each incident counts at each impact it had, for as long as it had it; maintenance in
/// progress counts at its weight.
pub fn uptime_days(
    site: &PublicSite,
    component: &str,
    first: NaiveDate,
    days: i64,
    weights: &Weights,
) -> (Vec<UptimeDay>, f64) {
    let at = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|d| Timestamp::from_datetime(Utc.from_utc_datetime(&d)))
    };
    let range_start = at(first).unwrap_or(site.now);
    let range_end = at(first + Duration::days(days)).unwrap_or(site.now);
    // Only incidents and windows that touch this component and overlap the range, once.
    let spans: Vec<(&str, &str, ComponentStatus, Timestamp, Timestamp)> = site
        .incidents
        .iter()
        .filter(|i| i.window(site.now).1 >= range_start && i.started_at <= range_end)
        .flat_map(|i| {
            i.impact_spans(site.now)
                .into_iter()
                .filter(|s| s.component == component)
                .map(move |s| (i.id.as_str(), i.title.as_str(), s.impact, s.from, s.to))
        })
        .collect();
    let windows: Vec<(Timestamp, Timestamp)> = site
        .maintenances
        .iter()
        .filter(|m| m.components.iter().any(|c| c.id == component))
        .filter_map(|m| {
            let from = m.started_at?;
            Some((from, m.completed_at.unwrap_or(site.now).max(from)))
        })
        .filter(|w| w.1 >= range_start && w.0 <= range_end)
        .collect();
    let mut out = Vec::new();
    let (mut down, mut total) = (0.0f64, 0.0f64);
    for n in 0..days {
        let date = first + Duration::days(n);
        let Some(start) = at(date) else {
            continue;
        };
        let end = start.plus_minutes(24 * 60).min(site.now);
        let mut day = UptimeDay {
            date: date.to_string(),
            worst: None,
            major_minutes: 0,
            partial_minutes: 0,
            degraded_minutes: 0,
            maintenance_minutes: 0,
            minutes: end.minutes_since(start).max(0),
            down_minutes: 0.0,
            incidents: Vec::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        for &(id, title, impact, from, to) in &spans {
            let overlap = to.min(end).minutes_since(from.max(start));
            if overlap < 0 || (overlap == 0 && !(from >= start && from < end)) {
                continue;
            }
            match impact {
                ComponentStatus::MajorOutage => day.major_minutes += overlap,
                ComponentStatus::PartialOutage => day.partial_minutes += overlap,
                ComponentStatus::DegradedPerformance => day.degraded_minutes += overlap,
                ComponentStatus::UnderMaintenance | ComponentStatus::Operational => {}
            }
            day.worst = day.worst.max(Some(impact));
            if !seen.contains(&id) {
                seen.push(id);
                day.incidents.push(title.to_owned());
            }
        }
        for &(from, to) in &windows {
            day.maintenance_minutes += to.min(end).minutes_since(from.max(start)).max(0);
        }
        day.down_minutes = (day.major_minutes as f64 * weights.major
            + day.partial_minutes as f64 * weights.partial
            + day.degraded_minutes as f64 * weights.degraded
            + day.maintenance_minutes as f64 * weights.maintenance)
            .min(day.minutes as f64);
        total += day.minutes as f64;
        down += day.down_minutes;
        out.push(day);
    }
    (out, percent(down, total))
}
