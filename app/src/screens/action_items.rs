//! `#/actions`: every action item of every incident, overdue first, with filters by owner,
//! priority and status.

use incident_core::comms;
use incident_core::model::{ActionItem, ActionStatus, Incident};
use leptos::prelude::*;

use crate::state::{use_session, Session};
use crate::widgets::action_item;

/// Every action item of every incident: overdue first, then by due date; filters by owner,
/// priority and status.
#[component]
pub(crate) fn ActionItemsPage() -> impl IntoView {
    let Session { workspace, now, .. } = use_session();
    let owner = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let status = RwSignal::new("not_done".to_owned());
    let people = workspace.with_untracked(|b| b.settings.people.clone());
    view! {
        <div class="actions-page">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Action items"</h1>
            <p class="muted">"Follow-ups from every post-mortem. Overdue items come first."</p>
            <form class="filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <select aria-label="Owner" data-testid="ai-filter-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">"Any owner"</option>
                    {people.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                </select>
                <select aria-label="Priority" data-testid="ai-filter-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="">"Any priority"</option><option value="P0">"P0"</option><option value="P1">"P1"</option><option value="P2">"P2"</option>
                </select>
                <select aria-label="Status" data-testid="ai-filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="not_done" selected=true>"Not done"</option>
                    <option value="">"Any status"</option>
                    <option value="done">"Done"</option>
                </select>
            </form>
            {move || {
                let today = now.get().datetime().date_naive();
                let (o, p, s) = (owner.get(), priority.get(), status.get());
                workspace.with(|b| {
                    let hidden = incident_core::merge::hidden_incidents(b);
                    let mut items: Vec<(&Incident, &ActionItem)> = b.incidents.iter()
                        .filter(|i| !hidden.contains(i.id.as_str()))
                        .flat_map(|i| i.action_items.iter().map(move |a| (i, a)))
                        .filter(|(_, a)| o.is_empty() || a.owner.as_deref() == Some(o.as_str()))
                        .filter(|(_, a)| p.is_empty() || a.priority.label() == p)
                        .filter(|(_, a)| match s.as_str() { "not_done" => a.status != ActionStatus::Done, "done" => a.status == ActionStatus::Done, _ => true })
                        .collect();
                    incident_core::sort::by(&mut items, |(_, x), (_, y)| {
                        comms::is_overdue(y, today).cmp(&comms::is_overdue(x, today))
                            .then(x.due.is_none().cmp(&y.due.is_none()))
                            .then(x.due.cmp(&y.due))
                            .then(x.priority.cmp(&y.priority))
                    });
                    let count = items.len();
                    let rows = items.into_iter().map(|(i, a)| {
                        let overdue = comms::is_overdue(a, today);
                        view! {
                            <tr data-testid="ai-row" class:overdue=overdue>
                                {action_item::cells(a, &b.settings, today)}
                                <td>{a.status.label()}</td>
                                <td><a href=format!("#/incident/{}", i.id)>{i.title.clone()}</a>{i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <p data-testid="ai-count">{format!("{count} action items")}</p>
                        <div class="scroll-x"><table class="escalation ai-table">
                            <thead><tr><th scope="col">"Action"</th><th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Priority"</th><th scope="col">"Status"</th><th scope="col">"Incident"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    }
                })
            }}
        </div>
    }
}
