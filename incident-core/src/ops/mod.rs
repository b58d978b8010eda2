//! What responders do to an incident, as pure functions: each takes the incident, the time and
//! who acts (`Actor`), checks that the action makes sense, appends the timeline event, and stamps
//! the fields it changed (through [`crate::merge::touch`], so copies merge field by field).
//!
//! The app calls these and stores the result; nothing here reads a clock or touches storage.

use crate::merge::touch;
use crate::model::{
    AffectedComponent, DetectionSource, Event, EventKind, Incident, IncidentLinks, IncidentStatus,
    Role, Roles, Severity, Stamp, Stamps, StatusUpdate,
};
use crate::playbook::Playbook;
use crate::stamp_keys as keys;
use crate::time::Timestamp;

mod public;
mod sla;

pub use public::{
    correct_update, retract_update, set_links, set_public_title, set_workaround, suggested_channel,
    tell,
};
pub use sla::{next_escalation, next_update_due, response_sla, severity_since, Sla};

/// Who acts, from which device, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// A person id from the settings, when the responder picked who they are.
    pub person: Option<String>,
    pub device: String,
    pub now: Timestamp,
}

impl Actor {
    /// The stamp of an edit made by this actor now.
    pub(crate) fn stamp(&self) -> Stamp {
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

/// A new incident, declared now: status Investigating, one `Declared` event; the declarer (when
/// known) is its Incident Commander.
pub fn declare(d: Declaration, actor: &Actor) -> Result<Incident, Refused> {
    let title = d.title.trim().to_owned();
    if title.is_empty() {
        return refuse("Give the incident a title: what is broken, as a customer would say it.");
    }
    if let Some(m) = crate::limits::too_long("The title", &title, crate::limits::TITLE) {
        return refuse(m);
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
        public_title: None,
        workaround: None,
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
        corrections: Vec::new(),
        links: IncidentLinks::default(),
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
    // Whoever declares is Incident Commander until they hand over (the playbook: "usually the
    // first responder"), when the workspace knows who they are.
    if let Some(p) = &actor.person {
        incident.roles.incident_commander = Some(p.clone());
        touch(
            &mut incident.stamps,
            keys::role(Role::IncidentCommander),
            actor.stamp(),
        );
        push_event(
            &mut incident,
            actor,
            EventKind::RoleAssigned {
                role: Role::IncidentCommander,
                person: Some(p.clone()),
            },
        );
    }
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
    crate::sort::ascending(&mut ids);
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

#[cfg(test)]
mod tests;

/// The items of the playbook's resolution confirmation not ticked on `incident`, in the
/// checklist's order (empty when the playbook has no such checklist).
pub fn unconfirmed<'p>(incident: &Incident, playbook: &'p Playbook) -> Vec<&'p str> {
    use crate::playbook::checklist_ids::RESOLUTION;
    let ticked = incident.checklist_state();
    playbook
        .checklist(RESOLUTION)
        .map_or_else(Vec::new, |list| {
            list.items
                .iter()
                .filter(|item| {
                    !ticked
                        .iter()
                        .any(|t| t.checklist == RESOLUTION && t.item == item.id)
                })
                .map(|item| item.text.as_str())
                .collect()
        })
}

/// The outcome of the decision that records a resolution without the full confirmation.
pub const RESOLVED_UNCONFIRMED: &str = "resolved without full confirmation";

/// Resolves the incident, as the playbook asks: every item of the resolution confirmation
/// ticked, or a reason to resolve anyway, recorded in the timeline with the items left unticked.
pub fn resolve(
    incident: &mut Incident,
    playbook: &Playbook,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<(), Refused> {
    let open: Vec<String> = unconfirmed(incident, playbook)
        .into_iter()
        .map(str::to_owned)
        .collect();
    if !open.is_empty() {
        let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
            return refuse(format!(
                "The resolution confirmation is not complete: {} not ticked. Tick them, or give the reason to resolve anyway.",
                open.join(", ")
            ));
        };
        if incident.status == IncidentStatus::Resolved {
            return refuse("The incident is already Resolved.");
        }
        not_before_last(incident, actor)?;
        push_event(
            incident,
            actor,
            EventKind::Decision {
                text: format!(
                    "Resolved with the confirmation incomplete (not ticked: {}). Reason: {reason}",
                    open.join(", ")
                ),
                outcome: Some(RESOLVED_UNCONFIRMED.to_owned()),
            },
        );
    }
    set_status(incident, IncidentStatus::Resolved, None, actor)
}
