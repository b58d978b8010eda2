//! Components and their groups: what customers see on the status page.
use std::collections::BTreeSet;

use incident_core::fields::optional;
use incident_core::model::{Component, ComponentGroup};
use incident_core::model::{RecordKind, Settings};
use leptos::prelude::*;

use super::form::{component_mut, group_mut, new_id, Remover};
use crate::platform::clock;
use crate::widgets::fields::text_field;

#[component]
pub(super) fn Components(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let shown = |kind: RecordKind, id: &str| !removed.contains(&(kind, id.to_owned()));
    let groups: Vec<ComponentGroup> = s
        .component_groups
        .iter()
        .filter(|g| shown(RecordKind::ComponentGroup, &g.id))
        .cloned()
        .collect();
    let group_rows = groups.iter().map(|g| {
        let id = g.id.clone();
        let (a, b) = (id.clone(), id.clone());
        view! {
            <tr>
                <td>{text_field(draft, "Group", format!("group-name-{id}"), move |s| s.component_groups.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = group_mut(s, &id) { x.name = v } })}</td>
                <td>{text_field(draft, "Description", format!("group-desc-{id}"), move |s| s.component_groups.iter().find(|x| x.id == b).and_then(|x| x.description.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = group_mut(s, &id) { x.description = optional(&v) } })}</td>
                <td>{remove.button(RecordKind::ComponentGroup, &id, g.name.clone(), "group")}</td>
            </tr>
        }
    }).collect_view();
    let component_rows = s.components.iter().filter(|c| shown(RecordKind::Component, &c.id)).map(|c| {
        let id = c.id.clone();
        let (a, b) = (id.clone(), id.clone());
        let current_group = c.group.clone().unwrap_or_default();
        let gid = id.clone();
        view! {
            <tr data-testid="component-row">
                <td>{text_field(draft, "Component", format!("component-name-{id}"), move |s| s.components.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = component_mut(s, &id) { x.name = v } })}</td>
                <td>{text_field(draft, "Description", format!("component-desc-{id}"), move |s| s.components.iter().find(|x| x.id == b).and_then(|x| x.description.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = component_mut(s, &id) { x.description = optional(&v) } })}</td>
                <td>
                    <label class="field"><span>"Group"</span>
                        <select data-testid=format!("component-group-{id}") on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|s| if let Some(x) = component_mut(s, &gid) { x.group = optional(&v) });
                        }>
                            <option value="" selected=current_group.is_empty()>"(no group)"</option>
                            {groups.iter().map(|g| view! { <option value=g.id.clone() selected=g.id == current_group>{g.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                </td>
                <td>{remove.button(RecordKind::Component, &id, c.name.clone(), "component")}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="comp-h">
            <h2 id="comp-h">"Components and groups"</h2>
            <p class="muted">"What customers see on the status page, grouped as they think of the product."</p>
            <table class="form-table"><caption class="sr">"Component groups"</caption><tbody>{group_rows}</tbody></table>
            <button type="button" data-testid="add-group" on:click=move |_| {
                draft.update(|s| {
                    let position = s.component_groups.len() as u32;
                    s.component_groups.push(ComponentGroup { id: new_id("g"), name: "New group".into(), description: None, position });
                });
                rebuild();
            }>"Add a group"</button>
            <table class="form-table"><caption class="sr">"Components"</caption><tbody>{component_rows}</tbody></table>
            <button type="button" data-testid="add-component" on:click=move |_| {
                draft.update(|s| {
                    let position = s.components.len() as u32;
                    s.components.push(Component { id: new_id("c"), name: "New component".into(), description: None, group: None, position, created_at: clock::now() });
                });
                rebuild();
            }>"Add a component"</button>
        </section>
    }
}
