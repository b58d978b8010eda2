//! The list's search box and filters.

use incident_core::filter::{Drills, Filter};
use incident_core::Severity;
use leptos::prelude::*;

use crate::state::use_session;

#[component]
pub(super) fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let workspace = use_session().workspace;
    let components = workspace.with_untracked(|b| b.settings.components.clone());
    view! {
        <form class="filters" role="search" aria-label="Search incidents" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <input type="search" data-testid="filter-text" aria-label="Search titles and updates" placeholder="Search incidents"
                on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev)) />
            <select aria-label="Severity" data-testid="filter-severity" on:change=move |ev| filter.update(|f| f.severity = Severity::parse(&event_target_value(&ev)))>
                <option value="">"Any severity"</option>
                <option value="sev1">"SEV1"</option><option value="sev2">"SEV2"</option>
                <option value="sev3">"SEV3"</option><option value="sev4">"SEV4"</option>
            </select>
            <select aria-label="Status" data-testid="filter-status" on:change=move |ev| filter.update(|f| f.status = event_target_value(&ev))>
                <option value="">"Any status"</option>
                <option value="open">"Open"</option>
                <option value="investigating">"Investigating"</option>
                <option value="identified">"Identified"</option>
                <option value="monitoring">"Monitoring"</option>
                <option value="resolved">"Resolved"</option>
            </select>
            <select aria-label="Component" data-testid="filter-component" on:change=move |ev| filter.update(|f| f.component = event_target_value(&ev))>
                <option value="">"Any component"</option>
                {components.into_iter().map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view()}
            </select>
            <label class="date">"From "<input type="date" data-testid="filter-from" on:change=move |ev| filter.update(|f| f.from = event_target_value(&ev)) /></label>
            <label class="date">"to "<input type="date" data-testid="filter-to" on:change=move |ev| filter.update(|f| f.to = event_target_value(&ev)) /></label>
            <select aria-label="Drills" data-testid="filter-drills" on:change=move |ev| filter.update(|f| f.drills = Drills::parse(&event_target_value(&ev)))>
                <option value="all">"Drills included"</option>
                <option value="hide">"No drills"</option>
                <option value="only">"Only drills"</option>
            </select>
        </form>
    }
}
