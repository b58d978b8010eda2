//! This browser's copy of the workspace: export it, reset it (the demo to a fresh sample, a
//! team's workspace back to the first screen), or leave the demo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::page;
use crate::state::use_session;
use crate::state::workspace::{leave_demo, reset};
use crate::widgets::export::{export, Exporting};

#[component]
pub(super) fn ThisBrowser() -> impl IntoView {
    let workspace = use_session().workspace;
    let demo = workspace.with_untracked(|b| b.sample);
    let exporting = RwSignal::new(Exporting::Idle);
    let error = RwSignal::new(None::<String>);
    let start_over = move |question: &'static str| {
        if !page::confirm(question) {
            return;
        }
        spawn_local(async move {
            if let Err(e) = reset().await {
                error.set(Some(format!("Not reset: {e}")));
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="browser-h" data-testid="this-browser">
            <h2 id="browser-h">"This browser's workspace"</h2>
            {if demo {
                view! {
                    <p>"This is the demo: made-up data, kept apart from any real workspace."</p>
                    <div class="buttons">
                        <button type="button" data-testid="reset-demo" on:click=move |_| start_over("Reset the demo to a fresh sample? What you changed in it is lost.")>"Reset the demo to a fresh sample"</button>
                        <button type="button" on:click=move |_| leave_demo()>"Leave the demo"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p>"Resetting deletes this browser's copy of the workspace and starts again from the first screen (set up, join, or the demo). Copies your colleagues hold are not touched: export first to keep what only this browser has."</p>
                    <div class="buttons">
                        <button type="button" data-testid="reset-export" on:click=move |_| export(workspace, None, false, exporting)>"Export workspace"</button>
                        <button type="button" class="danger" data-testid="reset-team" on:click=move |_| start_over("Delete this browser's copy of the workspace and start again? Export it first if only this browser has some of it.")>"Reset this workspace…"</button>
                    </div>
                }.into_any()
            }}
            {move || match exporting.get() {
                Exporting::Idle => ().into_any(),
                Exporting::Running(step) => view! { <p role="status">{step}</p> }.into_any(),
                Exporting::Failed(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
            }}
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </section>
    }
}
