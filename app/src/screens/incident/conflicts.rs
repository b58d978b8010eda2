//! The incident's conflicts after a merge, in words, at the top of the page: each kept or
//! taken (`incident_core::conflict::settle_incident`), the decision noted in the timeline.

use incident_core::conflict::{settle_incident, Choice};
use incident_core::describe::conflict::of_incident;
use incident_core::model::Incident;
use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;
use crate::state::workspace::authors;
use crate::widgets::conflicts::Conflicts;

#[component]
pub(super) fn IncidentConflicts(page: Page, i: Incident) -> impl IntoView {
    let session = use_session();
    let (workspace, me) = (session.workspace, session.me);
    let views = workspace.with_untracked(|b| {
        of_incident(
            &i,
            &b.settings,
            &authors(b, me.get_untracked().as_deref(), i.conflicts().count()),
        )
    });
    let actions = page.actions;
    let settle = Callback::new(move |(id, choice): (String, Choice)| {
        let settings = workspace.with_untracked(|b| b.settings.clone());
        actions.run(Box::new(move |i, a| {
            settle_incident(i, &id, choice, &settings, a)
        }));
    });
    view! { <Conflicts views=views of="this incident" settle=settle /> }
}
