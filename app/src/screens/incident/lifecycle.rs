//! Lifecycle: acknowledge, move through the statuses (re-open with a reason), change severity.

use incident_core::model::{Incident, IncidentStatus};
use incident_core::ops;
use incident_core::Severity;
use leptos::prelude::*;

use super::page::Page;

#[component]
pub(super) fn Lifecycle(page: Page, i: Incident) -> impl IntoView {
    let (actions, reopen_reason) = (page.actions, page.reopen_reason);
    let (sev, status) = (i.severity, i.status);
    view! {
        <section class="panel" aria-labelledby="act-h">
            <h3 id="act-h">"Lifecycle"</h3>
            <div class="buttons">
                {i.acknowledged_at.is_none().then(|| view! {
                    <button class="primary" data-testid="acknowledge" on:click=move |_| actions.run(Box::new(ops::acknowledge))>"Acknowledge"</button>
                })}
                {IncidentStatus::ALL.into_iter().filter(|s| *s != status).map(|s| {
                    let reopening = status == IncidentStatus::Resolved;
                    view! {
                        <button data-testid=format!("status-{}", s.key())
                            on:click=move |_| {
                                let reason = reopening.then(|| reopen_reason.get_untracked());
                                actions.run(Box::new(move |i, a| ops::set_status(i, s, reason.as_deref(), a)))
                            }>
                            {if reopening { format!("Re-open as {}", s.label()) } else { format!("Mark {}", s.label()) }}
                        </button>
                    }
                }).collect_view()}
            </div>
            {(status == IncidentStatus::Resolved).then(|| view! {
                <label class="field"><span>"Reason to re-open"</span>
                    <input type="text" data-testid="reopen-reason" prop:value=move || reopen_reason.get()
                        on:input=move |ev| reopen_reason.set(event_target_value(&ev)) />
                </label>
            })}
            <label class="field inline"><span>"Severity"</span>
                <select data-testid="severity-select" on:change=move |ev| {
                    if let Some(to) = Severity::parse(&event_target_value(&ev)) {
                        actions.run(Box::new(move |i, a| ops::set_severity(i, to, a)));
                    }
                }>
                    {[Severity::Sev1, Severity::Sev2, Severity::Sev3, Severity::Sev4].into_iter().map(|s| view! {
                        <option value=s.label() selected=s == sev>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </section>
    }
}
