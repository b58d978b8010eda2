//! What merging another copy of the workspace will change (an imported file, another browser's
//! file in the sync folder), before anything is stored.

use std::sync::Arc;

use incident_core::describe::conflict::of_preview;
use incident_core::merge::MergePreview;
use leptos::prelude::*;

use crate::state::use_session;
use crate::state::workspace::authors;

/// What merging another copy will change, before anything is stored: counts, what it deletes
/// (by title), its conflicts in words; merge or cancel. `what` names it ("Importing x.json");
/// `prefix` begins each test id (`import-summary`, `sync-summary`).
#[component]
pub(crate) fn MergePreviewView(
    what: String,
    preview: Arc<MergePreview>,
    prefix: &'static str,
    on_merge: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let workspace = session.workspace;
    let p = &preview;
    // Conflicts in words, named against the merged workspace; those where both sides wrote the
    // same value are settled by the import itself (nothing to decide).
    let who = authors(
        &p.merged,
        session.me.get_untracked().as_deref(),
        p.conflicts.len(),
    );
    let to_settle: Vec<String> = p
        .conflicts
        .iter()
        .map(|c| of_preview(c, &p.merged, &who))
        .filter(|(_, v)| !v.agreed)
        .map(|(on, v)| format!("{on}: {}", v.sentence()))
        .collect();
    let deleted = |n: usize| {
        if n > 0 {
            format!(", {n} deleted")
        } else {
            String::new()
        }
    };
    let summary = format!(
            "{} new incidents, {} updated, {} unchanged{}; {} new and {} updated maintenances{}{}{}; {} conflicts to settle.",
            p.new_incidents.len(),
            p.updated_incidents.len(),
            p.unchanged_incidents.len(),
            deleted(p.deleted_incidents.len()),
            p.new_maintenances.len(),
            p.updated_maintenances.len(),
            deleted(p.deleted_maintenances.len()),
            if p.settings_changed { "; settings change" } else { "" },
            if p.removed_settings.is_empty() { String::new() } else { format!("; removes {}", p.removed_settings.join(", ")) },
            to_settle.len()
        );
    // What the import deletes, by title, from the workspace as it is.
    let gone: Vec<String> = workspace.with_untracked(|b| {
        p.deleted_incidents
            .iter()
            .take(20)
            .map(|id| {
                b.incidents
                    .iter()
                    .find(|i| &i.id == id)
                    .map_or_else(|| id.clone(), |i| i.title.clone())
            })
            .collect()
    });
    let more = to_settle.len().saturating_sub(20);
    let conflicts: Vec<String> = to_settle.into_iter().take(20).collect();
    view! {
        <div class="preview" role="dialog" aria-label=format!("{what}: preview") data-testid=format!("{prefix}-preview")>
            <strong>{format!("{what} will change:")}</strong>
            <p data-testid=format!("{prefix}-summary")>{summary}</p>
            {(!gone.is_empty()).then(|| view! {
                <p>"Deleted on the other copy, so hidden here too:"</p>
                <ul data-testid=format!("{prefix}-deleted")>{gone.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <p>"Both sides changed these. The current value is kept until someone decides, on the incident, the maintenance window or Settings:"</p>
                <ul data-testid=format!("{prefix}-conflicts")>{conflicts.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                {(more > 0).then(|| view! { <p class="meta">{format!("and {more} more.")}</p> })}
            })}
            <div class="buttons">
                <button type="button" class="primary" data-testid=format!("{prefix}-apply") on:click=move |_| on_merge.run(())>"Merge into my workspace"</button>
                <button type="button" data-testid=format!("{prefix}-cancel") on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </div>
    }
}
