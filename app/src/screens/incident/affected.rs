//! The affected components of an open incident and their impact, changed as it goes on.

use incident_core::fields::{impact_from_key, impact_key, IMPACTS};
use incident_core::model::{AffectedComponent, Component, Impact, Incident, Settings};
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;

#[component]
pub(super) fn Affected(page: Page, i: Incident) -> impl IntoView {
    let actions = page.actions;
    let st = page.settings.get_value();
    let live = page.offered.with_value(|o| o.components.clone());
    view! {
        <section class="panel" aria-labelledby="comp-h" data-testid="affected">
            <h3 id="comp-h">"Affected components"</h3>
            <p class="meta">"The status page shows each component at its worst impact among the open incidents it publishes."</p>
            {affected_choices(&i, &st, &live).into_iter().map(|(cid, name, current)| {
                view! {
                    <label class="field inline"><span>{name.clone()}</span>
                        <select data-testid=format!("affected-{cid}") aria-label=format!("Impact on {name}") on:change=move |ev| {
                            let impact = impact_from_key(&event_target_value(&ev));
                            let cid = cid.clone();
                            actions.run(Box::new(move |i, a| {
                                let mut list = i.components.clone();
                                match (list.iter().position(|c| c.component == cid), impact) {
                                    (Some(n), Some(impact)) => list[n].impact = impact,
                                    (Some(n), None) => { list.remove(n); }
                                    (None, Some(impact)) => list.push(AffectedComponent { component: cid, impact }),
                                    (None, None) => {}
                                }
                                ops::set_components(i, list, a)
                            }));
                        }>
                            <option value="" selected=current.is_none()>"Not affected"</option>
                            {IMPACTS.into_iter().map(|x| view! {
                                <option value=impact_key(x) selected=current == Some(x)>{x.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                }
            }).collect_view()}
        </section>
    }
}

/// The components offered on an incident page: the live ones, then any the incident names that
/// were removed since (by their old name); each with its impact on the incident, if any.
fn affected_choices(
    incident: &Incident,
    settings: &Settings,
    live: &[Component],
) -> Vec<(String, String, Option<Impact>)> {
    let impact = |id: &str| {
        incident
            .components
            .iter()
            .find(|a| a.component == id)
            .map(|a| a.impact)
    };
    let mut out: Vec<_> = live
        .iter()
        .map(|c| (c.id.clone(), c.name.clone(), impact(&c.id)))
        .collect();
    for a in &incident.components {
        if !live.iter().any(|c| c.id == a.component) {
            let name = settings
                .component(&a.component)
                .map_or(a.component.clone(), |c| c.name.clone());
            out.push((a.component.clone(), name, Some(a.impact)));
        }
    }
    out
}
