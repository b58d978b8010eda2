//! Business days and hours: when a response due "the next business day" (SEV4) falls due.

use chrono::NaiveTime;
use incident_core::model::Settings;
use leptos::prelude::*;

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A time input (`HH:MM`) bound to one of the business hours' times.
fn time_field(
    draft: RwSignal<Settings>,
    label: &'static str,
    testid: &'static str,
    get: fn(&Settings) -> NaiveTime,
    set: fn(&mut Settings, NaiveTime),
) -> impl IntoView {
    let initial = draft.with_untracked(|s| get(s).format("%H:%M").to_string());
    view! {
        <label class="field num"><span>{label}</span>
            <input type="time" data-testid=testid prop:value=initial on:input=move |ev| {
                if let Ok(t) = NaiveTime::parse_from_str(&event_target_value(&ev), "%H:%M") {
                    draft.update(|s| set(s, t));
                }
            } /></label>
    }
}

#[component]
pub(super) fn BusinessHoursEditor(draft: RwSignal<Settings>) -> impl IntoView {
    let offset = draft.with_untracked(|s| s.business_hours.utc_offset_minutes.to_string());
    view! {
        <section class="panel" aria-labelledby="hours-h" data-testid="business-hours">
            <h2 id="hours-h">"Business hours"</h2>
            <p class="muted">"A response due the next business day (SEV4 in the playbook) is due when the next business day closes."</p>
            <fieldset>
                <legend>"Business days"</legend>
                {DAYS.into_iter().enumerate().map(|(n, name)| {
                    let day = n as u8 + 1;
                    view! {
                        <label class="check"><input type="checkbox" data-testid=format!("business-day-{day}")
                            prop:checked=draft.with_untracked(|s| s.business_hours.days.contains(&day))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                draft.update(|s| {
                                    let days = &mut s.business_hours.days;
                                    days.retain(|d| *d != day);
                                    if on {
                                        days.push(day);
                                        incident_core::sort::ascending(days);
                                    }
                                });
                            } />{format!(" {name}")}</label>
                    }
                }).collect_view()}
            </fieldset>
            {time_field(draft, "Opens", "business-opens", |s| s.business_hours.opens, |s, t| s.business_hours.opens = t)}
            {time_field(draft, "Closes", "business-closes", |s| s.business_hours.closes, |s, t| s.business_hours.closes = t)}
            <label class="field num"><span>"Local time, minutes east of UTC (Berlin in winter: 60; New York: -300)"</span>
                <input type="number" step="15" data-testid="business-offset" prop:value=offset on:input=move |ev| {
                    if let Ok(m) = event_target_value(&ev).trim().parse::<i32>() {
                        draft.update(|s| s.business_hours.utc_offset_minutes = m);
                    }
                } /></label>
        </section>
    }
}
