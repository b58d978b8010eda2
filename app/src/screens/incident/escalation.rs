//! Escalation: the matrix for this incident's severity, who must be engaged by now with their
//! contacts (whoever the schedules say is on call now first), and "engaged" ticks that go into
//! the timeline.

use incident_core::model::Person;
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;
use crate::state::use_session;

/// The escalation matrix for this incident's severity: who must be engaged by now, with the
/// contacts from the settings, and "engaged" ticks that go into the timeline.
#[component]
pub(super) fn Escalation(page: Page) -> impl IntoView {
    let now = use_session().now;
    let (incident, settings, actions) = (page.incident, page.offered, page.actions);
    view! {
        <section class="panel" aria-labelledby="esc-h">
            <h3 id="esc-h">"Escalation"</h3>
            {move || incident.get().map(|i| {
                let st = settings.get_value();
                let elapsed = now.get().minutes_since(i.declared_at);
                let mut rules: Vec<_> = st.playbook.escalation.iter().filter(|r| r.severity == i.severity).cloned().collect();
                incident_core::sort::by_key(&mut rules, |r| r.after_minutes);
                if rules.is_empty() {
                    return view! { <p class="meta">"No escalation for this severity."</p> }.into_any();
                }
                view! {
                    <table class="escalation" data-testid="escalation">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Contact"</th><th scope="col">"State"</th></tr></thead>
                        <tbody>{rules.into_iter().map(|r| {
                            let level = r.level.clone();
                            let name = st.playbook.escalation_level(&level).map_or(level.clone(), |l| l.name.clone());
                            let due = i64::from(r.after_minutes) <= elapsed;
                            let engaged = ops::engaged_at(&i, &level);
                            // For the on-call level, whoever the schedules say is on call now comes first.
                            let on_call_now: Vec<&str> = if level == "on-call" {
                                st.oncall_schedules.iter().filter_map(|s| s.on_call_at(now.get_untracked())).collect()
                            } else {
                                Vec::new()
                            };
                            let mut people: Vec<&Person> = st.people.iter().filter(|p| if on_call_now.is_empty() { p.escalation_levels.contains(&level) } else { on_call_now.contains(&p.id.as_str()) }).collect();
                            incident_core::sort::by_key(&mut people, |p| !on_call_now.contains(&p.id.as_str()));
                            let contacts: Vec<String> = people.into_iter().map(|p| {
                                let now_tag = if on_call_now.contains(&p.id.as_str()) { " (on call now)" } else { "" };
                                let mut c = format!("{}{now_tag}", p.name);
                                if let Some(ph) = &p.phone { c.push_str(&format!(" · {ph}")); }
                                c
                            }).collect();
                            let state = match (engaged, due) {
                                (Some(at), _) => view! { <span class="ok">{format!("Engaged {} UTC", at.utc_hhmm())}</span> }.into_any(),
                                (None, true) => {
                                    let lv = level.clone();
                                    view! {
                                        <span class="late">"Due now "</span>
                                        <button type="button" data-testid=format!("engage-{level}") on:click=move |_| {
                                            let lv = lv.clone();
                                            actions.run(Box::new(move |i, a| ops::engage(i, &lv, None, a)));
                                        }>"Mark engaged"</button>
                                    }.into_any()
                                }
                                (None, false) => view! { <span class="meta">{format!("in {} min", i64::from(r.after_minutes) - elapsed)}</span> }.into_any(),
                            };
                            view! {
                                <tr class=if due && engaged.is_none() { "due" } else { "" }>
                                    <td>{if r.after_minutes == 0 { "At once".to_owned() } else { format!("+{} min", r.after_minutes) }}</td>
                                    <td>{name}</td>
                                    <td class="contacts">{if contacts.is_empty() { "—".to_owned() } else { contacts.join("; ") }}</td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            })}
        </section>
    }
}
