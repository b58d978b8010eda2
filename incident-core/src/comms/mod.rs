//! Words for people outside the incident: the status-page update, the customer email, the
//! internal update, and the post-mortem, each drafted from the incident on the playbook's
//! templates; and the post-mortem's life (write, publish) and its action items, as pure
//! functions in the style of [`crate::ops`].

use crate::model::{EventKind, Impact, Incident, IncidentStatus, Settings, Stamp};
use crate::ops::{Actor, Refused};
use crate::time::Timestamp;
use crate::vocabulary::Severity;

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

/// The latest impact and actions written in an update, if any: internal words (the update
/// form's Impact and Current actions never reach the public), for the internal update only.
fn latest_internal(incident: &Incident) -> (Option<String>, Option<String>) {
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

/// The customer impact in public words, from what the public already sees: the affected
/// components and how badly each is affected ("REST API is unavailable; Dashboard is slower than
/// usual."). Never from the update form's Impact, which is internal.
pub fn public_impact(incident: &Incident, settings: &Settings) -> String {
    if incident.components.is_empty() {
        return "Some requests may fail or be slow.".to_owned();
    }
    let parts: Vec<String> = incident
        .components
        .iter()
        .map(|c| {
            let name = settings
                .component(&c.component)
                .map_or_else(|| c.component.clone(), |x| x.name.clone());
            let how = match c.impact {
                Impact::MajorOutage => "is unavailable",
                Impact::PartialOutage => "is partly unavailable: some requests fail",
                Impact::DegradedPerformance => "is slower than usual",
            };
            format!("{name} {how}")
        })
        .collect();
    format!("{}.", parts.join("; "))
}

/// Internal words a writer may adapt for the public, newest first (at most `n`): the update
/// form's Impact and Current actions, internal updates and notes. Offered beside the public
/// drafts, marked internal, and never put into one.
pub fn offered_internal(incident: &Incident, n: usize) -> Vec<(Timestamp, &'static str, String)> {
    let mut out: Vec<(Timestamp, &'static str, String)> = Vec::new();
    for u in &incident.updates {
        if !u.impact.trim().is_empty() {
            out.push((u.at, "Impact", u.impact.clone()));
        }
        if !u.actions.trim().is_empty() {
            out.push((u.at, "Current actions", u.actions.clone()));
        }
        if !u.public && !u.message.trim().is_empty() {
            out.push((u.at, "Internal update", u.message.clone()));
        }
    }
    for e in &incident.timeline {
        if let EventKind::Note { text } = &e.kind {
            out.push((e.at, "Note", text.clone()));
        }
    }
    crate::sort::by_key(&mut out, |x| std::cmp::Reverse(x.0));
    out.truncate(n);
    out
}

/// The public title the playbook suggests for the incident: its severity's status-page template
/// title ("Major Service Disruption" for SEV1), otherwise the worst impact on the affected
/// components ("Partial outage: REST API"). Public data only: never the internal title.
pub fn suggested_public_title(incident: &Incident, settings: &Settings) -> String {
    if let Some(t) = settings
        .playbook
        .templates
        .status_page
        .iter()
        .find(|t| t.severity == incident.severity && !t.title.trim().is_empty())
    {
        return t.title.trim().to_owned();
    }
    let worst = incident.components.iter().map(|c| c.impact).max();
    let service = component_names(incident, settings);
    let title = match worst {
        Some(impact) => format!("{}: {service}", impact.label()),
        None => match incident.severity {
            Severity::Sev1 | Severity::Sev2 => "Service disruption".to_owned(),
            Severity::Sev3 | Severity::Sev4 => "Degraded service".to_owned(),
        },
    };
    // A long list of components would make a title no phone can show.
    let mut chars = title.chars();
    let short: String = chars.by_ref().take(crate::limits::TITLE).collect();
    if chars.next().is_some() {
        format!(
            "{}…",
            short
                .chars()
                .take(crate::limits::TITLE - 1)
                .collect::<String>()
        )
    } else {
        short
    }
}

/// The title the public reads: the one chosen for the incident, or the playbook's suggestion.
pub fn public_title(incident: &Incident, settings: &Settings) -> String {
    incident
        .public_title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| suggested_public_title(incident, settings), str::to_owned)
}

/// The workaround line of a public draft, when there is one.
fn workaround_line(incident: &Incident) -> Option<String> {
    incident
        .workaround
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| format!("Workaround: {w}"))
}

/// What the disruption is called for its severity ("a major service disruption").
fn disruption(severity: Severity) -> &'static str {
    match severity {
        Severity::Sev1 => "a major service disruption",
        Severity::Sev2 => "a service disruption",
        Severity::Sev3 => "an issue",
        Severity::Sev4 => "a minor issue",
    }
}

/// A status-page draft: the status to post, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPageDraft {
    pub status: IncidentStatus,
    pub message: String,
}

/// The public status-page update for the incident now, in words that follow its status and
/// severity (an Investigating incident never says "identified"): the playbook's template for its
/// severity when the template is for this status (the SEV1 template is for Identified), plainer
/// words otherwise; the all-clear once resolved. Built from public data only (the affected
/// components and their impact; see [`public_impact`]): no internal update, note or title.
pub fn status_page_draft(incident: &Incident, settings: &Settings) -> StatusPageDraft {
    if incident.status == IncidentStatus::Resolved {
        return StatusPageDraft {
            status: IncidentStatus::Resolved,
            message: all_clear(incident, settings).0,
        };
    }
    let service = component_names(incident, settings);
    let impact = public_impact(incident, settings);
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
        .find(|t| t.severity == incident.severity)
        .filter(|t| {
            t.status
                .trim()
                .eq_ignore_ascii_case(incident.status.label())
        });
    let what = disruption(incident.severity);
    let workaround = workaround_line(incident);
    let extra = workaround
        .as_ref()
        .map_or_else(String::new, |w| format!("\n{w}"));
    let message = match (template, incident.status) {
        (Some(t), _) => {
            let body = fill(
                &t.body,
                &[
                    ("[service]", service.clone()),
                    ("[Specific impact]", impact.clone()),
                    ("Next update in 15 minutes.", next.clone()),
                ],
            );
            // The workaround when there is one; otherwise the line goes, rather than promise one.
            body.lines()
                .filter_map(|l| {
                    if l.contains("[If available]") {
                        workaround.clone()
                    } else {
                        Some(l.to_owned())
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        (None, IncidentStatus::Monitoring) => format!(
            "A fix has been applied to {service} and we are monitoring the results.\n\nImpact: {impact}{extra}\n\n{next}"
        ),
        (None, IncidentStatus::Identified) => format!(
            "We have identified the cause of {what} affecting {service} and are working on a fix.\n\nImpact: {impact}{extra}\n\n{next}"
        ),
        (None, _) => format!(
            "We are investigating {what} affecting {service}.\n\nImpact: {impact}{extra}\n\n{next}"
        ),
    };
    StatusPageDraft {
        status: incident.status,
        message,
    }
}

/// The all-clear on resolution: the public update, and the customer email's subject and body
/// (from public data only: the affected components, the start and the end).
pub fn all_clear(incident: &Incident, settings: &Settings) -> (String, String, String) {
    let service = component_names(incident, settings);
    let since = incident
        .resolved_at
        .map(|t| format!(" since {}", t.utc_minute()))
        .unwrap_or_default();
    let update = format!(
        "This incident has been resolved. {service} has been operating normally{since}. We are sorry for the disruption; a post-mortem will follow."
    );
    let org = if settings.organization.name.trim().is_empty() {
        String::new()
    } else {
        format!("{} ", settings.organization.name.trim())
    };
    let subject = format!("[Resolved] {org}Service Disruption - {service}");
    let mut body = format!(
        "Dear Customer,\n\nThe issue affecting {service} that began at {} has been resolved{since}. Everything is operating normally.\n\nWe are sorry for the disruption. We will publish a post-mortem explaining what happened and what we are changing.",
        incident.started_at.utc_minute()
    );
    let url = settings.organization.status_page_url.trim();
    if !url.is_empty() {
        body.push_str(&format!("\n\nDetails: {url}"));
    }
    (update, subject, body)
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

/// The customer email: subject and body on the playbook's template, from public data only
/// (the affected components and their impact, the start, the status).
pub fn customer_email(incident: &Incident, settings: &Settings) -> (String, String) {
    let t = &settings.playbook.templates.customer_email;
    let service = component_names(incident, settings);
    let impact = public_impact(incident, settings);
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
            ("[specific impact]", impact),
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
    // The workaround, when there is one, just before the current status.
    if let Some(w) = workaround_line(incident).filter(|_| incident.is_open()) {
        body = if body.contains("Current Status:") {
            body.replacen("Current Status:", &format!("{w}\n\nCurrent Status:"), 1)
        } else {
            format!("{body}\n\n{w}")
        };
    }
    (subject, body)
}

/// The internal update on the playbook's template, filled from the incident now.
pub fn internal_update(incident: &Incident, settings: &Settings, now: Timestamp) -> String {
    let (impact, actions) = latest_internal(incident);
    let next = crate::ops::next_update_due(incident, &settings.playbook)
        .map_or_else(|| "as needed".to_owned(), |t| t.utc_minute());
    // Where to join: the incident's links, when set (internal, like this update).
    let l = &incident.links;
    let mut links: Vec<String> = [
        ("Channel", &l.chat_channel),
        ("Bridge", &l.bridge),
        ("Ticket", &l.ticket),
    ]
    .into_iter()
    .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what}: {v}")))
    .collect();
    links.extend(l.other.iter().map(|o| format!("{}: {}", o.name, o.url)));
    let text = fill(
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
    );
    if links.is_empty() {
        text
    } else {
        format!("{text}\n{}", links.join("\n"))
    }
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
