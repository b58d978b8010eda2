//! A deleted incident's page: what deletion means, and restoring it.

use incident_core::model::Incident;
use incident_core::ops::{self, Actor};
use leptos::prelude::*;

use super::page::Page;
use crate::platform::clock;
use crate::state::use_session;

#[component]
pub(super) fn Deleted(page: Page, i: Incident) -> impl IntoView {
    let workspace = use_session().workspace;
    let (actions, error) = (page.actions, page.actions.error);
    let id = i.id.clone();
    view! {
        <article class="incident" data-testid="incident-deleted">
            <p class="crumb"><a href="#/">"← All incidents"</a></p>
            <h2>{i.title.clone()}</h2>
            <p role="status">"This incident was deleted: it is not listed, counted or on the status site, here or on any copy that imports this workspace's files."</p>
            <button type="button" data-testid="restore-incident" on:click=move |_| {
                // Dated after the deletion, even if its clock ran ahead of ours.
                let at = workspace.with_untracked(|b| incident_core::merge::restore_at(b, &id, clock::now()));
                actions.run(Box::new(move |i, a| {
                    let a = Actor { now: at.max(a.now), ..a.clone() };
                    ops::add_note(i, "Restored after it was deleted", &a)
                }));
            }>"Restore it"</button>
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="action-error">{m}</p> })}
        </article>
    }
}
