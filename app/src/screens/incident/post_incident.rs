//! After resolution: the post-mortem's due clock and the immediate actions, its editor beside a
//! preview of exactly what the status site will show, save, publish, preview and export, and the
//! action items.

use incident_core::comms;
use incident_core::duration::countdown;
use incident_core::model::Incident;
use leptos::prelude::*;

use super::page::Page;
use super::{action_items, preview};
use crate::platform::files;
use crate::state::drafts::publish_postmortem_text;
use crate::state::use_session;

/// After resolution: the post-mortem's due clock, its editor with preview, publish and export,
/// and the action items.
#[component]
pub(super) fn PostIncident(page: Page, i: Incident) -> impl IntoView {
    let now = use_session().now;
    let (incident, settings, actions, d) =
        (i, page.settings.get_value(), page.actions, page.drafts);
    let due = comms::postmortem_due(&incident, &settings);
    let published = incident.postmortem.as_ref().is_some_and(|p| p.published);
    let drill = incident.drill;
    let (inc_g, set_g) = (incident.clone(), settings.clone());
    // The text in the editor: what is being typed, else what is saved, else the template
    // filled from the incident with the chosen events.
    let text = Memo::new(move |_| d.postmortem_text(&inc_g, &set_g));
    // Exactly what the status site will show: the Action Items section cut, then the one
    // sanitizing markdown renderer.
    let preview = move || {
        incident_core::markdown::render(&incident_core::public::without_action_items(&text.get()))
    };
    let title = incident.title.clone();
    let id = incident.id.clone();
    let key: Vec<(String, String, bool)> = incident
        .timeline
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                comms::event_line(&incident, e, &settings),
                comms::is_key_event(&e.kind),
            )
        })
        .collect();
    let has_saved = incident.postmortem.is_some();
    let export_error = RwSignal::new(None::<String>);
    // The playbook's immediate actions (< 24 h): ticked, of how many, due when.
    let hours = settings.playbook.immediate_actions_hours;
    let immediate = {
        let list = settings
            .playbook
            .checklist(incident_core::playbook::checklist_ids::IMMEDIATE_ACTIONS);
        let ticks = incident.checklist_state();
        let of = list.map_or(0, |l| l.items.len());
        let done = list.map_or(0, |l| {
            l.items
                .iter()
                .filter(|it| ticks.iter().any(|t| t.checklist == l.id && t.item == it.id))
                .count()
        });
        let resolved = incident.resolved_at.unwrap_or(incident.declared_at);
        (resolved.plus_minutes(i64::from(hours) * 60), done, of)
    };
    view! {
        <section class="panel postincident" aria-labelledby="pm-h">
            <h3 id="pm-h">{if drill { "Drill review" } else { "Post-mortem" }}</h3>
            <p class="clock-box" data-testid="pm-due" class:late=move || !published && due.is_some_and(|t| now.get() > t)>{move || match (published, due) {
                (true, _) => "Published on the status site.".to_owned(),
                (false, Some(t)) => format!("Post-mortem {} (48 h after resolution, {})", countdown(now.get(), t).0, t.utc_minute()),
                (false, None) => String::new(),
            }}</p>
            <p class="clock-box" data-testid="immediate-actions" class:late=move || { let (due, done, of) = immediate; done < of && due < now.get() }>{move || {
                let (due, done, of) = immediate;
                if of == 0 || done >= of {
                    format!("Immediate post-incident actions: {done} of {of} done.")
                } else {
                    format!("Immediate post-incident actions: {done} of {of} done, {} (within {hours} h of resolution; tick them in Checklists).", countdown(now.get(), due).0)
                }
            }}</p>
            {(!has_saved).then(|| view! {
                <details class="pm-events">
                    <summary>"Timeline events in the draft (those the public already saw are chosen; internal ones are offered)"</summary>
                    <ul class="plain">{key.iter().map(|(eid, line, is_key)| {
                        let eid2 = eid.clone();
                        let all: Vec<(String, bool)> = key.iter().map(|(e, _, k)| (e.clone(), *k)).collect();
                        view! { <li><label class="check"><input type="checkbox" prop:checked=*is_key on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let all = all.clone();
                            d.pm_events.update(|sel| {
                                let mut v = sel.take().unwrap_or_else(|| all.iter().filter(|(_, k)| *k).map(|(e, _)| e.clone()).collect());
                                v.retain(|e| *e != eid2);
                                if on { v.push(eid2.clone()); }
                                *sel = Some(v);
                            });
                        } />{line.clone()}{(!*is_key).then(|| view! { <span class="tag internal">"internal"</span> })}</label></li> }
                    }).collect_view()}</ul>
                </details>
            })}
            <div class="pm-editor">
                <label class="field"><span>"Post-mortem (markdown)"</span>
                    <textarea rows="22" data-testid="pm-text" prop:value=move || text.get()
                        on:input=move |ev| d.postmortem.set(Some(event_target_value(&ev)))></textarea>
                </label>
                <div class="pm-preview" aria-label="Preview">
                    <p class="meta">"Preview: the status site's text (the Action Items section stays internal)"</p>
                    <div class="markdown" data-testid="pm-preview" inner_html=preview></div>
                </div>
            </div>
            <div class="buttons">
                <button type="button" data-testid="pm-save" on:click=move |_| {
                    let md = text.get_untracked();
                    actions.run_with(Box::new(move |i, a| comms::write_postmortem(i, &md, a)), Some(Box::new(move || d.postmortem.set(None))));
                }>"Save"</button>
                {(!published && !drill).then(|| view! {
                    <button type="button" class="primary" data-testid="pm-publish" on:click=move |_| {
                        let md = text.get_untracked();
                        // What the site will show: the post-mortem without its action items.
                        let public = incident_core::public::without_action_items(&md);
                        let found = page.settings.with_value(|s| incident_core::publish_check::check_text(&public, "the post-mortem", s));
                        if !crate::widgets::publish_check::confirmed("the post-mortem", &found) {
                            return;
                        }
                        actions.run_with(Box::new(move |i, a| publish_postmortem_text(i, &md, a)),
                            Some(Box::new(move || d.postmortem.set(None))));
                    }>"Publish on the status site"</button>
                })}
                {(!drill).then(|| view! {
                    <button type="button" data-testid="preview-postmortem" on:click=move |_| preview::show(d)>"Preview on the status site"</button>
                })}
                <button type="button" data-testid="pm-export" on:click=move |_| {
                    let name = format!("postmortem-{id}.md");
                    let failed = files::download_as(&name, &text.get_untracked(), "text/markdown").err();
                    export_error.set(failed.map(|e| format!("The post-mortem was not exported: {e}")));
                }>"Export as markdown"</button>
                <span class="muted">{format!("“{title}”")}</span>
            </div>
            {move || export_error.get().map(|m| view! { <p class="error" role="alert" data-testid="pm-export-error">{m}</p> })}
            <action_items::ActionItems page=page i=incident />
        </section>
    }
}
