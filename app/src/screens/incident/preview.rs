//! The incident page's public preview: its public page, the status page and its post-mortem,
//! with the drafts being typed applied as if posted now (the same core functions the buttons
//! call, on a copy; the stored workspace is never touched).

use incident_core::model::Incident;
use leptos::prelude::*;

use crate::platform::{page, site_worker};
use crate::state::drafts::{shows_post_incident, Drafts};
use crate::state::workspace::actor;
use crate::state::{use_session, Session};
use crate::widgets::preview_frame::{PublicPreview, Target};

/// The incident page's preview: its public page, the status page and its post-mortem, with the
/// drafts being typed applied. Shown on request (it renders the whole status page).
#[component]
pub(crate) fn IncidentPreview(incident: Memo<Option<Incident>>, drafts: Drafts) -> impl IntoView {
    let Session { workspace, me, .. } = use_session();
    let Some((id, drill, resolved)) = incident.with_untracked(|i| {
        i.as_ref()
            .map(|i| (i.id.clone(), i.drill, shows_post_incident(i)))
    }) else {
        return ().into_any();
    };
    if drill {
        return view! {
            <section class="panel" data-testid="preview-drill">
                <h3>"Public preview"</h3>
                <p class="muted">"This is a drill: drills never reach the status site, so there is nothing public to preview."</p>
            </section>
        }
        .into_any();
    }
    // The preview is a click away: its worker loads now, off this page's thread.
    site_worker::warm();
    let draft = Signal::derive(move || {
        incident.with(|i| {
            i.as_ref().map(|i| {
                let actor = actor(workspace, me);
                workspace.with(|b| drafts.applied(i, &b.settings, &actor))
            })
        })
    });
    let mut tabs = vec![
        ("Incident page", Target::Incident(id.clone())),
        ("Status page", Target::Status),
    ];
    if resolved {
        tabs.push(("Post-mortem page", Target::Postmortem(id.clone())));
    }
    let start = if resolved {
        Target::Postmortem(id)
    } else {
        Target::Incident(id)
    };
    let open = drafts.preview;
    view! {
        <section class="panel public-preview" id="public-preview" aria-labelledby="preview-h" data-testid="incident-preview">
            <div class="preview-head">
                <h3 id="preview-h">"Public preview"</h3>
                <button type="button" data-testid="preview-toggle" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Hide" } else { "Show the status site's pages" }}</button>
            </div>
            {move || open.get().then(|| view! {
                <PublicPreview draft=draft tabs=tabs.clone() start=start.clone() />
            })}
        </section>
    }
    .into_any()
}

/// Opens the incident page's preview and brings it into view.
pub(crate) fn show(drafts: Drafts) {
    drafts.preview.set(true);
    // Once the opened panel is laid out (the frame has its height), not before: scrolling now
    // could only reach the page's old bottom.
    request_animation_frame(|| page::scroll_into_view("public-preview"));
}
