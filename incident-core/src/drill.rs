//! Practice, as the playbook asks: a drill on the first Thursday of each month, started from a
//! synthetic scenario, with the incident commander role rotating. A drill is an incident with
//! `drill: true`: marked everywhere, never published (the public projection drops it, and its
//! post-mortem cannot be published), and left out of metrics by default.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::model::{
    AffectedComponent, DetectionSource, Impact, Incident, Role, Settings, Severity,
};
use crate::ops::{self, Actor, Declaration, Refused};

/// A synthetic incident to practise on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Component ids of the default workspace, with their impact.
    pub components: &'static [(&'static str, Impact)],
    /// What the drill's facilitator tells the responders.
    pub inject: &'static str,
}

pub const SCENARIOS: [Scenario; 5] = [
    Scenario {
        id: "api-down",
        title: "API down",
        severity: Severity::Sev1,
        components: &[("api-rest", Impact::MajorOutage), ("api-graphql", Impact::MajorOutage)],
        inject: "Synthetic checks on api.cygni.dev return 503 from every region; error rate 100 % since the last deploy 12 minutes ago.",
    },
    Scenario {
        id: "database-unreachable",
        title: "Database unreachable",
        severity: Severity::Sev1,
        components: &[("db-primary", Impact::MajorOutage)],
        inject: "The primary database stops accepting connections; the replicas are healthy; connection pool errors flood the API logs.",
    },
    Scenario {
        id: "payments-failed",
        title: "Payment processing failed",
        severity: Severity::Sev1,
        components: &[("pay-processing", Impact::MajorOutage)],
        inject: "Every card payment fails with a timeout from the payment provider; checkout conversion drops to zero.",
    },
    Scenario {
        id: "auth-failures",
        title: "Authentication failures",
        severity: Severity::Sev2,
        components: &[("auth-login", Impact::PartialOutage)],
        inject: "A third of sign-ins fail with 'invalid session'; single sign-on customers are affected most.",
    },
    Scenario {
        id: "slow-responses",
        title: "Slow responses",
        severity: Severity::Sev3,
        components: &[("api-rest", Impact::DegradedPerformance)],
        inject: "p99 latency of the REST API rises from 300 ms to 4 s; no errors; the dashboard feels sluggish.",
    },
];

pub fn scenario(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

/// The first Thursday of the month of `d`.
pub fn first_thursday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Thu, 1)
}

/// The next `n` drill days (first Thursdays) from `today` on, today included.
pub fn next_drill_days(today: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let (mut y, mut m) = (today.year(), today.month());
    let mut out = Vec::new();
    while out.len() < n {
        if let Some(d) = first_thursday(y, m).filter(|d| *d >= today) {
            out.push(d);
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// Who should command the next drill: of the people who answer for the on-call level (everyone,
/// if nobody does), the one who commanded a drill least recently, never before first; ties by
/// name.
pub fn next_commander<'a>(settings: &'a Settings, incidents: &[Incident]) -> Option<&'a str> {
    let mut pool: Vec<&crate::model::Person> = settings
        .people
        .iter()
        .filter(|p| p.escalation_levels.iter().any(|l| l == "on-call"))
        .collect();
    if pool.is_empty() {
        pool = settings.people.iter().collect();
    }
    pool.into_iter()
        .min_by_key(|p| {
            let last = incidents
                .iter()
                .filter(|i| i.drill && i.roles.get(Role::IncidentCommander) == Some(p.id.as_str()))
                .map(|i| i.declared_at)
                .max();
            (last, p.name.clone())
        })
        .map(|p| p.id.as_str())
}

/// Starts a drill: the scenario declared as a `[Drill]` incident (detection: manual), with the
/// incident commander assigned.
pub fn start(
    s: &Scenario,
    id: String,
    settings: &Settings,
    commander: Option<String>,
    actor: &Actor,
) -> Result<Incident, Refused> {
    let components = s
        .components
        .iter()
        .filter(|(c, _)| settings.component(c).is_some())
        .map(|(c, impact)| AffectedComponent {
            component: (*c).to_owned(),
            impact: *impact,
        })
        .collect();
    let mut inc = ops::declare(
        Declaration {
            id,
            title: format!("[Drill] {}", s.title),
            severity: s.severity,
            components,
            detection: DetectionSource::Manual,
            started_at: None,
            drill: true,
        },
        actor,
    )?;
    ops::add_note(&mut inc, &format!("Drill scenario: {}", s.inject), actor)?;
    if let Some(c) = commander {
        ops::assign_role(&mut inc, Role::IncidentCommander, Some(c), actor)?;
    }
    Ok(inc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    #[test]
    fn drill_days_are_first_thursdays() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let days = next_drill_days(today, 3);
        let want: Vec<NaiveDate> = [(2026, 12, 3), (2027, 1, 7), (2027, 2, 4)]
            .iter()
            .map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
            .collect();
        assert_eq!(days, want);
        // On the day itself, that day counts.
        let on = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(next_drill_days(on, 1), vec![on]);
    }

    #[test]
    fn a_drill_is_marked_never_published_and_the_commander_rotates() {
        let now = Timestamp::parse("2026-11-05T14:00:00Z").unwrap();
        let settings = crate::sample::sample_settings(now);
        let actor = Actor {
            person: None,
            device: "d".to_owned(),
            now,
        };
        let first = next_commander(&settings, &[]).unwrap().to_owned();
        let on_call = |id: &str| {
            settings
                .person(id)
                .is_some_and(|p| p.escalation_levels.iter().any(|l| l == "on-call"))
        };
        assert!(on_call(&first));
        let drill = start(
            &SCENARIOS[0],
            "drill-1".to_owned(),
            &settings,
            Some(first.clone()),
            &actor,
        )
        .unwrap();
        assert!(drill.drill);
        assert_eq!(drill.title, "[Drill] API down");
        assert_eq!(
            drill.roles.get(Role::IncidentCommander),
            Some(first.as_str())
        );
        let second = next_commander(&settings, std::slice::from_ref(&drill)).unwrap();
        assert_ne!(second, first);
        assert!(on_call(second));
        let mut b = crate::bundle::Bundle::new(settings, "d", now);
        b.incidents.push(drill);
        assert!(crate::public::project(&b, now).incidents.is_empty());
    }
}
