//! The language of the status site: its fixed words and dates (the incidents' words are the
//! team's own).

use incident_core::model::{Settings, SiteLanguage};
use leptos::prelude::*;

#[component]
pub(super) fn SiteLanguageEditor(draft: RwSignal<Settings>) -> impl IntoView {
    let current = draft.with_untracked(|s| s.site_language);
    view! {
        <section class="panel" aria-labelledby="site-language-h" data-testid="site-language">
            <h2 id="site-language-h">"Status site language"</h2>
            <p class="muted">"The language of the status site's own words: headings, statuses, dates, feeds, calendars and embeds. Incident titles and updates are published as you write them."</p>
            <label class="field"><span>"Language"</span>
                <select data-testid="site-language-select" on:change=move |ev| {
                    if let Some(l) = SiteLanguage::from_code(&event_target_value(&ev)) {
                        draft.update(|s| s.site_language = l);
                    }
                }>
                    {SiteLanguage::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=l == current>{l.name()}</option>
                    }).collect_view()}
                </select></label>
        </section>
    }
}
