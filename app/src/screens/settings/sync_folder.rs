//! The sync folder (`state::sync`): link this browser's workspace to a folder the team shares,
//! unlink it, and what it did last.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::sync::{self, use_sync};

/// Runs `job`, its failure said in `error`.
fn run(
    error: RwSignal<Option<String>>,
    job: impl std::future::Future<Output = Result<(), String>> + 'static,
) {
    error.set(None);
    spawn_local(async move {
        if let Err(e) = job.await {
            error.set(Some(e));
        }
    });
}

#[component]
pub(super) fn SyncFolder() -> impl IntoView {
    let s = use_sync();
    let error = RwSignal::new(None::<String>);
    let link = move |_| run(error, sync::link(s));
    let resume = move |_| run(error, sync::resume(s));
    let unlink = move |_| run(error, sync::unlink(s));
    view! {
        <section class="panel" aria-labelledby="sync-h" data-testid="sync-folder">
            <h2 id="sync-h">"Sync folder"</h2>
            <p>"Link the workspace to a folder every member of the team sees (a synced drive, a network share, a git checkout): each browser writes its copy there on every change and merges the others' as they change, the way an import does. Deletions and conflicts are shown first. The folder's "<code>"public/"</code>" holds what the status site is built from: "<code>"site-gen build <folder>/public/"</code>"."</p>
            {if !s.allowed {
                view! { <p class="muted" data-testid="sync-unavailable">"Not here: the demo is never synced, and only Chrome and Edge can use a folder. Export and import move the workspace everywhere."</p> }.into_any()
            } else {
                view! {
                    {move || s.folder.get().map(|name| view! { <p data-testid="sync-linked">{format!("Linked to the folder {name}.")}</p> })}
                    {move || s.asks_again.get().map(|name| view! {
                        <p class="notice">{format!("The folder {name} is linked; the browser asks again before this page may use it.")}
                            <button type="button" data-testid="sync-resume" on:click=resume>"Use the folder again"</button></p>
                    })}
                    <div class="buttons">
                        <button type="button" data-testid="sync-link" on:click=link>
                            {move || if s.folder.get().is_some() { "Link another folder…" } else { "Link a folder…" }}
                        </button>
                        {move || (s.folder.get().is_some() || s.asks_again.get().is_some()).then(|| view! {
                            <button type="button" data-testid="sync-unlink" on:click=unlink>"Unlink"</button>
                        })}
                    </div>
                }.into_any()
            }}
            {move || s.line.get().map(|m| view! { <p class="done" role="status" data-testid="sync-line">{m}</p> })}
            {move || s.problem.get().map(|m| view! { <p class="error" role="alert" data-testid="sync-problem">{m}</p> })}
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="sync-error">{m}</p> })}
        </section>
    }
}
