//! Words for people outside the incident: the status-page update, the customer email, the
//! internal update, and the post-mortem, each drafted from the incident on the playbook's
//! templates; and the post-mortem's life (write, publish) and its action items, as pure
//! functions in the style of [`crate::ops`].

use crate::model::{EventKind, Incident, IncidentStatus, Settings, Stamp};
use crate::ops::{Actor, Refused};
use crate::time::Timestamp;

mod postmortem;

pub use postmortem::{
    action_items_table, event_line, is_key_event, is_overdue, postmortem_draft, postmortem_due,
    publish_postmortem, put_action_item, write_postmortem, ActionItemDraft,
};

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

#[cfg(test)]
mod tests;
