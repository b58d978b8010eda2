//! A component's uptime: day by day, its public impact as it changed over each incident (not at
//! its worst for the whole incident), its maintenance, and the share of each day counted as
//! downtime by the [`Weights`] of each impact.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::time::Timestamp;

use super::{ComponentStatus, PublicIncident, PublicSite};

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
    let (start, end) = range(site.now, first, days);
    Spans::within(site, |i| {
        i.window(site.now).1 >= start && i.started_at <= end
    })
    .days(component, first, days, weights)
}

/// The instant a day starts at (UTC), if it is one.
fn midnight(d: NaiveDate) -> Option<Timestamp> {
    d.and_hms_opt(0, 0, 0)
        .map(|d| Timestamp::from_datetime(Utc.from_utc_datetime(&d)))
}

/// The instants `days` days from `first` start and end at (`now` for a date out of range).
fn range(now: Timestamp, first: NaiveDate, days: i64) -> (Timestamp, Timestamp) {
    (
        midnight(first).unwrap_or(now),
        midnight(first + Duration::days(days)).unwrap_or(now),
    )
}

/// One incident's impact on one component for a while.
#[derive(Debug)]
struct Span<'a> {
    id: &'a str,
    title: &'a str,
    impact: ComponentStatus,
    from: Timestamp,
    to: Timestamp,
    /// The incident's start and the end of its window.
    started_at: Timestamp,
    until: Timestamp,
}

/// The impact spans of every incident of a site, by component, and its maintenance windows,
/// worked out once for many ranges: the monthly pages ask for each component in each month
/// (at 10,000 incidents, working them out for each was a quarter of the site's render).
#[derive(Debug)]
pub struct Spans<'a> {
    now: Timestamp,
    /// Each component's spans, in the site's order of incidents.
    incidents: BTreeMap<&'a str, Vec<Span<'a>>>,
    /// Each maintenance window that started: its components, from, to.
    windows: Vec<(Vec<&'a str>, Timestamp, Timestamp)>,
}

impl<'a> Spans<'a> {
    pub fn of(site: &'a PublicSite) -> Spans<'a> {
        Spans::within(site, |_| true)
    }

    /// The spans of the incidents `keep` keeps (and every maintenance window).
    fn within(site: &'a PublicSite, keep: impl Fn(&PublicIncident) -> bool) -> Spans<'a> {
        let now = site.now;
        let mut incidents: BTreeMap<&str, Vec<Span<'_>>> = BTreeMap::new();
        for i in site.incidents.iter().filter(|i| keep(i)) {
            let until = i.window(now).1;
            for s in i.impact_spans(now) {
                incidents.entry(s.component).or_default().push(Span {
                    id: &i.id,
                    title: &i.title,
                    impact: s.impact,
                    from: s.from,
                    to: s.to,
                    started_at: i.started_at,
                    until,
                });
            }
        }
        let windows = site
            .maintenances
            .iter()
            .filter_map(|m| {
                let from = m.started_at?;
                let components = m.components.iter().map(|c| c.id.as_str()).collect();
                Some((components, from, m.completed_at.unwrap_or(now).max(from)))
            })
            .collect();
        Spans {
            now,
            incidents,
            windows,
        }
    }

    /// [`uptime_days`] from these spans.
    pub fn days(
        &self,
        component: &str,
        first: NaiveDate,
        days: i64,
        weights: &Weights,
    ) -> (Vec<UptimeDay>, f64) {
        let now = self.now;
        let (range_start, range_end) = range(now, first, days);
        // Only incidents and windows that touch this component and overlap the range.
        let spans: Vec<(&str, &str, ComponentStatus, Timestamp, Timestamp)> = self
            .incidents
            .get(component)
            .into_iter()
            .flatten()
            .filter(|s| s.until >= range_start && s.started_at <= range_end)
            .map(|s| (s.id, s.title, s.impact, s.from, s.to))
            .collect();
        let windows: Vec<(Timestamp, Timestamp)> = self
            .windows
            .iter()
            .filter(|(components, _, _)| components.contains(&component))
            .map(|&(_, from, to)| (from, to))
            .filter(|w| w.1 >= range_start && w.0 <= range_end)
            .collect();
        let mut out = Vec::new();
        let (mut down, mut total) = (0.0f64, 0.0f64);
        for n in 0..days {
            let date = first + Duration::days(n);
            let Some(start) = midnight(date) else {
                continue;
            };
            let end = start.plus_minutes(24 * 60).min(now);
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
}
