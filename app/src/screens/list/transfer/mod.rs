//! Moving a workspace between people: export as one file, import with a preview of what will
//! change, then one merge (`incident_core::merge`) stored in one transaction. A file that is not
//! a valid bundle is refused with every problem and its location; nothing stored changes.

mod import;
mod stage;

use leptos::prelude::*;

use crate::platform::files;
use crate::state::online::Persisted;
use crate::state::{use_session, Session};
use crate::widgets::export::{self, Exporting};
use crate::widgets::merge_preview::MergePreviewView;
use stage::Stage;

#[component]
pub(super) fn Transfer(
    /// The positions in the workspace of the incidents the list shows (after its filters).
    shown: Signal<Vec<usize>>,
) -> impl IntoView {
    let Session {
        workspace, whole, ..
    } = use_session();
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
            if whole.get_untracked() {
                import::import(workspace, stage, file);
            }
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = files::dropped_file(&ev) {
            if whole.get_untracked() {
                import::import(workspace, stage, file);
            }
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
            {move || (!whole.get()).then(|| view! {
                <p role="status" data-testid="transfer-waits">"Export and import wait until every incident is read (a moment)."</p>
            })}
            <button type="button" data-testid="export" disabled=move || !whole.get() on:click=move |_| export::export(workspace, None, public_only.get_untracked(), exporting)>"Export workspace"</button>
            {move || {
                let n = shown.with(Vec::len);
                (n < total()).then(|| view! {
                    <button type="button" data-testid="export-shown" disabled=move || !whole.get() on:click=move |_| export::export(workspace, Some(shown.get_untracked()), public_only.get_untracked(), exporting)>{format!("Export the {n} shown")}</button>
                })
            }}
            <label class="check"><input type="checkbox" data-testid="export-public" prop:checked=move || public_only.get()
                on:change=move |ev| public_only.set(event_target_checked(&ev)) />" Only what the public may see"</label>
            <label class="filebtn">
                "Import a file… (or drop it here)"
                <input type="file" accept=".json,application/json" data-testid="import-file" disabled=move || !whole.get() on:change=on_file />
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
                Stage::Preview { file, preview } => view! {
                    <MergePreviewView what=format!("Importing {file}") preview=preview prefix="import"
                        on_merge=Callback::new(move |()| import::apply(workspace, stage))
                        on_cancel=Callback::new(move |()| stage.set(Stage::Idle)) />
                }.into_any(),
            }}
        </section>
    }
}
