//! `#/drills`: the monthly practice. The next first-Thursday dates, who commands the next drill
//! (the rotation), the built-in scenarios to start one from, and the drills run so far with their
//! reviews. A drill is an ordinary incident marked `drill`, so it is run on the same screen.

use incident_core::drill::{self, SCENARIOS};
use leptos::prelude::*;

use crate::platform::ids::new_id;
use crate::state::workspace::{actor, save_and_open};
use crate::state::{use_session, Session};

#[component]
pub(crate) fn DrillsPage() -> impl IntoView {
    let Session {
        workspace, me, now, ..
    } = use_session();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let commander = Memo::new(move |_| {
        workspace.with(|b| {
            let b = incident_core::merge::live(b);
            drill::next_commander(&b.settings, &b.incidents).map(str::to_owned)
        })
    });
    let start = move |scenario: &'static drill::Scenario| {
        if busy.get_untracked() {
            return;
        }
        let settings = workspace.with_untracked(|b| b.settings.clone());
        let id = format!("drill-{}", new_id());
        match drill::start(
            scenario,
            id,
            &settings,
            commander.get_untracked(),
            &actor(workspace, me),
        ) {
            Err(e) => error.set(Some(e.0)),
            Ok(incident) => save_and_open(
                workspace,
                incident,
                busy,
                || (),
                move |e| error.set(Some(format!("The drill was not started: {e}"))),
            ),
        }
    };
    view! {
        <div class="drills">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Drills"</h1>
            <p class="muted">{move || workspace.with(|b| format!("{}: {}.", b.settings.playbook.drills.when, b.settings.playbook.drills.practices.join(", ").to_lowercase()))}</p>
            <div class="grid2">
                <section class="panel" aria-labelledby="when-h">
                    <h2 id="when-h">"Next drills"</h2>
                    <ul data-testid="drill-days">{move || drill::next_drill_days(now.get().datetime().date_naive(), 3).into_iter().map(|d| view! {
                        <li><time datetime=d.to_string()>{d.format("%A %-d %B %Y").to_string()}</time></li>
                    }).collect_view()}</ul>
                </section>
                <section class="panel" aria-labelledby="ic-h">
                    <h2 id="ic-h">"Incident commander, next drill"</h2>
                    <p class="oncall" data-testid="drill-commander">{move || workspace.with(|b| commander.get().and_then(|c| b.settings.person(&c).map(|p| p.name.clone())).unwrap_or_else(|| "Add people in Settings".to_owned()))}</p>
                    <p class="meta">"The role rotates among the on-call engineers: whoever commanded a drill longest ago (or never) is next."</p>
                </section>
            </div>
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="drill-error">{m}</p> })}
            <section aria-labelledby="sc-h">
                <h2 id="sc-h">"Start a drill"</h2>
                <div class="grid2">
                    {SCENARIOS.iter().map(|s| view! {
                        <article class="panel scenario">
                            <h3><span class=format!("sev sev-{}", s.severity.number())>{s.severity.label()}</span>" "{s.title}</h3>
                            <p>{s.inject}</p>
                            <button type="button" class="primary" data-testid=format!("drill-start-{}", s.id) disabled=move || busy.get()
                                on:click=move |_| start(s)>"Start this drill"</button>
                        </article>
                    }).collect_view()}
                </div>
            </section>
            <section aria-labelledby="past-drills-h">
                <h2 id="past-drills-h">"Drills so far"</h2>
                <ul class="plain" data-testid="drill-list">{move || workspace.with(|b| {
                    let hidden = incident_core::merge::hidden_incidents(b);
                    let mut drills: Vec<_> = b.incidents.iter().filter(|i| i.drill && !hidden.contains(i.id.as_str())).collect();
                    incident_core::sort::by_key(&mut drills, |i| std::cmp::Reverse(i.declared_at));
                    drills.into_iter().take(24).map(|i| {
                        let ic = i.roles.get(incident_core::model::Role::IncidentCommander).and_then(|p| b.settings.person(p)).map_or("no commander", |p| p.name.as_str());
                        let review = if i.postmortem.is_some() { "review written" } else if i.is_open() { "running" } else { "review due" };
                        view! { <li><a href=format!("#/incident/{}", i.id)>{i.title.clone()}</a>{format!(" · {} · {ic} · {review}", i.declared_at.utc_date())}</li> }
                    }).collect_view()
                })}</ul>
            </section>
        </div>
    }
}
