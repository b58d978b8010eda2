//! What responders do to an incident, as pure functions: each takes the incident, the time and
//! who acts (`Actor`), checks that the action makes sense, appends the timeline event, and stamps
//! the fields it changed (through [`crate::merge::touch`], so copies merge field by field).
//!
//! The app calls these and stores the result; nothing here reads a clock or touches storage.

use crate::merge::touch;
use crate::model::{
    AffectedComponent, DetectionSource, Event, EventKind, Incident, IncidentStatus, Role, Roles,
    Severity, Stamp, Stamps, StatusUpdate,
};
use crate::playbook::Playbook;
use crate::stamp_keys as keys;
use crate::time::Timestamp;

/// Who acts, from which device, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// A person id from the settings, when the responder picked who they are.
    pub person: Option<String>,
    pub device: String,
    pub now: Timestamp,
}

impl Actor {
    fn stamp(&self) -> Stamp {
        Stamp {
            at: self.now,
            device: self.device.clone(),
        }
    }
}

/// Why an action was refused, in words for the responder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(msg: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(msg.into()))
}

/// What declaring an incident needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub components: Vec<AffectedComponent>,
    pub detection: DetectionSource,
    /// When the problem began, if known to be earlier than now.
    pub started_at: Option<Timestamp>,
    pub drill: bool,
}

/// A new incident, declared now: status Investigating, one `Declared` event.
pub fn declare(d: Declaration, actor: &Actor) -> Result<Incident, Refused> {
    let title = d.title.trim().to_owned();
    if title.is_empty() {
        return refuse("Give the incident a title: what is broken, as a customer would say it.");
    }
    if !crate::validate::is_valid_id(&d.id) {
        return refuse(format!("{:?} is not a usable incident id", d.id));
    }
    let started_at = d.started_at.unwrap_or(actor.now).min(actor.now);
    let mut stamps = Stamps::new();
    for field in [
        keys::TITLE,
        keys::SEVERITY,
        keys::STATUS,
        keys::COMPONENTS,
        keys::DETECTION,
        keys::DRILL,
    ] {
        touch(&mut stamps, field, actor.stamp());
    }
    let mut incident = Incident {
        id: d.id,
        title,
        severity: d.severity,
        status: IncidentStatus::Investigating,
        drill: d.drill,
        components: d.components,
        detection: d.detection,
        started_at,
        detected_at: started_at,
        declared_at: actor.now,
        acknowledged_at: None,
        resolved_at: None,
        roles: Roles::default(),
        timeline: Vec::new(),
        updates: Vec::new(),
        postmortem: None,
        action_items: Vec::new(),
        stamps,
    };
    push_event(
        &mut incident,
        actor,
        EventKind::Declared {
            severity: d.severity,
        },
    );
    // The first impact is part of the record: a later change does not erase it from the
    // incident's public history (see `public::project`).
    if !incident.components.is_empty() {
        let components = incident.components.clone();
        push_event(
            &mut incident,
            actor,
            EventKind::ComponentsChanged { components },
        );
    }
    Ok(incident)
}

/// The next event id of an incident: `<incident>-e<n>`, unique per device.
fn event_id(incident: &Incident, actor: &Actor) -> String {
    let device: String = actor
        .device
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let mut n = incident.timeline.len() + 1;
    loop {
        let id = format!("e{}-{device}-{n}", actor.now.unix_millis());
        if !incident.timeline.iter().any(|e| e.id == id) {
            return id;
        }
        n += 1;
    }
}

pub(crate) fn push_event(incident: &mut Incident, actor: &Actor, kind: EventKind) {
    let id = event_id(incident, actor);
    incident.timeline.push(Event {
        id,
        at: actor.now,
        by: actor.person.clone(),
        kind,
    });
}

/// Times never go backwards: an action dated before the incident's last event is refused (a
/// clock that jumped back, or a stale tab).
pub(crate) fn not_before_last(incident: &Incident, actor: &Actor) -> Result<(), Refused> {
    let last = incident
        .timeline
        .iter()
        .map(|e| e.at)
        .chain(incident.updates.iter().map(|u| u.at))
        .max()
        .unwrap_or(incident.declared_at);
    if actor.now < last {
        return refuse(format!(
            "this device's clock ({}) is behind the incident's last event ({}); check the clock and try again",
            actor.now.utc_minute(),
            last.utc_minute()
        ));
    }
    Ok(())
}

/// A responder acknowledged the page: stops the response-time clock.
pub fn acknowledge(incident: &mut Incident, actor: &Actor) -> Result<(), Refused> {
    if incident.acknowledged_at.is_some() {
        return refuse("The incident is already acknowledged.");
    }
    not_before_last(incident, actor)?;
    incident.acknowledged_at = Some(actor.now);
    touch(&mut incident.stamps, keys::ACKNOWLEDGED_AT, actor.stamp());
    push_event(incident, actor, EventKind::Acknowledged);
    Ok(())
}

/// Moves the lifecycle: any status to any other; leaving Resolved re-opens the incident (with a
/// `Reopened` event and the reason), reaching Resolved sets `resolved_at`.
pub fn set_status(
    incident: &mut Incident,
    to: IncidentStatus,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<(), Refused> {
    let from = incident.status;
    if from == to {
        return refuse(format!("The incident is already {}.", to.label()));
    }
    not_before_last(incident, actor)?;
    if from == IncidentStatus::Resolved {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let Some(reason) = reason else {
            return refuse(
                "Say why the incident is re-opened (for example: the errors came back).",
            );
        };
        push_event(
            incident,
            actor,
            EventKind::Reopened {
                reason: reason.to_owned(),
            },
        );
        incident.resolved_at = None;
    }
    if to == IncidentStatus::Resolved {
        incident.resolved_at = Some(actor.now);
    }
    incident.status = to;
    touch(&mut incident.stamps, keys::STATUS, actor.stamp());
    push_event(incident, actor, EventKind::StatusChanged { from, to });
    Ok(())
}

pub fn set_severity(incident: &mut Incident, to: Severity, actor: &Actor) -> Result<(), Refused> {
    let from = incident.severity;
    if from == to {
        return refuse(format!("The incident is already {}.", to.label()));
    }
    not_before_last(incident, actor)?;
    incident.severity = to;
    touch(&mut incident.stamps, keys::SEVERITY, actor.stamp());
    push_event(incident, actor, EventKind::SeverityChanged { from, to });
    Ok(())
}

/// Changes which components the incident affects and how (the status site shows each at its
/// worst impact among open incidents). The same list in another order is no change.
pub fn set_components(
    incident: &mut Incident,
    components: Vec<AffectedComponent>,
    actor: &Actor,
) -> Result<(), Refused> {
    let mut ids: Vec<&str> = components.iter().map(|c| c.component.as_str()).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return refuse("A component is listed twice.");
    }
    let same = components.len() == incident.components.len()
        && components.iter().all(|c| incident.components.contains(c));
    if same {
        return refuse("The affected components are already so.");
    }
    not_before_last(incident, actor)?;
    incident.components = components.clone();
    touch(&mut incident.stamps, keys::COMPONENTS, actor.stamp());
    push_event(incident, actor, EventKind::ComponentsChanged { components });
    Ok(())
}

/// Assigns or hands over a role (`None` clears it).
pub fn assign_role(
    incident: &mut Incident,
    role: Role,
    person: Option<String>,
    actor: &Actor,
) -> Result<(), Refused> {
    if incident.roles.get(role) == person.as_deref() {
        return refuse(format!("{} is already assigned so.", role.label()));
    }
    not_before_last(incident, actor)?;
    incident.roles.set(role, person.clone());
    touch(&mut incident.stamps, keys::role(role), actor.stamp());
    push_event(incident, actor, EventKind::RoleAssigned { role, person });
    Ok(())
}

/// A status update on the playbook's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateDraft {
    pub impact: String,
    pub actions: String,
    pub message: String,
    pub public: bool,
}

/// Posts a status update at the incident's current status and severity; the next one is due
/// after the severity's cadence.
pub fn post_update(
    incident: &mut Incident,
    draft: UpdateDraft,
    playbook: &Playbook,
    actor: &Actor,
) -> Result<String, Refused> {
    let message = draft.message.trim().to_owned();
    if message.is_empty() {
        return refuse("Write the update's message: what is happening, in plain words.");
    }
    not_before_last(incident, actor)?;
    let id = format!(
        "u{}-{}",
        actor.now.unix_millis(),
        incident.updates.len() + 1
    );
    let next = playbook
        .update_minutes(incident.severity)
        .filter(|_| incident.status.is_open())
        .map(|m| actor.now.plus_minutes(i64::from(m)));
    incident.updates.push(StatusUpdate {
        id: id.clone(),
        at: actor.now,
        status: incident.status,
        severity: incident.severity,
        impact: draft.impact.trim().to_owned(),
        actions: draft.actions.trim().to_owned(),
        message,
        next_update_at: next,
        public: draft.public,
        author: actor.person.clone(),
    });
    push_event(
        incident,
        actor,
        EventKind::UpdatePosted {
            update: id.clone(),
            public: draft.public,
        },
    );
    Ok(id)
}

/// A note in the timeline (usually the scribe's).
pub fn add_note(incident: &mut Incident, text: &str, actor: &Actor) -> Result<(), Refused> {
    let text = text.trim();
    if text.is_empty() {
        return refuse("The note is empty.");
    }
    not_before_last(incident, actor)?;
    push_event(
        incident,
        actor,
        EventKind::Note {
            text: text.to_owned(),
        },
    );
    Ok(())
}

/// Ticks or unticks a checklist item of the playbook.
pub fn tick(
    incident: &mut Incident,
    playbook: &Playbook,
    checklist: &str,
    item: &str,
    done: bool,
    actor: &Actor,
) -> Result<(), Refused> {
    let Some(list) = playbook.checklist(checklist) else {
        return refuse(format!(
            "There is no checklist {checklist:?} in the playbook."
        ));
    };
    if !list.items.iter().any(|i| i.id == item) {
        return refuse(format!(
            "{item:?} is not on the checklist {:?}.",
            list.title
        ));
    }
    let is_done = incident
        .checklist_state()
        .iter()
        .any(|t| t.checklist == checklist && t.item == item);
    if is_done == done {
        return refuse("That item is already so.");
    }
    not_before_last(incident, actor)?;
    let (checklist, item) = (checklist.to_owned(), item.to_owned());
    let kind = if done {
        EventKind::ChecklistItemDone { checklist, item }
    } else {
        EventKind::ChecklistItemUndone { checklist, item }
    };
    push_event(incident, actor, kind);
    Ok(())
}

/// A level of the escalation matrix was engaged (ticked "engaged"), optionally naming who.
pub fn engage(
    incident: &mut Incident,
    level: &str,
    person: Option<String>,
    actor: &Actor,
) -> Result<(), Refused> {
    if engaged_at(incident, level).is_some() {
        return refuse(format!("{level} is already engaged."));
    }
    not_before_last(incident, actor)?;
    push_event(
        incident,
        actor,
        EventKind::EscalationEngaged {
            level: level.to_owned(),
            person,
        },
    );
    Ok(())
}

/// When a level of the escalation matrix was engaged, if it was.
pub fn engaged_at(incident: &Incident, level: &str) -> Option<Timestamp> {
    incident
        .timeline
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::EscalationEngaged { level: l, .. } if l == level))
        .map(|e| e.at)
        .min()
}

/// Someone was paged for help (`/page @name "message"`): recorded in the timeline.
pub fn page(
    incident: &mut Incident,
    target: &str,
    message: &str,
    actor: &Actor,
) -> Result<(), Refused> {
    let (target, message) = (target.trim(), message.trim());
    if target.is_empty() || message.is_empty() {
        return refuse("Say who is paged and why.");
    }
    not_before_last(incident, actor)?;
    push_event(
        incident,
        actor,
        EventKind::Paged {
            target: target.to_owned(),
            message: message.to_owned(),
        },
    );
    Ok(())
}

/// A decision, for example the outcome of the rollback decision tree.
pub fn decide(
    incident: &mut Incident,
    text: &str,
    outcome: Option<&str>,
    actor: &Actor,
) -> Result<(), Refused> {
    let text = text.trim();
    if text.is_empty() {
        return refuse("Say what was decided.");
    }
    not_before_last(incident, actor)?;
    push_event(
        incident,
        actor,
        EventKind::Decision {
            text: text.to_owned(),
            outcome: outcome.map(str::to_owned),
        },
    );
    Ok(())
}

/// The response-time SLA of an incident at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sla {
    /// Not acknowledged yet; `due` is declaration + the severity's response time.
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
    /// The severity has no timed response (next business day).
    Untimed,
}

/// The severity in effect at `t` and since when (declaration, then changes up to `t`).
pub fn severity_since(incident: &Incident, t: Timestamp) -> (Severity, Timestamp) {
    let mut events: Vec<&Event> = incident.timeline.iter().filter(|e| e.at <= t).collect();
    events.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
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
/// result is fixed by the severity in effect at the acknowledgement.
pub fn response_sla(incident: &Incident, playbook: &Playbook, now: Timestamp) -> Sla {
    let at = incident.acknowledged_at.unwrap_or(now);
    let (severity, since) = severity_since(incident, at);
    let Some(minutes) = playbook.response_minutes(severity) else {
        return Sla::Untimed;
    };
    let from_declaration = incident.declared_at.plus_minutes(i64::from(minutes));
    let from_change = since.plus_minutes(i64::from(minutes));
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn actor(now: &str) -> Actor {
        Actor {
            person: None,
            device: "dev-a".into(),
            now: at(now),
        }
    }

    fn declared() -> Incident {
        declare(
            Declaration {
                id: "inc-1".into(),
                title: "API Down".into(),
                severity: Severity::Sev1,
                components: vec![],
                detection: DetectionSource::AutomatedAlert,
                started_at: None,
                drill: false,
            },
            &actor("2026-11-01T03:00:00Z"),
        )
        .unwrap()
    }

    #[test]
    fn a_sev1_is_declared_investigating_with_its_clocks() {
        let pb = Playbook::default();
        let i = declared();
        assert_eq!(i.status, IncidentStatus::Investigating);
        assert!(matches!(
            i.timeline[0].kind,
            EventKind::Declared {
                severity: Severity::Sev1
            }
        ));
        // SEV1: respond within 5 minutes, update every 15.
        assert_eq!(
            response_sla(&i, &pb, at("2026-11-01T03:04:00Z")),
            Sla::Running {
                due: at("2026-11-01T03:05:00Z"),
                overdue: false
            }
        );
        assert_eq!(next_update_due(&i, &pb), Some(at("2026-11-01T03:15:00Z")));
    }

    #[test]
    fn affected_components_change_with_an_event_and_a_stamp() {
        use crate::model::Impact;
        let affected = |c: &str, impact| AffectedComponent {
            component: c.into(),
            impact,
        };
        let mut i = declared();
        let first = vec![affected("api-rest", Impact::MajorOutage)];
        set_components(&mut i, first.clone(), &actor("2026-11-01T03:05:00Z")).unwrap();
        assert_eq!(i.components, first);
        assert_eq!(
            i.stamps.get("components").map(|s| s.at),
            Some(at("2026-11-01T03:05:00Z"))
        );
        assert!(matches!(
            &i.timeline.last().unwrap().kind,
            EventKind::ComponentsChanged { components } if *components == first
        ));
        // Recovering: degraded, and a second component touched.
        let later = vec![
            affected("db", Impact::PartialOutage),
            affected("api-rest", Impact::DegradedPerformance),
        ];
        set_components(&mut i, later.clone(), &actor("2026-11-01T03:20:00Z")).unwrap();
        assert_eq!(i.components, later);
        // The same in another order is no change; a component twice is refused; nothing moves.
        let events = i.timeline.len();
        let reordered = vec![later[1].clone(), later[0].clone()];
        assert!(set_components(&mut i, reordered, &actor("2026-11-01T03:21:00Z")).is_err());
        let twice = vec![
            affected("db", Impact::PartialOutage),
            affected("db", Impact::MajorOutage),
        ];
        assert!(set_components(&mut i, twice, &actor("2026-11-01T03:21:00Z")).is_err());
        assert_eq!((i.timeline.len(), &i.components), (events, &later));
        // All clear is a change too.
        set_components(&mut i, vec![], &actor("2026-11-01T03:30:00Z")).unwrap();
        assert!(i.components.is_empty());
    }

    #[test]
    fn acknowledging_late_records_a_missed_sla() {
        let pb = Playbook::default();
        let mut i = declared();
        acknowledge(&mut i, &actor("2026-11-01T03:07:00Z")).unwrap();
        assert_eq!(
            response_sla(&i, &pb, at("2026-11-01T04:00:00Z")),
            Sla::Missed { after_minutes: 7 }
        );
        assert!(acknowledge(&mut i, &actor("2026-11-01T03:08:00Z")).is_err());
        // Downgrading later does not rewrite the record.
        set_severity(&mut i, Severity::Sev3, &actor("2026-11-01T03:09:00Z")).unwrap();
        assert_eq!(
            response_sla(&i, &pb, at("2026-11-01T04:00:00Z")),
            Sla::Missed { after_minutes: 7 }
        );
    }

    #[test]
    fn lifecycle_resolve_and_reopen_with_a_reason() {
        let mut i = declared();
        set_status(
            &mut i,
            IncidentStatus::Identified,
            None,
            &actor("2026-11-01T03:10:00Z"),
        )
        .unwrap();
        set_status(
            &mut i,
            IncidentStatus::Resolved,
            None,
            &actor("2026-11-01T03:40:00Z"),
        )
        .unwrap();
        assert_eq!(i.resolved_at, Some(at("2026-11-01T03:40:00Z")));
        assert!(set_status(
            &mut i,
            IncidentStatus::Investigating,
            None,
            &actor("2026-11-01T03:50:00Z")
        )
        .is_err());
        set_status(
            &mut i,
            IncidentStatus::Investigating,
            Some("errors are back"),
            &actor("2026-11-01T03:50:00Z"),
        )
        .unwrap();
        assert_eq!(i.resolved_at, None);
        assert!(i.timeline.iter().any(
            |e| matches!(&e.kind, EventKind::Reopened { reason } if reason == "errors are back")
        ));
        // Times cannot go backwards.
        assert!(set_status(
            &mut i,
            IncidentStatus::Monitoring,
            None,
            &actor("2026-11-01T03:45:00Z")
        )
        .is_err());
        let b = crate::bundle::Bundle {
            incidents: vec![i],
            ..crate::sample::generate(&crate::sample::SampleOptions {
                incidents: 0,
                seed: 1,
                now: at("2026-11-01T04:00:00Z"),
            })
        };
        assert_eq!(crate::validate::check(&b), vec![]);
    }

    #[test]
    fn updates_follow_the_template_and_set_the_next_due_time() {
        let pb = Playbook::default();
        let mut i = declared();
        set_severity(&mut i, Severity::Sev2, &actor("2026-11-01T03:02:00Z")).unwrap();
        post_update(
            &mut i,
            UpdateDraft {
                impact: "All API calls fail".into(),
                actions: "Rolling back".into(),
                message: "We are investigating API errors.".into(),
                public: true,
            },
            &pb,
            &actor("2026-11-01T03:05:00Z"),
        )
        .unwrap();
        // SEV2: every 30 minutes.
        assert_eq!(next_update_due(&i, &pb), Some(at("2026-11-01T03:35:00Z")));
        assert_eq!(
            i.updates[0].next_update_at,
            Some(at("2026-11-01T03:35:00Z"))
        );
        assert!(post_update(
            &mut i,
            UpdateDraft {
                impact: String::new(),
                actions: String::new(),
                message: " ".into(),
                public: false
            },
            &pb,
            &actor("2026-11-01T03:06:00Z")
        )
        .is_err());
    }

    #[test]
    fn an_upgrade_gets_the_stricter_response_time_from_the_change() {
        let pb = Playbook::default();
        let mut i = declare(
            Declaration {
                id: "inc-2".into(),
                title: "Slow dashboard".into(),
                severity: Severity::Sev3,
                components: vec![],
                detection: DetectionSource::Engineer,
                started_at: None,
                drill: false,
            },
            &actor("2026-11-01T03:00:00Z"),
        )
        .unwrap();
        set_severity(&mut i, Severity::Sev1, &actor("2026-11-01T03:20:00Z")).unwrap();
        assert_eq!(
            response_sla(&i, &pb, at("2026-11-01T03:21:00Z")),
            Sla::Running {
                due: at("2026-11-01T03:25:00Z"),
                overdue: false
            }
        );
    }

    #[test]
    fn escalation_and_decisions_are_events() {
        let pb = Playbook::default();
        let mut i = declared();
        // SEV1 at 16 minutes: on-call, EM (5 min) and VP Eng (15 min) are due.
        let due: Vec<&str> = pb
            .escalation_due(Severity::Sev1, 16)
            .iter()
            .map(|r| r.level.as_str())
            .collect();
        assert_eq!(due, ["on-call", "em", "vp-eng"]);
        engage(&mut i, "em", None, &actor("2026-11-01T03:06:00Z")).unwrap();
        assert_eq!(engaged_at(&i, "em"), Some(at("2026-11-01T03:06:00Z")));
        assert!(engage(&mut i, "em", None, &actor("2026-11-01T03:07:00Z")).is_err());
        decide(
            &mut i,
            "Deploy 4812 went out at 02:55; errors began at 02:58",
            Some("ROLLBACK"),
            &actor("2026-11-01T03:08:00Z"),
        )
        .unwrap();
        assert!(
            matches!(&i.timeline.last().unwrap().kind, EventKind::Decision { outcome: Some(o), .. } if o == "ROLLBACK")
        );
    }

    #[test]
    fn roles_notes_and_checklists_are_events() {
        let pb = Playbook::default();
        let mut i = declared();
        assign_role(
            &mut i,
            Role::IncidentCommander,
            Some("p-ana".into()),
            &actor("2026-11-01T03:01:00Z"),
        )
        .unwrap();
        add_note(&mut i, "DB CPU at 100%", &actor("2026-11-01T03:02:00Z")).unwrap();
        let list = &pb.checklists[0];
        tick(
            &mut i,
            &pb,
            &list.id,
            &list.items[0].id,
            true,
            &actor("2026-11-01T03:03:00Z"),
        )
        .unwrap();
        assert_eq!(i.checklist_state().len(), 1);
        tick(
            &mut i,
            &pb,
            &list.id,
            &list.items[0].id,
            false,
            &actor("2026-11-01T03:04:00Z"),
        )
        .unwrap();
        assert_eq!(i.checklist_state().len(), 0);
        assert_eq!(i.roles.incident_commander.as_deref(), Some("p-ana"));
        assert_eq!(i.timeline.len(), 5);
    }
}
