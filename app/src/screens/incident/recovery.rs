//! The recovery watch after resolution: how long is left, what to watch, and re-opening when the
//! symptoms are back.

use incident_core::duration::span;
use incident_core::model::IncidentStatus;
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;

#[component]
pub(super) fn Recovery(page: Page) -> impl IntoView {
    let now = use_session().now;
    let (incident, playbook, actions) = (page.incident, page.playbook, page.actions);
    move || {
        incident.get().and_then(|i| i.resolved_at.filter(|_| i.status == IncidentStatus::Resolved)).map(|resolved| {
        let n = now.get();
        let pb = playbook.get_value();
        let minutes = i64::from(pb.recovery_monitoring.minutes);
        let until = resolved.plus_minutes(minutes);
        let watching = n < until;
        let watch = pb.recovery_monitoring.watch.clone();
        view! {
            <section class=if watching { "panel recovery watching" } else { "panel recovery" } data-testid="recovery">
                <h3>{if watching {
                    format!("Recovery watch: {} left (until {} UTC)", span(until.seconds_since(n)), until.utc_hhmm())
                } else {
                    format!("Recovery watch ended at {} UTC", until.utc_hhmm())
                }}</h3>
                {watching.then(|| view! {
                    <ul>{watch.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    <button type="button" data-testid="recurrence" on:click=move |_| {
                        actions.run(Box::new(|i, a| ops::set_status(i, IncidentStatus::Investigating, Some("Symptoms recurred during recovery monitoring"), a)))
                    }>"Symptoms are back: re-open"</button>
                })}
            </section>
        }
    })
    }
}
