//! *Publish*: the whole status site built in this browser, downloaded as one zip or written into
//! a folder (where the browser can), after the publish check (`state::publish`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::folder;
use crate::state::publish::{self, Publishing, Target};
use crate::state::use_session;
use crate::widgets::publish_check;

#[component]
pub(super) fn PublishPanel() -> impl IntoView {
    let workspace = use_session().workspace;
    let demo = workspace.with_untracked(|b| b.sample);
    let url = workspace.with_untracked(|b| b.settings.organization.status_page_url.clone());
    let status = RwSignal::new(Publishing::Idle);
    let kept = RwSignal::new(None::<String>);
    let can_folder = folder::supported();
    if can_folder {
        spawn_local(async move { kept.set(publish::remembered_folder().await) });
    }
    let go = move |target: Target| {
        publish::publish(
            workspace,
            publish::publish_now(),
            target,
            |found| publish_check::confirmed("the status site", found),
            status,
        );
    };
    // The folder's name once a publish into one is done (it may have been chosen just now).
    Effect::new(move |_| {
        if can_folder && matches!(status.get(), Publishing::Done(_)) {
            spawn_local(async move { kept.set(publish::remembered_folder().await) });
        }
    });
    let forget = move |_| {
        spawn_local(async move {
            match publish::forget_folder().await {
                Ok(()) => kept.set(None),
                Err(e) => status.set(Publishing::Failed(e)),
            }
        })
    };
    let busy = move || matches!(status.get(), Publishing::Running(..)) || demo;
    view! {
        <section class="panel" aria-labelledby="publish-h" data-testid="publish">
            <h2 id="publish-h">"Publish the status site"</h2>
            <p>"Builds the whole public site here, in this browser: the status page, incident and post-mortem pages, history, feeds, calendar and the Statuspage API, the very files "<code>"site-gen build"</code>" writes from the public export. Only public updates, published post-mortems and announced maintenance are in it; the publish check runs first."</p>
            <p class="muted">"Links in the feeds and the sitemap point to "<strong data-testid="publish-url">{url}</strong>" (Settings › Organization). Host the files there: see the README's hosting section."</p>
            {demo.then(|| view! { <p class="notice" data-testid="publish-demo">"This is the demo: its incidents are made up and are never published. Set up your team's workspace to publish."</p> })}
            <div class="buttons">
                <button type="button" data-testid="publish-zip" disabled=busy on:click=move |_| go(Target::Zip)>"Download the site as a zip"</button>
                {can_folder.then(|| view! {
                    {move || kept.get().map(|name| view! {
                        <button type="button" data-testid="publish-folder" disabled=busy on:click=move |_| go(Target::Folder { choose: false })>{format!("Publish into the folder {name}")}</button>
                    })}
                    <button type="button" data-testid="publish-choose" disabled=busy on:click=move |_| go(Target::Folder { choose: true })>
                        {move || if kept.get().is_some() { "Choose another folder…" } else { "Publish into a folder…" }}
                    </button>
                    {move || kept.get().map(|_| view! {
                        <button type="button" class="link" data-testid="publish-forget" disabled=busy on:click=forget>"Forget the folder"</button>
                    })}
                })}
            </div>
            {(!can_folder).then(|| view! { <p class="muted">"This browser cannot write into a folder (Chrome and Edge can): download the zip and unzip it where the site is hosted."</p> })}
            {move || match status.get() {
                Publishing::Idle => ().into_any(),
                Publishing::Running(what, done, total) => view! {
                    <p role="status" data-testid="publish-progress">
                        {format!("{what}… ")}<progress max=total value=done></progress>
                    </p>
                }.into_any(),
                Publishing::Done(text) => view! { <p class="done" role="status" data-testid="publish-done">{text}</p> }.into_any(),
                Publishing::Failed(text) => view! { <p class="error" role="alert" data-testid="publish-error">{text}</p> }.into_any(),
            }}
        </section>
    }
}
