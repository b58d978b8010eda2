//! The organization: its name and the public status page's address.
use incident_core::Settings;
use leptos::prelude::*;

use crate::widgets::fields::text_field;

#[component]
pub(super) fn Organization(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="org-h">
            <h2 id="org-h">"Organization"</h2>
            <div class="grid2">
                {text_field(draft, "Name", "org-name".into(), |s| s.organization.name.clone(), |s, v| s.organization.name = v)}
                {text_field(draft, "Public status page address", "org-url".into(), |s| s.organization.status_page_url.clone(), |s, v| s.organization.status_page_url = v.trim().to_owned())}
            </div>
        </section>
    }
}
