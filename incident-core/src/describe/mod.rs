//! Timeline events in words: the one description the workspace shows for an event (its
//! timeline), with people, checklist items, escalation levels and components named as the
//! settings name them, and conflicts as [`conflict`] words them.

pub mod conflict;

use crate::model::{Event, EventKind, Incident, Settings};

/// One line of the timeline, in words.
pub fn event(e: &Event, incident: &Incident, settings: &Settings) -> String {
    match &e.kind {
        EventKind::Declared { severity } => format!("Declared as {}", severity.label()),
        EventKind::Acknowledged => "Acknowledged (response clock stopped)".to_owned(),
        EventKind::SeverityChanged { from, to } => {
            format!("Severity changed from {} to {}", from.label(), to.label())
        }
        EventKind::StatusChanged { from, to } => {
            format!("Status changed from {} to {}", from.label(), to.label())
        }
        EventKind::RoleAssigned { role, person } => match person {
            Some(p) => format!("{}: {}", role.label(), person_name(settings, p)),
            None => format!("{} unassigned", role.label()),
        },
        EventKind::UpdatePosted { update, public } => {
            let text = incident
                .updates
                .iter()
                .find(|u| u.id == *update)
                .map(|u| u.message.clone())
                .unwrap_or_default();
            let kind = if *public {
                "Status page update"
            } else {
                "Internal update"
            };
            format!("{kind}: {text}")
        }
        EventKind::ChecklistItemDone { checklist, item } => {
            format!("Checked: {}", checklist_text(settings, checklist, item))
        }
        EventKind::ChecklistItemUndone { checklist, item } => {
            format!("Unchecked: {}", checklist_text(settings, checklist, item))
        }
        EventKind::EscalationEngaged { level, person } => {
            let name = settings
                .playbook
                .escalation_level(level)
                .map_or(level.as_str(), |l| l.name.as_str());
            match person {
                Some(p) => format!("Escalation engaged: {name} ({})", person_name(settings, p)),
                None => format!("Escalation engaged: {name}"),
            }
        }
        EventKind::Paged { target, message } => format!("Paged {target}: {message}"),
        EventKind::Decision { text, outcome } => match outcome {
            Some(o) => format!("Decision: {text} → {o}"),
            None => format!("Decision: {text}"),
        },
        EventKind::Note { text } => format!("Note: {text}"),
        EventKind::ComponentsChanged { components } if components.is_empty() => {
            "Affected components: none".to_owned()
        }
        EventKind::ComponentsChanged { components } => format!(
            "Affected components: {}",
            components
                .iter()
                .map(|c| format!(
                    "{} ({})",
                    settings
                        .component(&c.component)
                        .map_or(c.component.as_str(), |x| x.name.as_str()),
                    c.impact.label()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        EventKind::Reopened { reason } => format!("Re-opened: {reason}"),
        EventKind::PostmortemPublished => "Post-mortem published".to_owned(),
        EventKind::Notified { who } => format!("Told: {who}"),
        EventKind::NotifiedUndone { who } => format!("Not told after all: {who}"),
        EventKind::Conflict {
            field,
            value,
            stamp,
        } => format!(
            "Conflict: {}",
            conflict::incident_view(
                &e.id,
                field,
                value,
                stamp,
                incident,
                settings,
                &conflict::Authors::default()
            )
            .sentence()
        ),
    }
}

/// A person's name, or the id of someone the settings do not know.
pub fn person_name(settings: &Settings, id: &str) -> String {
    settings
        .person(id)
        .map_or_else(|| id.to_owned(), |p| p.name.clone())
}

fn checklist_text(settings: &Settings, checklist: &str, item: &str) -> String {
    settings
        .playbook
        .checklist(checklist)
        .and_then(|c| c.items.iter().find(|i| i.id == item))
        .map_or_else(|| item.to_owned(), |i| i.text.clone())
}

/// Who is on call at `now`, by each schedule of the settings (removed ones left out), in words:
/// "Ana Lima (Primary on-call)".
pub fn on_call_now(
    settings: &Settings,
    tombstones: &[crate::model::Tombstone],
    now: crate::time::Timestamp,
) -> Vec<String> {
    let live = crate::merge::live_settings(settings, tombstones);
    live.oncall_schedules
        .iter()
        .filter_map(|s| {
            s.on_call_at(now)
                .map(|p| format!("{} ({})", person_name(settings, p), s.name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::{AffectedComponent, Impact, Role};
    use crate::sample::{generate, SampleOptions};
    use crate::Timestamp;

    fn sample() -> crate::Bundle {
        generate(&SampleOptions {
            incidents: 5,
            seed: 3,
            now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
        })
    }

    fn at(kind: EventKind) -> Event {
        Event {
            id: "e1".to_owned(),
            at: Timestamp::parse("2026-11-01T11:00:00Z").unwrap(),
            by: None,
            kind,
        }
    }

    #[test]
    fn names_people_components_and_checklist_items_as_the_settings_do() {
        let b = sample();
        let (s, i) = (&b.settings, &b.incidents[0]);
        let person = &s.people[0];
        let line = event(
            &at(EventKind::RoleAssigned {
                role: Role::IncidentCommander,
                person: Some(person.id.clone()),
            }),
            i,
            s,
        );
        assert_eq!(line, format!("Incident Commander: {}", person.name));
        let stranger = event(
            &at(EventKind::RoleAssigned {
                role: Role::Scribe,
                person: Some("p-gone".to_owned()),
            }),
            i,
            s,
        );
        assert_eq!(stranger, "Scribe: p-gone");
        let c = &s.components[0];
        let line = event(
            &at(EventKind::ComponentsChanged {
                components: vec![AffectedComponent {
                    component: c.id.clone(),
                    impact: Impact::MajorOutage,
                }],
            }),
            i,
            s,
        );
        assert_eq!(
            line,
            format!("Affected components: {} (Major outage)", c.name)
        );
        let none = event(
            &at(EventKind::ComponentsChanged { components: vec![] }),
            i,
            s,
        );
        assert_eq!(none, "Affected components: none");
        let list = &s.playbook.checklists[0];
        let line = event(
            &at(EventKind::ChecklistItemDone {
                checklist: list.id.clone(),
                item: list.items[0].id.clone(),
            }),
            i,
            s,
        );
        assert_eq!(line, format!("Checked: {}", list.items[0].text));
    }

    #[test]
    fn an_update_says_whether_it_was_public() {
        let b = sample();
        let i = b.incidents.iter().find(|i| !i.updates.is_empty()).unwrap();
        let u = &i.updates[0];
        let line = event(
            &at(EventKind::UpdatePosted {
                update: u.id.clone(),
                public: false,
            }),
            i,
            &b.settings,
        );
        assert_eq!(line, format!("Internal update: {}", u.message));
    }
}
