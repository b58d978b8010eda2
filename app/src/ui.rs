//! The workspace's frame: opening the stored workspace, the route (from the URL's hash, so a
//! reload stays where it was), the ticking clock, and the incident list. Browser access goes
//! through `storage` and `clock`.

use std::time::Duration;

use incident_core::ops::{self, Sla};
use incident_core::sample::{generate, SampleOptions};
use incident_core::{Bundle, Incident, Playbook, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::command_bar::CommandBar;
use crate::incident::{countdown, Declare, Draft, IncidentPage};
use crate::storage::{Storage, StorageError, DEFAULT_DB};
use crate::transfer::Transfer;
use crate::{clock, SAMPLE_INCIDENTS, SAMPLE_SEED};

#[derive(Debug, Clone)]
enum Load {
    Loading,
    Ready {
        seeded: bool,
        workspace: RwSignal<Bundle>,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    List,
    Declare,
    Incident(String),
}

fn route_of(hash: &str) -> Route {
    let h = hash.trim_start_matches('#');
    if h == "/new" {
        Route::Declare
    } else if let Some(id) = h.strip_prefix("/incident/") {
        Route::Incident(id.to_owned())
    } else {
        Route::List
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Opens the stored workspace; on the very first run, stores the sample workspace first.
async fn open_workspace(now: Timestamp) -> Result<(Bundle, bool), StorageError> {
    let storage = Storage::open(DEFAULT_DB).await?;
    if let Some(bundle) = storage.load_bundle(now).await? {
        return Ok((bundle, false));
    }
    let sample = generate(&SampleOptions {
        incidents: SAMPLE_INCIDENTS,
        seed: SAMPLE_SEED,
        now,
    });
    storage.save_bundle(&sample).await?;
    // Read back what was stored, so the screen shows what a reload will show.
    let stored = storage.load_bundle(now).await?.unwrap_or(sample);
    Ok((stored, true))
}

#[component]
pub fn App() -> impl IntoView {
    let (state, set_state) = signal(Load::Loading);
    let me = RwSignal::new(None::<String>);
    provide_context(Draft(RwSignal::new(None)));
    let (now, set_now) = signal(clock::now());
    set_interval(move || set_now.set(clock::now()), Duration::from_secs(1));
    let (route, set_route) = signal(route_of(&current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(route_of(&current_hash()));
    });
    spawn_local(async move {
        set_state.set(match open_workspace(clock::now()).await {
            Ok((bundle, seeded)) => Load::Ready {
                seeded,
                workspace: RwSignal::new(bundle),
            },
            Err(e) => Load::Failed(e.to_string()),
        });
    });
    view! {
        <header class="topbar">
            <a class="brand" href="#/">"Cygni"</a>
            <span class="product">"Incident workspace"</span>
            {move || match state.get() {
                Load::Ready { workspace, .. } => {
                    let current = Signal::derive(move || match route.get() {
                        Route::Incident(id) => Some(id),
                        _ => None,
                    });
                    view! { <CommandBar workspace=workspace me=me current=current /> }.into_any()
                }
                _ => ().into_any(),
            }}
            <a class="declare-link" href="#/new" data-testid="declare-link">"Declare incident"</a>
            <span class="clock" title="Current time in UTC">{move || format!("{} UTC", now.get().utc_hhmm())}</span>
        </header>
        <main id="main">
            {move || match state.get() {
                Load::Loading => view! { <p class="loading" role="status">"Opening workspace…"</p> }.into_any(),
                Load::Failed(message) => view! {
                    <div class="error" role="alert" data-testid="storage-error">
                        <strong>"The workspace could not be opened. "</strong>
                        {message}
                    </div>
                }.into_any(),
                Load::Ready { seeded, workspace } => view! {
                    {move || match route.get() {
                        Route::List => view! { <IncidentList workspace=workspace seeded=seeded now=now /> }.into_any(),
                        Route::Declare => view! { <Declare workspace=workspace me=me /> }.into_any(),
                        Route::Incident(id) => view! { <IncidentPage workspace=workspace me=me id=id now=now /> }.into_any(),
                    }}
                }.into_any(),
            }}
        </main>
    }
}

fn age(now: Timestamp, since: Timestamp) -> String {
    let minutes = now.minutes_since(since).max(0);
    match minutes {
        0..60 => format!("{minutes} min"),
        60..1440 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ => format!("{} d", minutes / 1440),
    }
}

/// The clocks an open incident shows in the list: response SLA and next update.
fn clocks(i: &Incident, playbook: &Playbook, now: Timestamp) -> Option<(String, bool)> {
    if !i.is_open() {
        return None;
    }
    if let Sla::Running { due, .. } = ops::response_sla(i, playbook, now) {
        let (text, late) = countdown(now, due);
        return Some((format!("Acknowledge {text}"), late));
    }
    ops::next_update_due(i, playbook).map(|due| {
        let (text, late) = countdown(now, due);
        (format!("Update {text}"), late)
    })
}

#[component]
fn IncidentList(
    workspace: RwSignal<Bundle>,
    seeded: bool,
    now: ReadSignal<Timestamp>,
) -> impl IntoView {
    let row = move |i: &Incident, b: &Bundle, n: Timestamp| {
        let components = i
            .components
            .iter()
            .filter_map(|c| b.settings.component(&c.component).map(|c| c.name.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        let sev = i.severity.label();
        let class = format!("sev sev-{}", i.severity.number());
        let clock = clocks(i, &b.settings.playbook, n);
        view! {
            <tr data-testid="incident-row" data-open=i.is_open().to_string()>
                <td><span class=class>{sev}</span></td>
                <td class="title">
                    <a href=format!("#/incident/{}", i.id)>{i.title.clone()}</a>
                    {i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}
                    {clock.map(|(text, late)| view! {
                        <span class=if late { "rowclock late" } else { "rowclock" } data-testid="row-clock">{text}</span>
                    })}
                </td>
                <td><span class=format!("status status-{:?}", i.status).to_lowercase()>{i.status.label()}</span></td>
                <td class="components">{components}</td>
                <td class="time">
                    <time datetime=i.started_at.to_rfc3339()>{i.started_at.utc_minute()}</time>
                    <span class="age">{format!("{} ago", age(n, i.started_at))}</span>
                </td>
            </tr>
        }
    };
    view! {
        {seeded.then(|| view! {
            <p class="notice" role="status" data-testid="sample-notice">
                "This is a sample workspace for Cygni, stored in this browser. Everything here is made up."
            </p>
        })}
        <Transfer workspace=workspace />
        {move || {
            let n = now.get();
            workspace.with(|b| {
                let (open, past): (Vec<&Incident>, Vec<&Incident>) =
                    b.incidents.iter().partition(|i| i.is_open());
                let open_count = open.len();
                let past_count = past.len();
                let open_rows: Vec<_> = open.iter().map(|i| row(i, b, n)).collect();
                let past_rows: Vec<_> = past.iter().map(|i| row(i, b, n)).collect();
                view! {
                    <section aria-labelledby="open-heading">
                        <h2 id="open-heading">"Open incidents " <span class="count" data-testid="open-count">{open_count}</span></h2>
                        {if open_count == 0 {
                            view! { <p class="empty">"No open incidents."</p> }.into_any()
                        } else {
                            view! { <IncidentTable rows=open_rows /> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="past-heading">
                        <h2 id="past-heading">"Past incidents " <span class="count" data-testid="past-count">{past_count}</span></h2>
                        <IncidentTable rows=past_rows />
                    </section>
                }
            })
        }}
    }
}

#[component]
fn IncidentTable(rows: Vec<impl IntoView + 'static>) -> impl IntoView {
    view! {
        <table class="incidents">
            <thead>
                <tr>
                    <th scope="col">"Severity"</th>
                    <th scope="col">"Incident"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Components"</th>
                    <th scope="col">"Started (UTC)"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
