//! The incident's header (severity, title, status) and its clocks: the response SLA and the next
//! status update, following the second.

use incident_core::duration::countdown;
use incident_core::model::{Incident, IncidentStatus};
use incident_core::ops::{self, Sla};
use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;

#[component]
pub(super) fn Header(page: Page, i: Incident) -> impl IntoView {
    let now = use_session().now;
    let (incident, playbook) = (page.incident, page.playbook);
    let (sev, status) = (i.severity, i.status);
    view! {
        // Stays in view while the page scrolls: what the incident is and what is due.
        <div class="inc-sticky" data-testid="incident-sticky">
        <header class="inc-head">
            <span class=format!("sev sev-{}", sev.number()) data-testid="incident-severity">{sev.label()}</span>
            <h2 data-testid="incident-title">{i.title.clone()}</h2>
            <span class=format!("status status-{}", status.key()) data-testid="incident-status">{status.label()}</span>
            {i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}
        </header>
        <div class="clocks">{move || {
            // Only the clocks follow the ticking time, not the whole page.
            let n = now.get();
            let pb = playbook.get_value();
            incident.with(|i| i.as_ref().map(|i| {
                let hours = page.settings.with_value(|s| s.business_hours.clone());
                let sla = match ops::response_sla(i, &pb, &hours, n) {
                    Sla::Running { due, overdue } => {
                        let (text, late) = countdown(n, due);
                        (format!("Acknowledge {text}"), overdue || late)
                    }
                    Sla::Met { after_minutes } => (format!("Acknowledged after {after_minutes} min: response SLA met"), false),
                    Sla::Missed { after_minutes } => (format!("Acknowledged after {after_minutes} min: response SLA missed"), true),
                    Sla::Untimed => ("No response time at this severity".to_owned(), false),
                };
                let next = ops::next_update_due(i, &pb).map(|due| countdown(n, due));
                let esc = ops::next_escalation(i, &pb).map(|(name, due)| {
                    let (text, late) = countdown(n, due);
                    (format!("Escalate to {name} {text}"), late)
                });
                view! {
                    <p class=if sla.1 { "clock-box late" } else { "clock-box" } data-testid="sla-clock">{sla.0}</p>
                    {next.map(|(text, late)| view! {
                        <p class=if late { "clock-box late" } else { "clock-box" } data-testid="update-clock">{format!("Next status update {text}")}</p>
                    })}
                    {esc.map(|(text, late)| view! {
                        <p class=if late { "clock-box late" } else { "clock-box" } data-testid="escalation-clock">{text}</p>
                    })}
                }
            }))
        }}</div>
        <DueNow id=i.id.clone() />
        <Snooze id=i.id.clone() />
        </div>
    }
}

/// What is due on this incident now, first thing under its clocks (on a phone, before anything
/// else on the page): the alarms of this incident, each with where to act.
#[component]
fn DueNow(id: String) -> impl IntoView {
    use crate::state::alarms::use_alarms;
    use_alarms().map(|a| {
        move || {
            let due: Vec<String> = a.due.with(|list| {
                list.iter()
                    .filter(|x| x.incident.as_deref() == Some(id.as_str()))
                    .map(|x| x.message.clone())
                    .collect()
            });
            (!due.is_empty()).then(|| {
                view! {
                    <ul class="due-now" data-testid="due-now" aria-label="Due now">
                        {due.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                }
            })
        }
    })
}

/// Snoozes this incident's alarms in this browser for a while, or wakes them.
#[component]
fn Snooze(id: String) -> impl IntoView {
    use crate::state::alarms::{snooze, use_alarms, SNOOZE_MINUTES};
    let now = use_session().now;
    use_alarms().map(|a| {
        let id = StoredValue::new(id);
        move || {
            let until = a.prefs.with(|p| id.with_value(|i| p.snoozed_until(i, now.get())));
            match until {
                Some(t) => view! {
                    <p class="meta snooze" data-testid="snoozed">{format!("Alarms snoozed until {} UTC. ", t.utc_hhmm())}
                        <button type="button" class="small" data-testid="wake" on:click=move |_| id.with_value(|i| snooze(a, i, 0))>"Wake them"</button></p>
                }.into_any(),
                None => view! {
                    <p class="meta snooze"><button type="button" class="small" data-testid="snooze"
                        title="This browser only: no notification, chime or count for this incident until then"
                        on:click=move |_| id.with_value(|i| snooze(a, i, SNOOZE_MINUTES))>{format!("Snooze alarms {SNOOZE_MINUTES} min")}</button></p>
                }.into_any(),
            }
        }
    })
}

/// When the status page's last word is behind the incident (another status since the last
/// public update, resolved or not): says so, and drafts the public update in words that follow
/// the status (the all-clear once resolved), in the update form, for a person to post.
#[component]
pub(super) fn StaleStatusPage(page: Page, i: Incident) -> impl IntoView {
    let d = page.drafts;
    let settings = page.settings.get_value();
    let told = i
        .updates
        .iter()
        .filter(|u| u.public)
        .max_by_key(|u| u.at)
        .map(|u| u.status);
    told.filter(|s| *s != i.status && !i.drill).map(|s| {
        let draft = incident_core::comms::status_page_draft(&i, &settings).message;
        let now = i.status;
        view! {
            <p class="error" role="alert" data-testid="statuspage-stale">
                {format!("The status page still says {}; the incident is {} now. ", s.label(), now.label())}
                <button type="button" data-testid="draft-resolved" on:click=move |_| {
                    d.update_message.set(draft.clone());
                    d.update_public.set(true);
                    crate::platform::page::scroll_into_view("upd-h");
                }>{if now == IncidentStatus::Resolved { "Draft the public all-clear" } else { "Draft the public update" }}</button>
            </p>
        }
    })
}
