//! People and their contacts, and the escalation levels each answers for.
use std::collections::BTreeSet;

use incident_core::fields::optional;
use incident_core::model::Person;
use incident_core::model::{RecordKind, Settings};
use leptos::prelude::*;

use super::form::{new_id, person_mut, Remover};
use crate::widgets::fields::text_field;

#[component]
pub(super) fn People(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let levels = s.playbook.escalation_levels.clone();
    type Get = fn(&Person) -> String;
    type Set = fn(&mut Person, String);
    let fields: [(&'static str, &'static str, Get, Set); 5] = [
        ("Name", "name", |p| p.name.clone(), |p, v| p.name = v),
        (
            "Handle",
            "handle",
            |p| p.handle.clone(),
            |p, v| p.handle = v.trim().trim_start_matches('@').to_owned(),
        ),
        (
            "Title",
            "title",
            |p| p.title.clone().unwrap_or_default(),
            |p, v| p.title = optional(&v),
        ),
        (
            "Email",
            "email",
            |p| p.email.clone().unwrap_or_default(),
            |p, v| p.email = optional(&v),
        ),
        (
            "Phone",
            "phone",
            |p| p.phone.clone().unwrap_or_default(),
            |p, v| p.phone = optional(&v),
        ),
    ];
    let cards = s.people.iter().filter(|p| !removed.contains(&(RecordKind::Person, p.id.clone()))).map(|p| {
        let id = p.id.clone();
        let inputs = fields.iter().map(|&(label, key, get, set)| {
            let (a, b) = (id.clone(), id.clone());
            text_field(draft, label, format!("person-{key}-{id}"),
                move |s| s.people.iter().find(|x| x.id == a).map(get).unwrap_or_default(),
                move |s, v| if let Some(x) = person_mut(s, &b) { set(x, v) })
        }).collect_view();
        let boxes = levels.iter().map(|l| {
            let (lid, pid) = (l.id.clone(), id.clone());
            let checked = p.escalation_levels.contains(&l.id);
            view! {
                <label class="check">
                    <input type="checkbox" data-testid=format!("person-level-{id}-{}", l.id) prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|s| if let Some(x) = person_mut(s, &pid) {
                                x.escalation_levels.retain(|v| *v != lid);
                                if on { x.escalation_levels.push(lid.clone()); }
                            });
                        } />
                    {l.name.clone()}
                </label>
            }
        }).collect_view();
        view! {
            <fieldset class="person" data-testid="person-card">
                <legend>{p.name.clone()}</legend>
                <div class="grid3">{inputs}</div>
                <div class="levels"><span class="muted">"Escalation: "</span>{boxes}</div>
                {remove.button(RecordKind::Person, &id, p.name.clone(), "person")}
            </fieldset>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="people-h">
            <h2 id="people-h">"People and contacts"</h2>
            <p class="muted">"Responders, their handle for " <code>"/page @handle"</code> ", how to reach them, and which escalation levels they answer for."</p>
            {cards}
            <button type="button" data-testid="add-person" on:click=move |_| {
                draft.update(|s| {
                    let n = s.people.len() + 1;
                    s.people.push(Person { id: new_id("p"), name: format!("New person {n}"), handle: format!("person{n}"), title: None, email: None, phone: None, escalation_levels: vec![] });
                });
                rebuild();
            }>"Add a person"</button>
        </section>
    }
}
