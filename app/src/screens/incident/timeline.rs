//! The timeline: a note (Enter), and every event in words with its time and who did it.

use incident_core::describe;
use incident_core::model::{Event, Incident};
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;
use crate::platform::clock;

#[component]
pub(super) fn Timeline(page: Page, i: Incident) -> impl IntoView {
    let (actions, note) = (page.actions, page.drafts.note);
    let st = page.settings.get_value();
    let mut timeline: Vec<Event> = i.timeline.clone();
    incident_core::sort::by(&mut timeline, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    view! {
        <section class="panel" aria-labelledby="tl-h">
            <h3 id="tl-h">"Timeline"</h3>
            <form class="note" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let text = note.get_untracked();
                let sent = text.clone();
                // Cleared once stored, unless more was typed meanwhile.
                actions.run_then(Box::new(move |i, a| ops::add_note(i, &text, a)), Box::new(move || note.update(|n| if *n == sent { n.clear() })));
            }>
                <input type="text" data-testid="note-input" aria-label="Add a note to the timeline" placeholder="Add a note (Enter)"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            </form>
            <ol class="timeline" data-testid="timeline">
                {timeline.iter().map(|e| {
                    let who = e.by.as_deref().map(|p| describe::person_name(&st, p));
                    view! {
                        <li data-testid="timeline-event">
                            <time datetime=e.at.to_rfc3339()>{format!("{} UTC", e.at.utc_hhmm())}</time>
                            <span class="local">{format!("{} local", clock::local_hhmm(e.at))}</span>
                            <span class="what">{describe::event(e, &i, &st)}</span>
                            {who.map(|w| view! { <span class="who">{w}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
