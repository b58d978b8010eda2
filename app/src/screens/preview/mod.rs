//! `#/preview`: the public status page of the stored workspace, before anything is exported,
//! and *Publish* (`publish`): the whole site built here, as a zip or into a folder.

mod publish;

use leptos::prelude::*;

use crate::widgets::preview_frame::{PublicPreview, Target};

#[component]
pub(crate) fn PreviewPage() -> impl IntoView {
    view! {
        <section class="preview-page" data-testid="preview-page">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h2>"Status site preview"</h2>
            <p class="muted">"The public status page as it stands in this workspace, before anything is exported. Only public updates, published post-mortems and announced maintenance are on it; drills never are."</p>
            <PublicPreview draft=Signal::derive(|| None)
                tabs=vec![("Status page", Target::Status)] start=Target::Status picker=true />
            <publish::PublishPanel />
        </section>
    }
}
