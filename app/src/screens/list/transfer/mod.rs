//! Moving a workspace between people: export as one file, import with a preview of what will
//! change, then one merge (`incident_core::merge`) stored in one transaction. A file that is not
//! a valid bundle is refused with every problem and its location; nothing stored changes.

mod import;
mod stage;

use incident_core::describe::conflict::of_preview;
use incident_core::merge::MergePreview;
use leptos::prelude::*;

use crate::platform::files;
use crate::state::online::Persisted;
use crate::state::use_session;
use crate::state::workspace::authors;
use crate::widgets::export::{self, Exporting};
use stage::Stage;

#[component]
pub(super) fn Transfer(
    /// The positions in the workspace of the incidents the list shows (after its filters).
    shown: Signal<Vec<usize>>,
) -> impl IntoView {
    let workspace = use_session().workspace;
    let stage = RwSignal::new(Stage::Idle);
    // The export's own line, so an import preview on screen stays while an export runs.
    let exporting = RwSignal::new(Exporting::Idle);
    let public_only = RwSignal::new(false);
    let total = move || {
        workspace.with(|b| b.incidents.len() - incident_core::merge::hidden_incidents(b).len())
    };
    // A file chosen in the picker or dropped on the page.
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = files::chosen_file(&ev) {
            import::import(workspace, stage, file);
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = files::dropped_file(&ev) {
            import::import(workspace, stage, file);
        }
    };
    let persisted = use_context::<Persisted>();
    let persisted = move || persisted.and_then(|p| p.0.get());
    view! {
        <section class=move || if dragging.get() { "transfer dragging" } else { "transfer" } aria-label="Export and import"
            data-testid="drop-zone"
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <button type="button" data-testid="export" on:click=move |_| export::export(workspace, None, public_only.get_untracked(), exporting)>"Export workspace"</button>
            {move || {
                let n = shown.with(Vec::len);
                (n < total()).then(|| view! {
                    <button type="button" data-testid="export-shown" on:click=move |_| export::export(workspace, Some(shown.get_untracked()), public_only.get_untracked(), exporting)>{format!("Export the {n} shown")}</button>
                })
            }}
            <label class="check"><input type="checkbox" data-testid="export-public" prop:checked=move || public_only.get()
                on:change=move |ev| public_only.set(event_target_checked(&ev)) />" Only what the public may see"</label>
            <label class="filebtn">
                "Import a file… (or drop it here)"
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            {move || (persisted() == Some(false)).then(|| view! {
                <p class="muted" data-testid="storage-note">"This browser may clear the workspace when the disk runs low (it has not promised to keep it). Export it now and then, or install the app: browsers keep an installed app's data."</p>
            })}
            {move || match exporting.get() {
                Exporting::Idle => ().into_any(),
                Exporting::Running(step) => view! { <p role="status" data-testid="export-progress">{step}</p> }.into_any(),
                Exporting::Failed(text) => view! { <p class="error" role="alert" data-testid="export-error">{text}</p> }.into_any(),
            }}
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Reading(step) => view! { <p role="status" data-testid="import-progress">{step}</p> }.into_any(),
                Stage::Done(text) => view! { <p role="status" class="done" data-testid="import-done">{text}</p> }.into_any(),
                Stage::Refused { file, problems } => view! {
                    <div class="error" role="alert" data-testid="import-error">
                        <strong>{format!("{file} was not imported; nothing in the workspace changed.")}</strong>
                        <ul>{problems.into_iter().take(20).map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        <button type="button" on:click=move |_| stage.set(Stage::Idle)>"Dismiss"</button>
                    </div>
                }.into_any(),
                Stage::Preview { file, preview } => view! { <ImportPreview file=file preview=preview stage=stage /> }.into_any(),
            }}
        </section>
    }
}

/// What an import will change, before anything is stored: counts, what it deletes (by title),
/// its conflicts in words; merge or cancel.
#[component]
fn ImportPreview(
    file: String,
    preview: Box<MergePreview>,
    stage: RwSignal<Stage>,
) -> impl IntoView {
    let session = use_session();
    let workspace = session.workspace;
    let p = &preview;
    // Conflicts in words, named against the merged workspace; those where both sides wrote the
    // same value are settled by the import itself (nothing to decide).
    let who = authors(&p.merged, session.me.get_untracked().as_deref());
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
        <div class="preview" role="dialog" aria-label="Import preview" data-testid="import-preview">
            <strong>{format!("Importing {file} will change:")}</strong>
            <p data-testid="import-summary">{summary}</p>
            {(!gone.is_empty()).then(|| view! {
                <p>"Deleted on the other copy, so hidden here too:"</p>
                <ul data-testid="import-deleted">{gone.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <p>"Both sides changed these. The current value is kept until someone decides, on the incident, the maintenance window or Settings:"</p>
                <ul data-testid="import-conflicts">{conflicts.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                {(more > 0).then(|| view! { <p class="meta">{format!("and {more} more.")}</p> })}
            })}
            <div class="buttons">
                <button type="button" class="primary" data-testid="import-apply" on:click=move |_| import::apply(workspace, stage)>"Merge into my workspace"</button>
                <button type="button" data-testid="import-cancel" on:click=move |_| stage.set(Stage::Idle)>"Cancel"</button>
            </div>
        </div>
    }
}
