//! The incident's action items (the post-mortem template's table as records): their status, and
//! adding one.

use chrono::NaiveDate;
use incident_core::comms::{self, ActionItemDraft};
use incident_core::model::{ActionItem, ActionStatus, Incident, Priority};
use leptos::prelude::*;

use super::page::Page;
use crate::platform::ids::new_id;
use crate::state::use_session;
use crate::widgets::action_item;

fn priority_of(key: &str) -> Priority {
    Priority::ALL
        .into_iter()
        .find(|p| p.label() == key)
        .unwrap_or(Priority::P1)
}

fn status_of(key: &str) -> ActionStatus {
    ActionStatus::ALL
        .into_iter()
        .find(|s| s.key() == key)
        .unwrap_or(ActionStatus::Open)
}

/// The item as it is, as a draft to change one field of.
fn draft_of(a: &ActionItem) -> ActionItemDraft {
    ActionItemDraft {
        action: a.action.clone(),
        owner: a.owner.clone(),
        due: a.due,
        priority: a.priority,
        status: a.status,
        public: a.public,
    }
}

/// Whether the item is on the published post-mortem's follow-up list (chosen, never by default).
fn public_box(
    a: ActionItem,
    st: StoredValue<incident_core::Settings>,
    actions: crate::state::actions::IncidentActions,
) -> impl IntoView {
    let label = format!("Show “{}” on the published post-mortem", a.action);
    let checked = a.public;
    view! {
        <input type="checkbox" data-testid="action-public" aria-label=label checked=checked on:change=move |ev| {
            let public = event_target_checked(&ev);
            let item = a.clone();
            let settings = st.get_value();
            actions.run_with(Box::new(move |i, act| comms::put_action_item(i, &item.id, ActionItemDraft {
                public, ..draft_of(&item)
            }, &settings, act)), None);
        } />
    }
}

/// The incident's action items (the post-mortem template's table as records).
#[component]
pub(super) fn ActionItems(page: Page, i: Incident) -> impl IntoView {
    let now = use_session().now;
    let (incident, settings, actions) = (i, page.settings.get_value(), page.actions);
    // Whom a new action item can be given to (people not removed).
    let owners = page.offered.with_value(|o| o.people.clone());
    let action = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let priority = RwSignal::new("P1".to_owned());
    let people = owners;
    let st = StoredValue::new(settings.clone());
    let today = now.get_untracked().datetime().date_naive();
    let rows = incident.action_items.iter().map(|a| {
        let item = a.clone();
        view! {
            <tr data-testid="action-item">
                {action_item::cells(a, &settings, today)}
                <td>
                    <select aria-label=format!("Status of {}", a.action) data-testid="action-status" on:change=move |ev| {
                        let v = status_of(&event_target_value(&ev));
                        let item = item.clone();
                        let settings = st.get_value();
                        actions.run_with(Box::new(move |i, act| comms::put_action_item(i, &item.id, ActionItemDraft {
                            status: v, ..draft_of(&item)
                        }, &settings, act)), None);
                    }>
                        {ActionStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=s == a.status>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </td>
                <td>{public_box(a.clone(), st, actions)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <h4>"Action items"</h4>
        <table class="escalation actions-table">
            <thead><tr><th scope="col">"Action"</th><th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Priority"</th><th scope="col">"Status"</th><th scope="col" title="Shown on the published post-mortem: the action and its status, never the owner">"Public"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="add-action" data-testid="action-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let due_date = NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok();
            let o = owner.get_untracked();
            let draft = ActionItemDraft {
                action: action.get_untracked(),
                owner: (!o.is_empty()).then_some(o),
                due: due_date,
                priority: priority_of(&priority.get_untracked()),
                status: ActionStatus::Open,
                public: false,
            };
            let settings = st.get_value();
            let id = new_id();
            actions.run_with(Box::new(move |i, a| comms::put_action_item(i, &id, draft, &settings, a)), Some(Box::new(move || {
                // The whole form starts again: what it shows is what the next item gets.
                action.set(String::new());
                due.set(String::new());
                owner.set(String::new());
                priority.set("P1".to_owned());
            })));
        }>
            <label class="field"><span>"Action"</span><input type="text" data-testid="action-text" prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev)) /></label>
            <label class="field"><span>"Owner"</span>
                <select data-testid="action-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="" selected=move || owner.with(String::is_empty)>"—"</option>
                    {people.iter().map(|p| {
                        let id = p.id.clone();
                        let is = id.clone();
                        view! { <option value=id selected=move || owner.with(|o| *o == is)>{p.name.clone()}</option> }
                    }).collect_view()}
                </select></label>
            <label class="field"><span>"Due"</span><input type="date" data-testid="action-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) /></label>
            <label class="field"><span>"Priority"</span>
                <select data-testid="action-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    {["P0", "P1", "P2"].into_iter().map(|p| view! {
                        <option value=p selected=move || priority.with(|x| x == p)>{p}</option>
                    }).collect_view()}
                </select></label>
            <button type="submit" data-testid="action-add">"Add action item"</button>
        </form>
    }
}
