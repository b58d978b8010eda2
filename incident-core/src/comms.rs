//! Words for people outside the incident: the status-page update, the customer email, the
//! internal update, and the post-mortem, each drafted from the incident on the playbook's
//! templates; and the post-mortem's life (write, publish) and its action items, as pure
//! functions in the style of [`crate::ops`].

use chrono::NaiveDate;

use crate::merge::touch;
use crate::model::{
    ActionItem, ActionStatus, Event, EventKind, Incident, IncidentStatus, Postmortem, Priority,
    Settings, Stamp, Stamps,
};
use crate::ops::{Actor, Refused};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

fn stamp(actor: &Actor) -> Stamp {
    Stamp {
        at: actor.now,
        device: actor.device.clone(),
    }
}

/// Fills `[Placeholder]`s of a template: each pair replaces every occurrence of its key.
fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in pairs {
        out = out.replace(key, value);
    }
    out
}

/// The affected components' names, joined for a sentence ("REST API and GraphQL API").
pub fn component_names(incident: &Incident, settings: &Settings) -> String {
    let names: Vec<String> = incident
        .components
        .iter()
        .map(|c| {
            settings
                .component(&c.component)
                .map_or_else(|| c.component.clone(), |x| x.name.clone())
        })
        .collect();
    match names.as_slice() {
        [] => "our service".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The latest impact and actions written in an update, if any.
fn latest(incident: &Incident) -> (Option<String>, Option<String>) {
    let u = incident.updates.iter().rev().find(|u| !u.impact.is_empty());
    (
        u.map(|u| u.impact.clone()),
        incident
            .updates
            .last()
            .map(|u| u.actions.clone())
            .filter(|a| !a.is_empty()),
    )
}

/// A status-page draft: the status to post, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPageDraft {
    pub status: IncidentStatus,
    pub message: String,
}

/// The public status-page update for the incident now: the playbook's template for its severity
/// where there is one (the SEV1 template), and the same structure in plainer words otherwise.
pub fn status_page_draft(incident: &Incident, settings: &Settings) -> StatusPageDraft {
    let service = component_names(incident, settings);
    let (impact, _) = latest(incident);
    let impact =
        impact.unwrap_or_else(|| format!("Some requests to {service} may fail or be slow."));
    let next = settings
        .playbook
        .update_minutes(incident.severity)
        .map_or_else(
            || "We will post an update when we know more.".to_owned(),
            |m| format!("Next update in {m} minutes."),
        );
    let template = settings
        .playbook
        .templates
        .status_page
        .iter()
        .find(|t| t.severity == incident.severity);
    let message = match (template, incident.status) {
        (_, IncidentStatus::Resolved) => format!(
            "This incident has been resolved. {service} is operating normally. We will publish a post-mortem."
        ),
        (_, IncidentStatus::Monitoring) => format!(
            "A fix has been applied to {service} and we are monitoring the results.\n\nImpact: {impact}\n\n{next}"
        ),
        (Some(t), _) => fill(
            &t.body,
            &[
                ("[service]", service.clone()),
                ("[Specific impact]", impact.clone()),
                ("[If available]", "None at this time.".to_owned()),
                ("Next update in 15 minutes.", next.clone()),
            ],
        ),
        (None, IncidentStatus::Identified) => format!(
            "We have identified the cause of an issue affecting {service} and are working on a fix.\n\nImpact: {impact}\n\n{next}"
        ),
        (None, _) => format!(
            "We are investigating an issue affecting {service}.\n\nImpact: {impact}\n\n{next}"
        ),
    };
    StatusPageDraft {
        status: incident.status,
        message,
    }
}

/// When the customer email is due for this incident (SEV1/SEV2 by default, 30 minutes after the
/// start), if the playbook asks for one.
pub fn customer_email_due(incident: &Incident, settings: &Settings) -> Option<Timestamp> {
    let t = &settings.playbook.templates.customer_email;
    t.severities
        .contains(&incident.severity)
        .then(|| incident.started_at.plus_minutes(i64::from(t.after_minutes)))
}

/// Whether the workspace should now prompt for the customer email: due, still open, and not sent.
pub fn customer_email_prompt(incident: &Incident, settings: &Settings, now: Timestamp) -> bool {
    incident.is_open()
        && !incident.drill
        && customer_email_sent(incident).is_none()
        && customer_email_due(incident, settings).is_some_and(|due| now >= due)
}

/// When the customer email was recorded as sent.
pub fn customer_email_sent(incident: &Incident) -> Option<Timestamp> {
    incident.timeline.iter().find_map(|e| match &e.kind {
        EventKind::Decision {
            outcome: Some(o), ..
        } if o == CUSTOMER_EMAIL_SENT => Some(e.at),
        _ => None,
    })
}

/// The outcome of the decision event that records the customer email.
pub const CUSTOMER_EMAIL_SENT: &str = "customer email sent";

/// The customer email: subject and body on the playbook's template.
pub fn customer_email(incident: &Incident, settings: &Settings) -> (String, String) {
    let t = &settings.playbook.templates.customer_email;
    let service = component_names(incident, settings);
    let (impact, _) = latest(incident);
    let url = settings.organization.status_page_url.clone();
    let subject = fill(
        &t.subject,
        &[
            ("[SEV1]", format!("[{}]", incident.severity)),
            ("[Service Name]", service.clone()),
        ],
    );
    let mut body = fill(
        &t.body,
        &[
            ("[service description]", service.clone()),
            ("[timestamp]", incident.started_at.utc_minute()),
            (
                "[specific impact]",
                impact.unwrap_or_else(|| incident.title.clone()),
            ),
            (
                "[investigation/mitigation/resolution]",
                match incident.status {
                    IncidentStatus::Investigating => "Investigating".to_owned(),
                    IncidentStatus::Identified => "Mitigation in progress".to_owned(),
                    IncidentStatus::Monitoring => "Fix applied, monitoring".to_owned(),
                    IncidentStatus::Resolved => "Resolved".to_owned(),
                },
            ),
        ],
    );
    if !url.is_empty() {
        body = body.replace("https://status.cygni.dev", &url);
    }
    (subject, body)
}

/// The internal update on the playbook's template, filled from the incident now.
pub fn internal_update(incident: &Incident, settings: &Settings, now: Timestamp) -> String {
    let (impact, actions) = latest(incident);
    let next = crate::ops::next_update_due(incident, &settings.playbook)
        .map_or_else(|| "as needed".to_owned(), |t| t.utc_minute());
    fill(
        &settings.playbook.templates.internal_update,
        &[
            ("[Time]", now.utc_minute()),
            ("SEV[1-4]", incident.severity.to_string()),
            (
                "[Investigating/Identified/Monitoring/Resolved]",
                incident.status.label().to_owned(),
            ),
            ("[Customer impact description]", impact.unwrap_or_default()),
            ("[What we're doing]", actions.unwrap_or_default()),
            ("Next Update: [Time]", format!("Next Update: {next}")),
        ],
    )
}

/// Records that the customer email went out (the workspace stops prompting).
pub fn record_customer_email(incident: &mut Incident, actor: &Actor) -> Result<(), Refused> {
    if customer_email_sent(incident).is_some() {
        return Err(Refused(
            "The customer email is already recorded as sent.".to_owned(),
        ));
    }
    push(
        incident,
        actor,
        EventKind::Decision {
            text: "Customer email sent".to_owned(),
            outcome: Some(CUSTOMER_EMAIL_SENT.to_owned()),
        },
    )
}

fn push(incident: &mut Incident, actor: &Actor, kind: EventKind) -> Result<(), Refused> {
    crate::ops::not_before_last(incident, actor)?;
    crate::ops::push_event(incident, actor, kind);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Post-mortem
// ---------------------------------------------------------------------------------------------

/// When the post-mortem is due: the playbook's hours (48) after resolution.
pub fn postmortem_due(incident: &Incident, settings: &Settings) -> Option<Timestamp> {
    incident
        .resolved_at
        .map(|r| r.plus_minutes(i64::from(settings.playbook.postmortem_due_hours) * 60))
}

/// Whether an event belongs in the post-mortem's timeline by default.
pub fn is_key_event(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Declared { .. }
            | EventKind::Acknowledged
            | EventKind::SeverityChanged { .. }
            | EventKind::StatusChanged { .. }
            | EventKind::Decision { .. }
            | EventKind::EscalationEngaged { .. }
            | EventKind::Reopened { .. }
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
        EventKind::UpdatePosted { update, .. } => incident
            .updates
            .iter()
            .find(|u| u.id == *update)
            .map_or_else(
                || "Status page updated".to_owned(),
                |u| format!("Status page updated: {}", first_line(&u.message)),
            ),
        EventKind::Note { text } => format!("Note: {}", first_line(text)),
        EventKind::Paged { message, .. } => format!("Paged for help: {}", first_line(message)),
        EventKind::ChecklistItemDone { item, .. } => format!("Checklist: {item} done"),
        EventKind::ChecklistItemUndone { item, .. } => format!("Checklist: {item} undone"),
        EventKind::RoleAssigned { role, .. } => format!("{} assigned", role.label()),
        EventKind::ComponentsChanged { .. } => "Affected components changed".to_owned(),
        EventKind::PostmortemPublished => "Post-mortem published".to_owned(),
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
/// severity, impact, and the UTC timeline of the events chosen (`events`: ids, in any order; by
/// default the key ones, see [`is_key_event`]). The analysis sections keep the template's
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
    let (impact, _) = latest(incident);
    let impact = impact.unwrap_or_else(|| {
        format!(
            "{} affected ({})",
            component_names(incident, settings),
            incident.title
        )
    });
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
            ("[Incident Title]", incident.title.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::ops::{self, Declaration};
    use crate::sample::sample_settings;

    fn at(min: i64) -> Timestamp {
        let t = Timestamp::parse("2026-11-26T03:00:00Z").unwrap();
        t.plus_minutes(min)
    }

    fn actor(min: i64) -> Actor {
        Actor {
            person: Some("p-maya".to_owned()),
            device: "dev-a".to_owned(),
            now: at(min),
        }
    }

    fn sev1() -> (Incident, Settings) {
        let settings = sample_settings(at(0));
        let inc = ops::declare(
            Declaration {
                id: "inc-1".to_owned(),
                title: "API Down".to_owned(),
                severity: Severity::Sev1,
                components: vec![crate::model::AffectedComponent {
                    component: "api-rest".to_owned(),
                    impact: crate::model::Impact::MajorOutage,
                }],
                detection: crate::model::DetectionSource::AutomatedAlert,
                started_at: None,
                drill: false,
            },
            &actor(0),
        )
        .unwrap();
        (inc, settings)
    }

    #[test]
    fn the_customer_email_is_due_30_minutes_into_a_sev1_and_stops_prompting_once_sent() {
        let (mut inc, settings) = sev1();
        assert!(!customer_email_prompt(&inc, &settings, at(29)));
        assert!(customer_email_prompt(&inc, &settings, at(30)));
        let (subject, body) = customer_email(&inc, &settings);
        assert_eq!(subject, "[SEV1] Cygni Service Disruption - REST API");
        assert!(body.contains("Start Time: 2026-11-26 03:00 UTC"), "{body}");
        record_customer_email(&mut inc, &actor(31)).unwrap();
        assert!(!customer_email_prompt(&inc, &settings, at(40)));
        // SEV3 never asks for one.
        ops::set_severity(&mut inc, Severity::Sev3, &actor(41)).unwrap();
        inc.timeline.clear();
        assert!(!customer_email_prompt(&inc, &settings, at(90)));
    }

    #[test]
    fn status_page_drafts_use_the_sev1_template_and_plain_words_for_the_others() {
        let (mut inc, settings) = sev1();
        let d = status_page_draft(&inc, &settings);
        assert!(d
            .message
            .starts_with("We are currently experiencing a service disruption affecting REST API."));
        assert!(d.message.contains("Next update in 15 minutes."));
        ops::set_severity(&mut inc, Severity::Sev2, &actor(2)).unwrap();
        let d = status_page_draft(&inc, &settings);
        assert!(d
            .message
            .starts_with("We are investigating an issue affecting REST API."));
        assert!(d.message.contains("Next update in 30 minutes."));
    }

    #[test]
    fn the_postmortem_draft_is_filled_from_the_incident() {
        let (mut inc, settings) = sev1();
        ops::acknowledge(&mut inc, &actor(3)).unwrap();
        ops::add_note(&mut inc, "Jonas suspects the deploy", &actor(5)).unwrap();
        ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(47)).unwrap();
        let md = postmortem_draft(&inc, &settings, None);
        assert!(md.starts_with("# Incident Post-Mortem: API Down"));
        assert!(md.contains("- Date: 2026-11-26"));
        assert!(md.contains("- Duration: 03:00 - 03:47 (47 min)"), "{md}");
        assert!(md.contains("- Severity: SEV1"));
        assert!(md.contains("- 03:03 - Responder acknowledged"));
        assert!(md.contains("- 03:47 - Status: Resolved"));
        // Notes are not key events (and carry names), so they are left out unless chosen.
        assert!(!md.contains("Jonas suspects"));
        assert!(md.contains("## Root Cause"));
        assert!(!md.contains("HH:MM - Alert fired"));
    }

    #[test]
    fn publishing_needs_a_resolved_incident_a_text_and_never_a_drill() {
        let (mut inc, settings) = sev1();
        assert!(write_postmortem(&mut inc, "# PM", &actor(5)).is_err());
        ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(47)).unwrap();
        assert!(publish_postmortem(&mut inc, &actor(48)).is_err());
        let draft = postmortem_draft(&inc, &settings, None);
        write_postmortem(&mut inc, &draft, &actor(60)).unwrap();
        // Not before the public heard of the incident.
        let err = publish_postmortem(&mut inc, &actor(61)).unwrap_err();
        assert!(err.0.contains("post a status page update first"));
        let update = ops::UpdateDraft {
            impact: String::new(),
            actions: String::new(),
            message: "Resolved.".to_owned(),
            public: true,
        };
        ops::post_update(&mut inc, update, &settings.playbook, &actor(61)).unwrap();
        publish_postmortem(&mut inc, &actor(61)).unwrap();
        assert_eq!(
            crate::public::project(
                &crate::bundle::Bundle {
                    incidents: vec![inc.clone()],
                    ..crate::bundle::Bundle::new(settings.clone(), "d", at(62))
                },
                at(62)
            )
            .incidents[0]
                .status
                .key(),
            "postmortem"
        );
        let pm = inc.postmortem.as_ref().unwrap();
        assert!(pm.published);
        assert_eq!(pm.published_at, Some(at(61)));
        assert!(matches!(
            inc.timeline.last().unwrap().kind,
            EventKind::PostmortemPublished
        ));
        let mut drill = inc.clone();
        drill.drill = true;
        drill.postmortem.as_mut().unwrap().published = false;
        assert!(publish_postmortem(&mut drill, &actor(62)).is_err());
    }

    #[test]
    fn action_items_are_records_stamped_field_by_field() {
        let (mut inc, settings) = sev1();
        let d = ActionItemDraft {
            action: "Add a canary for the API".to_owned(),
            owner: Some("p-jonas".to_owned()),
            due: NaiveDate::from_ymd_opt(2026, 12, 3),
            priority: Priority::P1,
            status: ActionStatus::Open,
        };
        put_action_item(&mut inc, "ai-1", d.clone(), &settings, &actor(60)).unwrap();
        put_action_item(
            &mut inc,
            "ai-1",
            ActionItemDraft {
                status: ActionStatus::Done,
                ..d.clone()
            },
            &settings,
            &actor(70),
        )
        .unwrap();
        let item = inc.action_items[0].clone();
        assert_eq!(item.completed_at, Some(at(70)));
        assert_eq!(item.stamps["status"].at, at(70));
        assert_eq!(item.stamps["action"].at, at(60));
        assert!(put_action_item(
            &mut inc,
            "ai-2",
            ActionItemDraft {
                owner: Some("nobody".to_owned()),
                ..d
            },
            &settings,
            &actor(71)
        )
        .is_err());
        let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert!(!is_overdue(&item, today));
        let mut late = item.clone();
        late.status = ActionStatus::Open;
        assert!(is_overdue(&late, today));
        let table = action_items_table(&inc, &settings);
        assert!(table.contains("| Add a canary for the API | Jonas Berg | 2026-12-03 | P1 |"));
    }
}
