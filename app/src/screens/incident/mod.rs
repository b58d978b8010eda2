//! `#/incident/<id>`: running an incident. The page is made of panels, one module each: the
//! header and its clocks, the hub (tool and incident links, who must know), conflicts left by a merge, the recovery watch, lifecycle, the status update form, communication
//! drafts, what the public reads (public title, workaround, corrections), the timeline, escalation, roles, affected components, checklists, mitigation, the
//! post-incident panel with its action items, the danger zone, and the public preview.
//!
//! Every action is an `incident_core::ops` function given to the page's action queue
//! (`state::actions`), which applies it to a copy, stores it, and only then shows it.

mod action_items;
mod affected;
mod checklists;
mod communication;
mod conflicts;
mod danger_zone;
mod deleted;
mod escalation;
mod header;
mod hub;
mod lifecycle;
mod mitigation;
mod page;
mod post_incident;
mod preview;
mod public_face;
mod recovery;
mod roles;
mod timeline;
mod update_form;

use incident_core::model::Incident;
use leptos::prelude::*;

use crate::state::drafts::shows_post_incident;
use crate::state::use_session;
use page::Page;

#[component]
pub(crate) fn IncidentPage(id: String) -> impl IntoView {
    let session = use_session();
    let workspace = session.workspace;
    let page = Page::new(session, &id);
    page.take_command_drafts();
    let incident = page.incident;
    let deleted = Memo::new(move |_| {
        workspace.with(|b| incident_core::merge::hidden_incidents(b).contains(id.as_str()))
    });
    let shape = Memo::new(move |_| {
        incident.with(|i| i.as_ref().map(|i| (i.drill, shows_post_incident(i))))
    });
    view! {
        {move || match incident.get() {
            None => view! {
                <p class="error" role="alert">"This incident is not in the workspace. "<a href="#/">"Back to the list"</a></p>
            }.into_any(),
            Some(i) if deleted.get() => view! { <deleted::Deleted page=page i=i /> }.into_any(),
            Some(i) => view! { <IncidentBody page=page i=i /> }.into_any(),
        }}
        // Outside the page's body, so typing and saving keep the preview's place; made again
        // only when the incident is resolved or re-opened (its tabs change).
        {move || {
            shape.get();
            view! { <preview::IncidentPreview incident=incident drafts=page.drafts /> }
        }}
    }
}

/// The page of an incident that is not deleted, drawn from `i` as it is now.
#[component]
fn IncidentBody(page: Page, i: Incident) -> impl IntoView {
    let error = page.actions.error;
    let is_open = i.is_open();
    view! {
        <article class="incident" data-testid="incident">
            <p class="crumb"><a href="#/">"← All incidents"</a></p>
            <header::Header page=page i=i.clone() />
            <hub::Hub page=page i=i.clone() />
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="action-error">{m}</p> })}
            <conflicts::IncidentConflicts page=page i=i.clone() />
            <header::StaleStatusPage page=page i=i.clone() />
            <recovery::Recovery page=page />
            <div class="incident-body">
            <div class="col-main">
                <lifecycle::Lifecycle page=page i=i.clone() />
                <update_form::UpdateForm page=page status=i.status severity=i.severity />
                {is_open.then(|| view! { <communication::Communications page=page i=i.clone() /> })}
                {(!is_open).then(|| view! { <communication::AllClearEmail page=page i=i.clone() /> })}
                <public_face::PublicFace page=page i=i.clone() />
                <timeline::Timeline page=page i=i.clone() />
            </div>
            <div class="col-side">
                {is_open.then(|| view! { <escalation::Escalation page=page /> })}
                <roles::Roles page=page i=i.clone() />
                {is_open.then(|| view! { <affected::Affected page=page i=i.clone() /> })}
                <checklists::Checklists page=page i=i.clone() />
                <mitigation::Mitigation page=page />
            </div>
            </div>
            // Full width: the post-mortem is written here, beside its preview.
            {shows_post_incident(&i).then(|| view! { <post_incident::PostIncident page=page i=i.clone() /> })}
            <danger_zone::DangerZone page=page />
        </article>
    }
}
