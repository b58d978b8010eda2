//! On-call schedules: rotations of people, and who is on call now.
use std::collections::BTreeSet;

use incident_core::fields::optional;
use incident_core::model::OnCallSchedule;
use incident_core::model::{RecordKind, Settings};
use incident_core::Timestamp;
use leptos::prelude::*;

use super::form::{new_id, schedule_mut, Remover};
use crate::platform::clock;
use crate::widgets::fields::{number_field, text_field};

#[component]
pub(super) fn Schedules(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    now: ReadSignal<Timestamp>,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let people = s.people.clone();
    let live_people: BTreeSet<String> = people
        .iter()
        .filter(|p| !removed.contains(&(RecordKind::Person, p.id.clone())))
        .map(|p| p.id.clone())
        .collect();
    let first_live = people
        .iter()
        .find(|p| live_people.contains(&p.id))
        .map(|p| p.id.clone());
    let cards = s.oncall_schedules.iter().filter(|sch| !removed.contains(&(RecordKind::OncallSchedule, sch.id.clone()))).map(|sch| {
        let id = sch.id.clone();
        let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id.clone());
        let (e, f) = (id.clone(), id.clone());
        let rotation = sch.rotation.iter().enumerate().map(|(n, who)| {
            let sid = id.clone();
            let sid2 = id.clone();
            let who = who.clone();
            view! {
                <li>
                    <select aria-label=format!("Shift {}", n + 1) data-testid=format!("rotation-{id}-{n}") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|s| if let Some(x) = schedule_mut(s, &sid) { if let Some(slot) = x.rotation.get_mut(n) { *slot = v } });
                    }>
                        {people.iter().filter(|p| p.id == who || live_people.contains(&p.id)).map(|p| view! { <option value=p.id.clone() selected=p.id == who>{p.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="small" aria-label=format!("Remove shift {}", n + 1) on:click=move |_| {
                        draft.update(|s| if let Some(x) = schedule_mut(s, &sid2) { if n < x.rotation.len() { x.rotation.remove(n); } });
                        rebuild();
                    }>"Remove"</button>
                </li>
            }
        }).collect_view();
        let first_person = first_live.clone().unwrap_or_default();
        view! {
            <fieldset class="schedule" data-testid="schedule-card">
                <legend>{sch.name.clone()}</legend>
                <div class="grid3">
                    {text_field(draft, "Name", format!("schedule-name-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), move |s, v| if let Some(x) = schedule_mut(s, &b) { x.name = v })}
                    {text_field(draft, "Paging tool schedule", format!("schedule-ext-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == c).and_then(|x| x.external_id.clone()).unwrap_or_default(), move |s, v| if let Some(x) = schedule_mut(s, &d) { x.external_id = optional(&v) })}
                    {number_field(draft, "Shift length (days)".into(), format!("schedule-days-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == e).map_or(0, |x| x.shift_days), move |s, v| if let Some(x) = schedule_mut(s, &f) { x.shift_days = v })}
                </div>
                <p class="muted">{format!("Rotation starts {}.", sch.rotation_start.utc_minute())}</p>
                <ol class="rotation">{rotation}</ol>
                <button type="button" class="small" data-testid=format!("rotation-add-{id}") on:click={
                    let id = id.clone();
                    move |_| {
                        draft.update(|s| if let Some(x) = schedule_mut(s, &id) { x.rotation.push(first_person.clone()) });
                        rebuild();
                    }
                }>"Add a shift"</button>
                <p class="oncall" data-testid=format!("oncall-now-{id}")>{
                    let id = id.clone();
                    move || {
                        let t = now.get();
                        draft.with(|s| {
                            let sch = s.oncall_schedules.iter().find(|x| x.id == id);
                            match sch.and_then(|x| x.on_call_at(t)).and_then(|p| s.person(p)) {
                                Some(p) => format!("On call now: {} (@{})", p.name, p.handle),
                                None => "Nobody on call: add people to the rotation.".to_owned(),
                            }
                        })
                    }
                }</p>
                {remove.button(RecordKind::OncallSchedule, &id, sch.name.clone(), "schedule")}
            </fieldset>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="oncall-h">
            <h2 id="oncall-h">"On-call schedules"</h2>
            {cards}
            <button type="button" data-testid="add-schedule" on:click=move |_| {
                draft.update(|s| {
                    let rotation = first_live.clone().into_iter().collect();
                    s.oncall_schedules.push(OnCallSchedule { id: new_id("s"), name: "New schedule".into(), external_id: None, rotation, rotation_start: clock::now(), shift_days: 7 });
                });
                rebuild();
            }>"Add a schedule"</button>
        </section>
    }
}
