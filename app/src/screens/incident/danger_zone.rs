//! Deleting an incident declared by mistake or twice.

use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;
use crate::state::workspace::delete_incident;

#[component]
pub(super) fn DangerZone(page: Page) -> impl IntoView {
    let workspace = use_session().workspace;
    let (incident, error) = (page.incident, page.actions.error);
    view! {
        <details class="danger-zone">
            <summary data-testid="delete-open">"Delete this incident…"</summary>
            <p>"Declared by mistake or twice? Deleting hides it from the list, the metrics and the status site, here and on every copy that imports this workspace's files. Anyone's later edit brings it back."</p>
            <button type="button" class="danger" data-testid="delete-incident" on:click=move |_| {
                if let Some(i) = incident.get_untracked() {
                    delete_incident(workspace, &i, move |e| error.set(Some(e)));
                }
            }>"Delete incident"</button>
        </details>
    }
}
