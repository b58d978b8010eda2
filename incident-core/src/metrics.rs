//! Measuring the response, as the playbook's review asks: incidents per week by severity, median
//! time to acknowledge and to resolve by severity (medians, since a few long incidents make
//! means mislead), response-SLA compliance, update-cadence compliance, post-mortems done within
//! their due time, and open action items by age. Drills are left out unless asked for.
//!
//! Definitions (shown on the metrics page too):
//! - **MTTA**: median minutes from declaration to acknowledgement, of acknowledged incidents.
//! - **MTTR**: median minutes from the start of the problem to resolution, of resolved incidents.
//! - **Response SLA met**: acknowledged within the severity's response time (as
//!   [`crate::ops::response_sla`] decides it); incidents without a timed SLA are not counted.
//! - **Update cadence met**: of the intervals an open incident had to post an update (from
//!   declaration, then from each update, to the next update or resolution), the share where the
//!   next update came within the severity's cadence.
//! - **Post-mortem on time**: of resolved incidents with a post-mortem due by now, the share whose
//!   post-mortem was published within the playbook's hours after resolution.

use chrono::{Datelike, Duration, NaiveDate};

use crate::model::{ActionStatus, Incident, Settings, Severity};
use crate::ops::{self, Sla};
use crate::playbook::Playbook;
use crate::time::Timestamp;

/// The median of `xs` (the mean of the middle two for an even count), or `None` when empty.
pub fn median(xs: &[i64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    crate::sort::ascending(&mut v);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// A share: how many of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Share {
    pub met: usize,
    pub of: usize,
}

impl Share {
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| self.met as f64 * 100.0 / self.of as f64)
    }
}

/// One severity's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct BySeverity {
    pub severity: Severity,
    pub incidents: usize,
    pub mtta_minutes: Option<f64>,
    pub mttr_minutes: Option<f64>,
    /// The response-time target, the reference line of the MTTA chart.
    pub sla_minutes: Option<u32>,
    pub sla: Share,
    pub cadence: Share,
}

/// Incidents of one week (Monday to Sunday, UTC), by severity (SEV1..SEV4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
    pub counts: [usize; 4],
}

/// Open action items by age since creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionAges {
    pub under_week: usize,
    pub one_to_four_weeks: usize,
    pub over_four_weeks: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub incidents: usize,
    pub drills_included: bool,
    pub weeks: Vec<Week>,
    pub by_severity: Vec<BySeverity>,
    pub postmortems_on_time: Share,
    pub action_items: ActionAges,
}

/// What the metrics cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// Incidents that started on or after this time.
    pub since: Timestamp,
    pub now: Timestamp,
    pub include_drills: bool,
    /// How many weeks the weekly chart shows (ending with the week of `now`).
    pub weeks: usize,
}

/// The intervals in which an update was due, and whether each was met.
fn cadence_share(i: &Incident, playbook: &Playbook, now: Timestamp) -> Share {
    let mut share = Share::default();
    let Some(cadence) = playbook.update_minutes(i.severity) else {
        return share;
    };
    let end = i.resolved_at.unwrap_or(now);
    let mut times: Vec<Timestamp> = i
        .updates
        .iter()
        .map(|u| u.at)
        .filter(|t| *t <= end)
        .collect();
    crate::sort::ascending(&mut times);
    let mut from = i.declared_at;
    for t in times.into_iter().chain(std::iter::once(end)) {
        if t <= from {
            continue;
        }
        share.of += 1;
        if t.minutes_since(from) <= i64::from(cadence) {
            share.met += 1;
        }
        from = t;
    }
    share
}

fn week_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

pub fn compute(incidents: &[Incident], settings: &Settings, scope: Scope) -> Metrics {
    let playbook = &settings.playbook;
    let chosen: Vec<&Incident> = incidents
        .iter()
        .filter(|i| scope.include_drills || !i.drill)
        .filter(|i| i.started_at >= scope.since && i.started_at <= scope.now)
        .collect();
    let this_week = week_of(scope.now.datetime().date_naive());
    let mut weeks: Vec<Week> = (0..scope.weeks)
        .rev()
        .map(|k| Week {
            monday: this_week - Duration::weeks(k as i64),
            counts: [0; 4],
        })
        .collect();
    for i in &chosen {
        let w = week_of(i.started_at.datetime().date_naive());
        if let Some(week) = weeks.iter_mut().find(|x| x.monday == w) {
            week.counts[usize::from(i.severity.number()) - 1] += 1;
        }
    }
    let by_severity = Severity::ALL
        .into_iter()
        .map(|sev| {
            let of: Vec<&&Incident> = chosen.iter().filter(|i| i.severity == sev).collect();
            let mtta: Vec<i64> = of
                .iter()
                .filter_map(|i| i.acknowledged_at.map(|a| a.minutes_since(i.declared_at)))
                .collect();
            let mttr: Vec<i64> = of
                .iter()
                .filter_map(|i| i.resolved_at.map(|r| r.minutes_since(i.started_at)))
                .collect();
            let mut sla = Share::default();
            let mut cadence = Share::default();
            for i in &of {
                match ops::response_sla(i, playbook, &settings.business_hours, scope.now) {
                    Sla::Met { .. } => {
                        sla.met += 1;
                        sla.of += 1;
                    }
                    Sla::Missed { .. } => sla.of += 1,
                    Sla::Running { overdue: true, .. } => sla.of += 1,
                    _ => {}
                }
                let c = cadence_share(i, playbook, scope.now);
                cadence.met += c.met;
                cadence.of += c.of;
            }
            BySeverity {
                severity: sev,
                incidents: of.len(),
                mtta_minutes: median(&mtta),
                mttr_minutes: median(&mttr),
                sla_minutes: playbook.response_minutes(sev),
                sla,
                cadence,
            }
        })
        .collect();
    let due_hours = i64::from(playbook.postmortem_due_hours);
    let mut postmortems_on_time = Share::default();
    for i in &chosen {
        let Some(resolved) = i.resolved_at else {
            continue;
        };
        let due = resolved.plus_minutes(due_hours * 60);
        let published = i
            .postmortem
            .as_ref()
            .filter(|p| p.published)
            .and_then(|p| p.published_at);
        // Counted once it is due, or once it is published.
        if scope.now >= due || published.is_some() {
            postmortems_on_time.of += 1;
            if published.is_some_and(|p| p <= due) {
                postmortems_on_time.met += 1;
            }
        }
    }
    let today = scope.now.datetime().date_naive();
    let mut action_items = ActionAges::default();
    for i in &chosen {
        for a in i
            .action_items
            .iter()
            .filter(|a| a.status != ActionStatus::Done)
        {
            let days = scope.now.minutes_since(a.created_at) / 1440;
            match days {
                d if d < 7 => action_items.under_week += 1,
                d if d < 28 => action_items.one_to_four_weeks += 1,
                _ => action_items.over_four_weeks += 1,
            }
            if a.due.is_some_and(|d| d < today) {
                action_items.overdue += 1;
            }
        }
    }
    Metrics {
        incidents: chosen.len(),
        drills_included: scope.include_drills,
        weeks,
        by_severity,
        postmortems_on_time,
        action_items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_not_means() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[1, 100, 3]), Some(3.0));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn sample_metrics_leave_drills_out_by_default_and_count_weeks() {
        let now = Timestamp::parse("2026-11-26T09:00:00Z").unwrap();
        let b = crate::sample::generate(&crate::sample::SampleOptions {
            incidents: 200,
            seed: 3,
            now,
        });
        let scope = Scope {
            since: now.plus_minutes(-2 * 365 * 1440),
            now,
            include_drills: false,
            weeks: 12,
        };
        let m = compute(&b.incidents, &b.settings, scope);
        let drills = b.incidents.iter().filter(|i| i.drill).count();
        assert!(drills > 0);
        let all = compute(
            &b.incidents,
            &b.settings,
            Scope {
                include_drills: true,
                ..scope
            },
        );
        assert_eq!(all.incidents, m.incidents + drills);
        assert_eq!(m.weeks.len(), 12);
        assert_eq!(
            m.weeks.last().unwrap().monday,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        let total: usize = m.by_severity.iter().map(|s| s.incidents).sum();
        assert_eq!(total, m.incidents);
        assert_eq!(m.by_severity[0].sla_minutes, Some(5));
    }
}
