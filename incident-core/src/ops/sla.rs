//! The clocks of an incident: the response-time SLA (from the declaration to the
//! acknowledgement, at the severity in effect) and when the next status update is due.

use crate::model::{BusinessHours, Event, EventKind, Incident, Severity};
use crate::playbook::{Playbook, ResponseTarget};
use crate::time::Timestamp;

/// The response-time SLA of an incident at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sla {
    /// Not acknowledged yet; `due` is declaration + the severity's response time (for the next
    /// business day: the close of the next business day, by the workspace's business hours).
    Running {
        due: Timestamp,
        overdue: bool,
    },
    /// Acknowledged within the response time, or not.
    Met {
        after_minutes: i64,
    },
    Missed {
        after_minutes: i64,
    },
    /// The severity has no response time in the playbook.
    Untimed,
}

/// The severity in effect at `t` and since when (declaration, then changes up to `t`).
pub fn severity_since(incident: &Incident, t: Timestamp) -> (Severity, Timestamp) {
    let mut events: Vec<&Event> = incident.timeline.iter().filter(|e| e.at <= t).collect();
    crate::sort::by(&mut events, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    let mut current = (incident.severity, incident.declared_at);
    for e in events {
        match e.kind {
            EventKind::Declared { severity } => current = (severity, e.at),
            EventKind::SeverityChanged { to, .. } => current = (to, e.at),
            _ => {}
        }
    }
    current
}

/// The response-time SLA. The clock runs from the declaration at the declared severity; an
/// upgrade to a stricter severity gives that severity's response time from the moment of the
/// upgrade (never less time than that), a downgrade never shortens it. Once acknowledged, the
/// result is fixed by the severity in effect at the acknowledgement. A response due the next
/// business day (SEV4) is due at the close of the next business day of `hours`.
pub fn response_sla(
    incident: &Incident,
    playbook: &Playbook,
    hours: &BusinessHours,
    now: Timestamp,
) -> Sla {
    let at = incident.acknowledged_at.unwrap_or(now);
    let (severity, since) = severity_since(incident, at);
    let Some(level) = playbook.severity(severity) else {
        return Sla::Untimed;
    };
    let due_from = |t: Timestamp| match level.response_time {
        ResponseTarget::Minutes { minutes } => t.plus_minutes(i64::from(minutes)),
        ResponseTarget::NextBusinessDay => hours.next_business_day_close(t),
    };
    let from_declaration = due_from(incident.declared_at);
    let from_change = due_from(since);
    // An upgrade is not overdue at once: the stricter time runs from the change.
    let due = from_declaration.max(from_change);
    match incident.acknowledged_at {
        None => Sla::Running {
            due,
            overdue: now > due,
        },
        Some(ack) => {
            let after_minutes = ack.minutes_since(incident.declared_at);
            if ack <= due {
                Sla::Met { after_minutes }
            } else {
                Sla::Missed { after_minutes }
            }
        }
    }
}

/// When the next status update is due (open incidents with a cadence): from the last update, or
/// from the declaration if none was posted yet.
pub fn next_update_due(incident: &Incident, playbook: &Playbook) -> Option<Timestamp> {
    if !incident.status.is_open() {
        return None;
    }
    let minutes = i64::from(playbook.update_minutes(incident.severity)?);
    let last = incident
        .updates
        .iter()
        .map(|u| u.at)
        .max()
        .unwrap_or(incident.declared_at);
    Some(last.plus_minutes(minutes))
}

/// The first level of the escalation matrix for the incident's severity that is not engaged yet,
/// and when it is (or was) due: its name and time. `None` once every level is engaged, or for a
/// resolved incident.
pub fn next_escalation(incident: &Incident, playbook: &Playbook) -> Option<(String, Timestamp)> {
    if !incident.status.is_open() {
        return None;
    }
    let mut rules: Vec<_> = playbook
        .escalation
        .iter()
        .filter(|r| r.severity == incident.severity)
        .collect();
    crate::sort::by_key(&mut rules, |r| r.after_minutes);
    rules
        .into_iter()
        .find(|r| super::engaged_at(incident, &r.level).is_none())
        .map(|r| {
            let name = playbook
                .escalation_level(&r.level)
                .map_or_else(|| r.level.clone(), |l| l.name.clone());
            (
                name,
                incident
                    .declared_at
                    .plus_minutes(i64::from(r.after_minutes)),
            )
        })
}
