//! How the status site counts uptime: the share of a minute at each impact counted as downtime.

use incident_core::model::{Settings, UptimeWeights};
use leptos::prelude::*;

/// A whole-percent input bound to one of the weights.
fn weight_field(
    draft: RwSignal<Settings>,
    label: &'static str,
    testid: &'static str,
    get: fn(&UptimeWeights) -> u8,
    set: fn(&mut UptimeWeights, u8),
) -> impl IntoView {
    let initial = draft.with_untracked(|s| get(&s.uptime_weights).to_string());
    view! {
        <label class="field num"><span>{label}</span>
            <input type="number" min="0" max="100" step="1" inputmode="numeric" data-testid=testid
                prop:value=initial on:input=move |ev| {
                    // A number above 100 is kept, so that saving says what is wrong with it.
                    if let Ok(p) = event_target_value(&ev).trim().parse::<u8>() {
                        draft.update(|s| set(&mut s.uptime_weights, p));
                    }
                } /></label>
    }
}

#[component]
pub(super) fn UptimeWeightsEditor(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="uptime-h" data-testid="uptime-weights">
            <h2 id="uptime-h">"Uptime on the status site"</h2>
            <p class="muted">"How much of a minute at each impact counts as downtime, in percent (0: not at all, 100: in full). The status site prints these beside every uptime figure, so readers can check the sums. Each incident counts at each impact for as long as it had it."</p>
            {weight_field(draft, "Major outage (%)", "weight-major", |w| w.major_outage, |w, p| w.major_outage = p)}
            {weight_field(draft, "Partial outage (%)", "weight-partial", |w| w.partial_outage, |w, p| w.partial_outage = p)}
            {weight_field(draft, "Degraded performance (%)", "weight-degraded", |w| w.degraded_performance, |w, p| w.degraded_performance = p)}
            {weight_field(draft, "Maintenance (%)", "weight-maintenance", |w| w.maintenance, |w, p| w.maintenance = p)}
        </section>
    }
}
