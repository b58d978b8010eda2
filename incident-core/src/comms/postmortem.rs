//! The post-mortem: when it is due, its draft on the playbook's template, writing and
//! publishing it, and its action items.

use chrono::NaiveDate;

use crate::merge::touch;
use crate::model::{
    ActionItem, ActionStatus, Event, EventKind, Incident, IncidentStatus, Postmortem, Priority,
    Settings, Stamp, Stamps,
};
use crate::ops::{Actor, Refused};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

use super::{fill, public_impact, push, stamp};

/// When the post-mortem is due: the playbook's hours (48) after resolution.
pub fn postmortem_due(incident: &Incident, settings: &Settings) -> Option<Timestamp> {
    incident
        .resolved_at
        .map(|r| r.plus_minutes(i64::from(settings.playbook.postmortem_due_hours) * 60))
}

/// Whether an event belongs in the post-mortem's timeline by default: the public ones, whose
/// line says only what the status page already told (declared, acknowledged, severity and status
/// changes, public updates). The others (decisions, escalations, re-openings, notes, pages,
/// ticks, internal updates) are internal: the draft offers them, marked so, and never chooses
/// them by default, since a post-mortem may be published.
pub fn is_key_event(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Declared { .. }
            | EventKind::Acknowledged
            | EventKind::SeverityChanged { .. }
            | EventKind::StatusChanged { .. }
            | EventKind::UpdatePosted { public: true, .. }
    )
}

/// One line of an event for the post-mortem's timeline (no names: the post-mortem is blameless
/// and may be published).
pub fn event_line(incident: &Incident, e: &Event, settings: &Settings) -> String {
    let what = match &e.kind {
        EventKind::Declared { severity } => format!("Incident declared as {severity}"),
        EventKind::Acknowledged => "Responder acknowledged".to_owned(),
        EventKind::SeverityChanged { from, to } => format!("Severity changed from {from} to {to}"),
        EventKind::StatusChanged { to, .. } => format!("Status: {}", to.label()),
        EventKind::Decision { text, .. } => format!("Decision: {text}"),
        EventKind::EscalationEngaged { level, .. } => format!(
            "Escalated to {}",
            settings
                .playbook
                .escalation_level(level)
                .map_or(level.as_str(), |l| l.name.as_str())
        ),
        EventKind::Reopened { reason } => format!("Re-opened: {reason}"),
        // What the public reads of it now: corrected, or retracted.
        EventKind::UpdatePosted { update, .. } => match (
            incident.updates.iter().find(|u| u.id == *update),
            incident.correction_of(update),
        ) {
            (_, Some(c)) => c.message.as_deref().map_or_else(
                || "Status page update (retracted)".to_owned(),
                |m| format!("Status page updated: {}", first_line(m)),
            ),
            (Some(u), None) => format!("Status page updated: {}", first_line(&u.message)),
            (None, None) => "Status page updated".to_owned(),
        },
        EventKind::Note { text } => format!("Note: {}", first_line(text)),
        EventKind::Paged { message, .. } => format!("Paged for help: {}", first_line(message)),
        EventKind::ChecklistItemDone { item, .. } => format!("Checklist: {item} done"),
        EventKind::ChecklistItemUndone { item, .. } => format!("Checklist: {item} undone"),
        EventKind::RoleAssigned { role, .. } => format!("{} assigned", role.label()),
        EventKind::ComponentsChanged { .. } => "Affected components changed".to_owned(),
        EventKind::PostmortemPublished => "Post-mortem published".to_owned(),
        EventKind::Notified { .. } | EventKind::NotifiedUndone { .. } => {
            "Notification list ticked".to_owned()
        }
        EventKind::Conflict { .. } => "Edit conflict recorded".to_owned(),
    };
    format!("- {} - {what}", e.at.utc_hhmm())
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() > 120 {
        format!("{}…", line.chars().take(119).collect::<String>())
    } else {
        line.to_owned()
    }
}

fn duration_words(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 1440 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} d {} h", m / 1440, (m % 1440) / 60),
    }
}

/// The post-mortem template filled from the incident: title, date, start, end and duration,
/// severity, impact (public words: [`super::public_impact`]), and the UTC timeline of the events
/// chosen (`events`: ids, in any order; by default the public ones, see [`is_key_event`]). The analysis sections keep the template's
/// prompts for the authors.
pub fn postmortem_draft(
    incident: &Incident,
    settings: &Settings,
    events: Option<&[String]>,
) -> String {
    let end = incident.resolved_at;
    let duration = end.map_or_else(
        || "ongoing".to_owned(),
        |r| duration_words(r.minutes_since(incident.started_at)),
    );
    // Public words only: the components and how badly each was affected.
    let impact = public_impact(incident, settings);
    let lines: Vec<String> = incident
        .timeline
        .iter()
        .filter(|e| match events {
            Some(ids) => ids.contains(&e.id),
            None => is_key_event(&e.kind),
        })
        .map(|e| event_line(incident, e, settings))
        .collect();
    let timeline = format!("All times UTC.\n{}", lines.join("\n"));
    let summary_duration = format!(
        "{} - {} ({duration})",
        incident.started_at.utc_hhmm(),
        end.map_or_else(|| "ongoing".to_owned(), Timestamp::utc_hhmm)
    );
    let mut text = fill(
        &settings.playbook.templates.postmortem,
        &[
            ("[Incident Title]", super::public_title(incident, settings)),
            ("[Date]", incident.started_at.utc_date()),
            ("[Start] - [End] ([Total duration])", summary_duration),
            ("SEV[1-4]", incident.severity.to_string()),
            ("[Customer/Business impact]", impact),
        ],
    );
    // The template's example timeline becomes the incident's.
    if let (Some(start), Some(end)) = (text.find("[Use UTC times]"), text.find("## Root Cause")) {
        text.replace_range(start..end, &format!("{timeline}\n\n"));
    }
    // The action items table becomes the incident's items (the section stays internal: the
    // public projection removes it).
    if !incident.action_items.is_empty() {
        if let Some(start) = text.find("| Action | Owner") {
            let end = text[start..].find("\n\n").map_or(text.len(), |n| start + n);
            text.replace_range(start..end, &action_items_table(incident, settings));
        }
    }
    text
}

/// The action items as the template's markdown table.
pub fn action_items_table(incident: &Incident, settings: &Settings) -> String {
    let mut t = String::from(
        "| Action | Owner | Due Date | Priority |\n|--------|-------|----------|----------|",
    );
    for a in &incident.action_items {
        let owner = a
            .owner
            .as_deref()
            .and_then(|o| settings.person(o))
            .map_or("", |p| p.name.as_str());
        let due = a.due.map(|d| d.to_string()).unwrap_or_default();
        t.push_str(&format!(
            "\n| {} | {owner} | {due} | {} |",
            a.action.replace('|', "\\|"),
            a.priority.label()
        ));
    }
    t
}

/// Saves the post-mortem's text (a draft until published; a published one stays published and
/// its public page shows the new text).
pub fn write_postmortem(
    incident: &mut Incident,
    markdown: &str,
    actor: &Actor,
) -> Result<(), Refused> {
    if incident.status != IncidentStatus::Resolved {
        return Err(Refused(
            "The post-mortem is written after the incident is resolved.".to_owned(),
        ));
    }
    if markdown.trim().is_empty() {
        return Err(Refused("The post-mortem is empty.".to_owned()));
    }
    let published = incident.postmortem.as_ref().is_some_and(|p| p.published);
    let published_at = incident.postmortem.as_ref().and_then(|p| p.published_at);
    incident.postmortem = Some(Postmortem {
        markdown: markdown.to_owned(),
        published,
        published_at,
        updated_at: actor.now,
    });
    touch(&mut incident.stamps, keys::POSTMORTEM, stamp(actor));
    Ok(())
}

/// Publishes the post-mortem: the status site renders it at `postmortems/<id>/` and the
/// incident's public status becomes `postmortem`. Drills are never published.
pub fn publish_postmortem(incident: &mut Incident, actor: &Actor) -> Result<(), Refused> {
    if incident.drill {
        return Err(Refused(
            "A drill's review stays internal: drills never reach the status site.".to_owned(),
        ));
    }
    crate::ops::not_before_last(incident, actor)?;
    let told = incident
        .updates
        .iter()
        .filter(|u| u.public)
        .max_by_key(|u| u.at)
        .map(|u| u.status);
    match told {
        None => {
            return Err(Refused(
                "The status site shows only incidents the public was told about: post a status page update first, then publish the post-mortem.".to_owned(),
            ))
        }
        Some(s) if s != IncidentStatus::Resolved => {
            return Err(Refused(format!(
                "The status page still says {}: post the public resolved update first, then publish the post-mortem.",
                s.label()
            )))
        }
        Some(_) => {}
    }
    let Some(pm) = incident.postmortem.as_mut() else {
        return Err(Refused("Write and save the post-mortem first.".to_owned()));
    };
    if pm.published {
        return Err(Refused("The post-mortem is already published.".to_owned()));
    }
    pm.published = true;
    pm.published_at = Some(actor.now);
    pm.updated_at = actor.now;
    touch(&mut incident.stamps, keys::POSTMORTEM, stamp(actor));
    push(incident, actor, EventKind::PostmortemPublished)
}

/// What an action item says, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItemDraft {
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub status: ActionStatus,
    /// On the published post-mortem's follow-up list (action and status only).
    pub public: bool,
}

/// Adds (`id` new) or changes an action item of the incident; each changed field is stamped.
pub fn put_action_item(
    incident: &mut Incident,
    id: &str,
    d: ActionItemDraft,
    settings: &Settings,
    actor: &Actor,
) -> Result<(), Refused> {
    let action = d.action.trim().to_owned();
    if action.is_empty() {
        return Err(Refused("Say what the action is.".to_owned()));
    }
    if let Some(o) = &d.owner {
        if settings.person(o).is_none() {
            return Err(Refused(format!("{o:?} is not a person in the settings.")));
        }
    }
    if !crate::validate::is_valid_id(id) {
        return Err(Refused(format!("{id:?} is not a usable id")));
    }
    let s = stamp(actor);
    let item = match incident.action_items.iter_mut().position(|a| a.id == id) {
        Some(n) => &mut incident.action_items[n],
        None => {
            incident.action_items.push(ActionItem {
                id: id.to_owned(),
                action: String::new(),
                owner: None,
                due: None,
                priority: d.priority,
                status: ActionStatus::Open,
                created_at: actor.now,
                completed_at: None,
                public: false,
                stamps: Stamps::new(),
            });
            let item = incident
                .action_items
                .last_mut()
                .ok_or_else(|| Refused("no item".into()))?;
            touch(&mut item.stamps, keys::CREATED_AT, s.clone());
            touch(&mut item.stamps, keys::PRIORITY, s.clone());
            item
        }
    };
    set(&mut item.action, action, &mut item.stamps, keys::ACTION, &s);
    set(&mut item.owner, d.owner, &mut item.stamps, keys::OWNER, &s);
    set(&mut item.due, d.due, &mut item.stamps, keys::DUE, &s);
    set(
        &mut item.priority,
        d.priority,
        &mut item.stamps,
        keys::PRIORITY,
        &s,
    );
    set(
        &mut item.public,
        d.public,
        &mut item.stamps,
        keys::PUBLIC,
        &s,
    );
    if set(
        &mut item.status,
        d.status,
        &mut item.stamps,
        keys::STATUS,
        &s,
    ) {
        item.completed_at = (d.status == ActionStatus::Done).then_some(actor.now);
    }
    Ok(())
}

/// Sets a stamped field if the value differs, stamping it; says whether it changed.
fn set<T: PartialEq>(slot: &mut T, value: T, stamps: &mut Stamps, key: &str, s: &Stamp) -> bool {
    if *slot == value {
        return false;
    }
    *slot = value;
    touch(stamps, key, s.clone());
    true
}

/// Whether an open action item is past its due date on `today`.
pub fn is_overdue(item: &ActionItem, today: NaiveDate) -> bool {
    item.status != ActionStatus::Done && item.due.is_some_and(|d| d < today)
}
