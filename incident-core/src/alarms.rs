//! Alarms: what has fallen due for the people running incidents, whichever screen is in front.
//! Each alarm says what is due, on what, since when, and where to act; its `key` names the due
//! time, so an alarm fires once for that time and again only when something new falls due (the
//! next update's next due time, another escalation level). A drill's alarms are marked `drill`:
//! they count where the workspace is open, as practice, but are quiet (no notification, no
//! sound: practice never pages anyone). Everything deleted is silent.

use crate::bundle::Bundle;
use crate::comms::{customer_email_due, customer_email_prompt};
use crate::maintenance::reminder;
use crate::model::{Incident, IncidentStatus, MaintenanceStatus};
use crate::ops::{engaged_at, next_update_due, response_sla, Sla};
use crate::time::Timestamp;

/// What kind of thing fell due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlarmKind {
    /// The response SLA ran out and nobody acknowledged.
    Acknowledge,
    /// The next status update is due.
    Update,
    /// An escalation level of the matrix is due and not engaged.
    Escalation,
    /// The customer email (SEV1/SEV2 at 30 minutes) is due and not sent.
    CustomerEmail,
    /// The recovery watch after resolution is over: confirm and close.
    RecoveryWatch,
    /// A maintenance window should have started or ended.
    Maintenance,
}

/// One alarm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    /// Unique per thing and due time: fire once per key.
    pub key: String,
    pub kind: AlarmKind,
    /// The incident's or maintenance's title.
    pub title: String,
    /// What is due, in words.
    pub message: String,
    pub due: Timestamp,
    /// Where to act, in the app (`#/incident/<id>`, `#/maintenance`).
    pub href: String,
    /// On a drill: quiet, whatever the settings.
    pub drill: bool,
    /// The incident it is about (`None`: a maintenance window), for a snooze.
    pub incident: Option<String>,
}

impl AlarmKind {
    pub const ALL: [AlarmKind; 6] = [
        AlarmKind::Acknowledge,
        AlarmKind::Update,
        AlarmKind::Escalation,
        AlarmKind::CustomerEmail,
        AlarmKind::RecoveryWatch,
        AlarmKind::Maintenance,
    ];

    /// A stable name, for a setting kept in the browser.
    pub fn key(self) -> &'static str {
        match self {
            AlarmKind::Acknowledge => "acknowledge",
            AlarmKind::Update => "update",
            AlarmKind::Escalation => "escalation",
            AlarmKind::CustomerEmail => "customer-email",
            AlarmKind::RecoveryWatch => "recovery-watch",
            AlarmKind::Maintenance => "maintenance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlarmKind::Acknowledge => "Acknowledgement due",
            AlarmKind::Update => "Status update due",
            AlarmKind::Escalation => "Escalation level due",
            AlarmKind::CustomerEmail => "Customer email due",
            AlarmKind::RecoveryWatch => "Recovery watch over",
            AlarmKind::Maintenance => "Maintenance window to start or end",
        }
    }
}

/// How long after the end of the recovery watch its alarm stays (then the incident is simply
/// resolved).
const WATCH_ALARM_MINUTES: i64 = 60;

/// Every alarm due at `now`, oldest first.
pub fn due(bundle: &Bundle, now: Timestamp) -> Vec<Alarm> {
    let hidden = crate::merge::hidden_incidents(bundle);
    let mut out = Vec::new();
    for i in &bundle.incidents {
        if hidden.contains(i.id.as_str()) {
            continue;
        }
        incident_alarms(i, bundle, now, &mut out);
    }
    // A window's reminder, unless the window was deleted (the live view, a copy of the
    // workspace when anything was deleted, is made only when a reminder is due).
    let reminded: Vec<&str> = bundle
        .maintenances
        .iter()
        .filter(|m| reminder(m, now).is_some())
        .map(|m| m.id.as_str())
        .collect();
    let live = if reminded.is_empty() {
        None
    } else {
        Some(crate::merge::live(bundle))
    };
    let windows = live.as_ref().map_or(&[][..], |l| &l.maintenances[..]);
    for m in windows.iter().filter(|m| reminded.contains(&m.id.as_str())) {
        if let Some(what) = reminder(m, now) {
            let at = if m.status() == MaintenanceStatus::Scheduled {
                m.scheduled_start
            } else {
                m.scheduled_end
            };
            out.push(Alarm {
                key: format!("maintenance/{}/{}", m.id, at.unix_millis()),
                kind: AlarmKind::Maintenance,
                title: m.title.clone(),
                message: format!("This maintenance window {what}."),
                due: at,
                href: "#/maintenance".to_owned(),
                drill: false,
                incident: None,
            });
        }
    }
    crate::sort::by(&mut out, |a, b| {
        a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key))
    });
    out
}

fn incident_alarms(i: &Incident, b: &Bundle, now: Timestamp, out: &mut Vec<Alarm>) {
    let pb = &b.settings.playbook;
    let mut push = |kind: AlarmKind, what: &str, due: Timestamp, message: String| {
        out.push(Alarm {
            key: format!("incident/{}/{what}/{}", i.id, due.unix_millis()),
            kind,
            title: format!("{} · {}", i.severity.label(), i.title),
            message,
            due,
            href: format!("#/incident/{}", i.id),
            drill: i.drill,
            incident: Some(i.id.clone()),
        });
    };
    if i.status == IncidentStatus::Resolved {
        if let Some(r) = i.resolved_at {
            let until = r.plus_minutes(i64::from(pb.recovery_monitoring.minutes));
            if now >= until && now < until.plus_minutes(WATCH_ALARM_MINUTES) {
                let m = "The recovery watch is over: confirm the symptoms are gone.".to_owned();
                push(AlarmKind::RecoveryWatch, "watch", until, m);
            }
        }
        return;
    }
    if let Sla::Running { due, overdue: true } =
        response_sla(i, pb, &b.settings.business_hours, now)
    {
        let m = format!(
            "Not acknowledged: the response time ran out at {}.",
            due.utc_hhmm()
        );
        push(AlarmKind::Acknowledge, "ack", due, m);
    }
    if let Some(due) = next_update_due(i, pb).filter(|d| now >= *d) {
        let m = format!("A status update was due at {}.", due.utc_hhmm());
        push(AlarmKind::Update, "update", due, m);
    }
    let elapsed = now.minutes_since(i.declared_at);
    for rule in pb.escalation_due(i.severity, elapsed) {
        if engaged_at(i, &rule.level).is_none() {
            let name = pb
                .escalation_level(&rule.level)
                .map_or(rule.level.as_str(), |l| l.name.as_str());
            let due = i.declared_at.plus_minutes(i64::from(rule.after_minutes));
            let m = format!("Escalate to {name} ({} min in).", rule.after_minutes);
            push(
                AlarmKind::Escalation,
                &format!("esc-{}", rule.level),
                due,
                m,
            );
        }
    }
    if customer_email_prompt(i, &b.settings, now) {
        if let Some(due) = customer_email_due(i, &b.settings) {
            let m = "Send the customer email: customers should hear it from us.".to_owned();
            push(AlarmKind::CustomerEmail, "email", due, m);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::{AffectedComponent, DetectionSource, Impact, Severity};
    use crate::ops::{acknowledge, declare, post_update, Actor, Declaration, UpdateDraft};
    use crate::sample::sample_settings;

    fn at(min: i64) -> Timestamp {
        Timestamp::parse("2026-11-26T03:00:00Z")
            .unwrap()
            .plus_minutes(min)
    }

    fn actor(min: i64) -> Actor {
        Actor {
            person: None,
            device: "dev-a".to_owned(),
            now: at(min),
        }
    }

    fn workspace(drill: bool) -> Bundle {
        let settings = sample_settings(at(0));
        let inc = declare(
            Declaration {
                id: "inc-1".to_owned(),
                title: "API Down".to_owned(),
                severity: Severity::Sev1,
                components: vec![AffectedComponent {
                    component: "api-rest".to_owned(),
                    impact: Impact::MajorOutage,
                }],
                detection: DetectionSource::AutomatedAlert,
                started_at: None,
                drill,
            },
            &actor(0),
        )
        .unwrap();
        let mut b = Bundle::new(settings, "dev-a", at(0));
        b.incidents.push(inc);
        b
    }

    fn kinds(b: &Bundle, min: i64) -> Vec<AlarmKind> {
        due(b, at(min)).iter().map(|a| a.kind).collect()
    }

    #[test]
    fn a_sev1_falls_due_as_the_playbook_says_and_each_alarm_has_one_key_per_due_time() {
        let mut b = workspace(false);
        // At once: the matrix's first level (on-call) is due for a SEV1.
        assert_eq!(kinds(&b, 4), vec![AlarmKind::Escalation]);
        // 5 min: not acknowledged (the SEV1 response time).
        assert!(kinds(&b, 6).contains(&AlarmKind::Acknowledge));
        let ack = due(&b, at(6))
            .into_iter()
            .find(|a| a.kind == AlarmKind::Acknowledge)
            .unwrap();
        assert_eq!(ack.href, "#/incident/inc-1");
        assert!(ack.message.contains("ran out at 03:05"), "{}", ack.message);
        // Ten minutes later, the same alarm (same key): it fires once.
        assert!(due(&b, at(16)).iter().any(|a| a.key == ack.key));
        acknowledge(&mut b.incidents[0], &actor(16)).unwrap();
        // 15 min: the first status update was due; escalation levels as the matrix adds them.
        let at16: Vec<AlarmKind> = kinds(&b, 16);
        assert!(at16.contains(&AlarmKind::Update), "{at16:?}");
        assert!(!at16.contains(&AlarmKind::Acknowledge));
        let update = due(&b, at(16))
            .into_iter()
            .find(|a| a.kind == AlarmKind::Update)
            .unwrap();
        let draft = UpdateDraft {
            impact: String::new(),
            actions: String::new(),
            message: "We are investigating.".to_owned(),
            public: true,
        };
        post_update(&mut b.incidents[0], draft, &b.settings.playbook, &actor(17)).unwrap();
        assert!(!kinds(&b, 18).contains(&AlarmKind::Update));
        // The next one has a key of its own.
        let next = due(&b, at(33))
            .into_iter()
            .find(|a| a.kind == AlarmKind::Update)
            .unwrap();
        assert_ne!(next.key, update.key);
        assert!(kinds(&b, 31).contains(&AlarmKind::CustomerEmail));
    }

    #[test]
    fn a_drill_is_quiet() {
        let b = workspace(true);
        let list = due(&b, at(90));
        assert!(!list.is_empty());
        assert!(list.iter().all(|a| a.drill));
        assert!(due(&workspace(false), at(90)).iter().all(|a| !a.drill));
    }
}
