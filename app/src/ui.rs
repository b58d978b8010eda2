//! The workspace's components. They read state and call `incident-core`; browser access goes
//! through `storage` and `clock`.

use std::sync::Arc;

use incident_core::sample::{generate, SampleOptions};
use incident_core::{Bundle, Incident, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::{Storage, StorageError, DEFAULT_DB};
use crate::{clock, SAMPLE_INCIDENTS, SAMPLE_SEED};

#[derive(Debug, Clone)]
enum Load {
    Loading,
    Ready { bundle: Arc<Bundle>, seeded: bool },
    Failed(String),
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
    let now = clock::now();
    spawn_local(async move {
        set_state.set(match open_workspace(now).await {
            Ok((bundle, seeded)) => Load::Ready {
                bundle: Arc::new(bundle),
                seeded,
            },
            Err(e) => Load::Failed(e.to_string()),
        });
    });
    view! {
        <header class="topbar">
            <span class="brand">"Cygni"</span>
            <span class="product">"Incident workspace"</span>
            <span class="clock" title="Current time in UTC">{now.utc_minute()}</span>
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
                Load::Ready { bundle, seeded } => view! {
                    <IncidentList bundle=bundle seeded=seeded now=now />
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

#[component]
fn IncidentList(bundle: Arc<Bundle>, seeded: bool, now: Timestamp) -> impl IntoView {
    let (open, past): (Vec<&Incident>, Vec<&Incident>) =
        bundle.incidents.iter().partition(|i| i.is_open());
    let components = |i: &Incident| -> String {
        i.components
            .iter()
            .filter_map(|c| {
                bundle
                    .settings
                    .component(&c.component)
                    .map(|c| c.name.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let row = |i: &Incident| {
        let sev = i.severity.label();
        let class = format!("sev sev-{}", i.severity.number());
        view! {
            <tr data-testid="incident-row" data-open=i.is_open().to_string()>
                <td><span class=class>{sev}</span></td>
                <td class="title">
                    {i.title.clone()}
                    {i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}
                </td>
                <td><span class=format!("status status-{:?}", i.status).to_lowercase()>{i.status.label()}</span></td>
                <td class="components">{components(i)}</td>
                <td class="time">
                    <time datetime=i.started_at.to_rfc3339()>{i.started_at.utc_minute()}</time>
                    <span class="age">{format!("{} ago", age(now, i.started_at))}</span>
                </td>
            </tr>
        }
    };
    let open_rows: Vec<_> = open.iter().map(|i| row(i)).collect();
    let past_rows: Vec<_> = past.iter().map(|i| row(i)).collect();
    let past_count = past.len();
    let open_count = open.len();
    view! {
        {seeded.then(|| view! {
            <p class="notice" role="status" data-testid="sample-notice">
                "This is a sample workspace for Cygni, stored in this browser. Everything here is made up."
            </p>
        })}
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
