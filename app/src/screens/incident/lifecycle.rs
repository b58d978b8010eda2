//! Lifecycle: acknowledge, move through the statuses (re-open with a reason; resolve once the
//! resolution confirmation is ticked, or with a reason), change severity.

use incident_core::model::{Incident, IncidentStatus};
use incident_core::ops;
use incident_core::Severity;
use leptos::prelude::*;

use super::page::Page;

#[component]
pub(super) fn Lifecycle(page: Page, i: Incident) -> impl IntoView {
    let (actions, reopen_reason) = (page.actions, page.reopen_reason);
    let (sev, status) = (i.severity, i.status);
    let unticked: Vec<String> = page.playbook.with_value(|pb| {
        ops::unconfirmed(&i, pb)
            .into_iter()
            .map(str::to_owned)
            .collect()
    });
    // Resolving with items unticked first asks for the reason.
    let asking = RwSignal::new(false);
    let must_ask = !unticked.is_empty();
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
                                if s == IncidentStatus::Resolved {
                                    if must_ask {
                                        asking.set(true);
                                    } else {
                                        let pb = page.playbook.get_value();
                                        actions.run(Box::new(move |i, a| ops::resolve(i, &pb, None, a)));
                                    }
                                    return;
                                }
                                let reason = reopening.then(|| reopen_reason.get_untracked());
                                actions.run(Box::new(move |i, a| ops::set_status(i, s, reason.as_deref(), a)))
                            }>
                            {if reopening { format!("Re-open as {}", s.label()) } else { format!("Mark {}", s.label()) }}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || asking.get().then(|| view! { <ResolveAnyway page=page unticked=unticked.clone() asking=asking /> })}
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

/// The resolution confirmation's unticked items, and the reason to resolve anyway.
#[component]
fn ResolveAnyway(page: Page, unticked: Vec<String>, asking: RwSignal<bool>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let actions = page.actions;
    view! {
        <div class="confirm-resolve" role="group" aria-labelledby="resolve-h" data-testid="resolve-confirm">
            <p id="resolve-h"><strong>"The resolution confirmation is not complete."</strong>" Not ticked:"</p>
            <ul data-testid="resolve-unticked">{unticked.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            <p class="meta">"Tick them under Checklists, or say why you resolve anyway (kept in the timeline)."</p>
            <label class="field"><span>"Reason to resolve anyway"</span>
                <input type="text" data-testid="resolve-reason" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev)) /></label>
            <div class="buttons">
                <button type="button" class="primary" data-testid="resolve-anyway" on:click=move |_| {
                    let (pb, why) = (page.playbook.get_value(), reason.get_untracked());
                    actions.run_then(Box::new(move |i, a| ops::resolve(i, &pb, Some(&why), a)), Box::new(move || asking.set(false)));
                }>"Resolve anyway"</button>
                <button type="button" on:click=move |_| asking.set(false)>"Cancel"</button>
            </div>
        </div>
    }
}
