//! The playbook's checklists, ticked on the incident (each tick is a timeline event).

use incident_core::model::Incident;
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;

#[component]
pub(super) fn Checklists(page: Page, i: Incident) -> impl IntoView {
    let (actions, playbook) = (page.actions, page.playbook);
    let pb = playbook.get_value();
    let ticks = i.checklist_state();
    view! {
        <section class="panel" aria-labelledby="chk-h">
            <h3 id="chk-h">"Checklists"</h3>
            {pb.checklists.iter().map(|list| {
                let lid = list.id.clone();
                view! {
                    <details class="checklist">
                        <summary>{list.title.clone()}</summary>
                        <ul>{list.items.iter().map(|item| {
                            let done = ticks.iter().any(|t| t.checklist == lid && t.item == item.id);
                            let (lid, iid) = (lid.clone(), item.id.clone());
                            view! {
                                <li><label><input type="checkbox" prop:checked=done on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let (lid, iid) = (lid.clone(), iid.clone());
                                    let pb = playbook.get_value();
                                    actions.run(Box::new(move |i, a| ops::tick(i, &pb, &lid, &iid, on, a)));
                                } />" "{item.text.clone()}</label></li>
                            }
                        }).collect_view()}</ul>
                    </details>
                }
            }).collect_view()}
        </section>
    }
}
