//! The four roles: who holds each (from the people not removed, and the current holder).

use incident_core::model::{Incident, Role};
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;
use crate::state::workspace::offered_people;

#[component]
pub(super) fn Roles(page: Page, i: Incident) -> impl IntoView {
    let workspace = use_session().workspace;
    let (actions, pb) = (page.actions, page.playbook.get_value());
    view! {
        <section class="panel" aria-labelledby="roles-h">
            <h3 id="roles-h">"Roles"</h3>
            {Role::ALL.into_iter().map(|role| {
                let current = i.roles.get(role).map(str::to_owned);
                let hint = pb.role(role).map(|r| format!("Usually: {}", r.usually)).unwrap_or_default();
                let people = workspace.with_untracked(|b| offered_people(b, current.as_deref()));
                view! {
                    <label class="field inline"><span>{role.label()}</span>
                        <select data-testid=format!("role-{}", role.short().to_lowercase()) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let person = (!v.is_empty()).then_some(v);
                            actions.run(Box::new(move |i, a| ops::assign_role(i, role, person, a)));
                        }>
                            <option value="" selected=current.is_none()>"—"</option>
                            {people.into_iter().map(|p| {
                                let sel = current.as_deref() == Some(p.id.as_str());
                                view! { <option value=p.id.clone() selected=sel>{p.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <span class="meta">{hint}</span>
                    </label>
                }
            }).collect_view()}
        </section>
    }
}
