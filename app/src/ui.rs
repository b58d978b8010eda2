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
use crate::settings::{SettingsPage, WhoAmI};
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
    Settings,
    Actions,
    Metrics,
    Drills,
    Preview,
    Incident(String),
}

fn route_of(hash: &str) -> Route {
    let h = hash.trim_start_matches('#');
    if h == "/new" {
        Route::Declare
    } else if h == "/settings" {
        Route::Settings
    } else if h == "/actions" {
        Route::Actions
    } else if h == "/metrics" {
        Route::Metrics
    } else if h == "/drills" {
        Route::Drills
    } else if h == "/preview" {
        Route::Preview
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
    // The sample's present is the start of the hour: two people who open the app in the same
    // hour get the same sample, so their copies merge like copies of one workspace.
    let hour = now.unix_millis() - now.unix_millis().rem_euclid(3_600_000);
    let sample = generate(&SampleOptions {
        incidents: SAMPLE_INCIDENTS,
        seed: SAMPLE_SEED,
        now: Timestamp::from_unix_millis(hour).unwrap_or(now),
    });
    storage.save_bundle(&sample).await?;
    // Read back what was stored, so the screen shows what a reload will show.
    let stored = storage.load_bundle(now).await?.unwrap_or(sample);
    Ok((stored, true))
}

#[component]
pub fn App() -> impl IntoView {
    let (state, set_state) = signal(Load::Loading);
    let me = RwSignal::new(crate::settings::remembered_me());
    crate::offline::register_service_worker();
    let online = crate::offline::online_signal();
    let updated = RwSignal::new(crate::offline::updated_since_last_visit());
    provide_context(Draft(RwSignal::new(None)));
    provide_context(crate::offline::request_persistent_storage());
    provide_context(crate::comms::DraftStore::new());
    let (now, set_now) = signal(clock::now());
    set_interval(move || set_now.set(clock::now()), Duration::from_secs(1));
    let (route, set_route) = signal(route_of(&current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(route_of(&current_hash()));
    });
    spawn_local(async move {
        set_state.set(match open_workspace(clock::now()).await {
            Ok((bundle, seeded)) => {
                let workspace = RwSignal::new(bundle);
                crate::sync::listen(workspace);
                Load::Ready { seeded, workspace }
            }
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
            {move || match state.get() {
                Load::Ready { workspace, .. } => view! { <WhoAmI workspace=workspace me=me /> }.into_any(),
                _ => ().into_any(),
            }}
            <a class="navlink" href="#/actions" data-testid="actions-link">"Action items"</a>
            <a class="navlink" href="#/metrics" data-testid="metrics-link">"Metrics"</a>
            <a class="navlink" href="#/drills" data-testid="drills-link">"Drills"</a>
            <a class="navlink" href="#/preview" data-testid="preview-link">"Status page"</a>
            <a class="navlink" href="#/settings" data-testid="settings-link">"Settings"</a>
            {move || (!online.get()).then(|| view! {
                <span class="offline" role="status" data-testid="offline">"Offline: changes are saved in this browser"</span>
            })}
            <span class="clock" title="Current time in UTC">{move || format!("{} UTC", now.get().utc_hhmm())}</span>
        </header>
        <main id="main">
            {move || updated.get().then(|| view! {
                <p class="notice" role="status" data-testid="updated">
                    "Cygni was updated to a new version since your last visit. Your workspace is unchanged. "
                    <button type="button" on:click=move |_| updated.set(false)>"OK"</button>
                </p>
            })}
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
                        Route::Settings => view! { <SettingsPage workspace=workspace me=me now=now /> }.into_any(),
                        Route::Actions => view! { <crate::comms::ActionItemsPage workspace=workspace now=now /> }.into_any(),
                        Route::Metrics => view! { <crate::metrics::MetricsPage workspace=workspace now=now /> }.into_any(),
                        Route::Drills => view! { <crate::drills::DrillsPage workspace=workspace me=me now=now /> }.into_any(),
                        Route::Preview => view! { <crate::preview::PreviewPage workspace=workspace now=now /> }.into_any(),
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

/// How many past incidents the list shows at first, and adds per "show more".
const PAGE: usize = 50;

/// The list's search and filters.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filter {
    text: String,
    severity: Option<incident_core::Severity>,
    /// `open`, or a status key.
    status: String,
    component: String,
    from: String,
    to: String,
    /// `all`, `hide`, `only`
    drills: String,
}

impl Filter {
    /// Whether `i` passes; `text` is the search text lowercased and `hay` the incident's
    /// [`haystack`] (both prepared once, not per incident and keystroke).
    fn matches(&self, i: &Incident, text: &str, hay: &str) -> bool {
        if !text.is_empty() && !hay.contains(text) && !i.id.starts_with(text) {
            return false;
        }
        if self.severity.is_some_and(|s| s != i.severity) {
            return false;
        }
        let status_ok = match self.status.as_str() {
            "" => true,
            "open" => i.is_open(),
            other => i.status.key() == other,
        };
        if !status_ok {
            return false;
        }
        if !self.component.is_empty() && !i.components.iter().any(|c| c.component == self.component)
        {
            return false;
        }
        let day = i.started_at.utc_date();
        if (!self.from.is_empty() && day < self.from) || (!self.to.is_empty() && day > self.to) {
            return false;
        }
        match self.drills.as_str() {
            "hide" => !i.drill,
            "only" => i.drill,
            _ => true,
        }
    }
}

/// What the search box looks in, lowercased: the title and every update's message.
fn haystack(i: &Incident) -> String {
    let mut h = i.title.to_lowercase();
    for u in &i.updates {
        h.push('\n');
        h.push_str(&u.message.to_lowercase());
    }
    h
}

#[component]
fn Filters(filter: RwSignal<Filter>, workspace: RwSignal<Bundle>) -> impl IntoView {
    let components = workspace.with_untracked(|b| b.settings.components.clone());
    view! {
        <form class="filters" role="search" aria-label="Search incidents" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <input type="search" data-testid="filter-text" aria-label="Search titles and updates" placeholder="Search incidents"
                on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev)) />
            <select aria-label="Severity" data-testid="filter-severity" on:change=move |ev| filter.update(|f| f.severity = incident_core::Severity::parse(&event_target_value(&ev)))>
                <option value="">"Any severity"</option>
                <option value="sev1">"SEV1"</option><option value="sev2">"SEV2"</option>
                <option value="sev3">"SEV3"</option><option value="sev4">"SEV4"</option>
            </select>
            <select aria-label="Status" data-testid="filter-status" on:change=move |ev| filter.update(|f| f.status = event_target_value(&ev))>
                <option value="">"Any status"</option>
                <option value="open">"Open"</option>
                <option value="investigating">"Investigating"</option>
                <option value="identified">"Identified"</option>
                <option value="monitoring">"Monitoring"</option>
                <option value="resolved">"Resolved"</option>
            </select>
            <select aria-label="Component" data-testid="filter-component" on:change=move |ev| filter.update(|f| f.component = event_target_value(&ev))>
                <option value="">"Any component"</option>
                {components.into_iter().map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view()}
            </select>
            <label class="date">"From "<input type="date" data-testid="filter-from" on:change=move |ev| filter.update(|f| f.from = event_target_value(&ev)) /></label>
            <label class="date">"to "<input type="date" data-testid="filter-to" on:change=move |ev| filter.update(|f| f.to = event_target_value(&ev)) /></label>
            <select aria-label="Drills" data-testid="filter-drills" on:change=move |ev| filter.update(|f| f.drills = event_target_value(&ev))>
                <option value="all">"Drills included"</option>
                <option value="hide">"No drills"</option>
                <option value="only">"Only drills"</option>
            </select>
        </form>
    }
}

#[component]
fn IncidentList(
    workspace: RwSignal<Bundle>,
    seeded: bool,
    now: ReadSignal<Timestamp>,
) -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let shown = RwSignal::new(PAGE);
    // The positions of the incidents that pass the filters: one pass, read by the list and by
    // the export of "the incidents shown" (not again every second when the clocks tick).
    // The search text of every incident, lowercased once per change of the workspace.
    let haystacks = Memo::new(move |_| {
        workspace.with(|b| b.incidents.iter().map(haystack).collect::<Vec<String>>())
    });
    let matching = Memo::new(move |_| {
        let f = filter.get();
        let text = f.text.trim().to_lowercase();
        haystacks.with(|hays| {
            workspace.with(|b| {
                // Deleted incidents stay in the workspace (for merging) but are not listed.
                let hidden = incident_core::merge::hidden_incidents(b);
                b.incidents
                    .iter()
                    .zip(hays)
                    .enumerate()
                    .filter(|(_, (i, hay))| {
                        !hidden.contains(i.id.as_str()) && f.matches(i, &text, hay)
                    })
                    .map(|(n, _)| n)
                    .collect::<Vec<usize>>()
            })
        })
    });

    // The rows are built when the list or the filter changes, not every second: only each open
    // incident's clock follows the second, and the ages follow the minute.
    let minute = Memo::new(move |_| {
        let ms = now.get().unix_millis();
        ms - ms.rem_euclid(60_000)
    });
    let row = move |i: &Incident, b: &Bundle| {
        let components = i
            .components
            .iter()
            .filter_map(|c| b.settings.component(&c.component).map(|c| c.name.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        let sev = i.severity.label();
        let class = format!("sev sev-{}", i.severity.number());
        let clock = i.is_open().then(|| {
            let (inc, playbook) = (i.clone(), b.settings.playbook.clone());
            move || {
                clocks(&inc, &playbook, now.get()).map(|(text, late)| view! {
                    <span class=if late { "rowclock late" } else { "rowclock" } data-testid="row-clock">{text}</span>
                })
            }
        });
        let started = i.started_at;
        let ago = move || {
            let at = Timestamp::from_unix_millis(minute.get()).unwrap_or(started);
            format!("{} ago", age(at, started))
        };
        view! {
            <tr data-testid="incident-row" data-open=i.is_open().to_string()>
                <td><span class=class>{sev}</span></td>
                <td class="title">
                    <a href=format!("#/incident/{}", i.id)>{i.title.clone()}</a>
                    {i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}
                    {clock}
                </td>
                <td><span class=format!("status status-{}", i.status.key())>{i.status.label()}</span></td>
                <td class="components">{components}</td>
                <td class="time">
                    <time datetime=i.started_at.to_rfc3339()>{i.started_at.utc_minute()}</time>
                    <span class="age">{ago}</span>
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
        <Transfer workspace=workspace shown=matching.into() />
        <Filters filter=filter workspace=workspace />
        {
            // Which incidents each table shows, as (position, key). A row is rebuilt only when its
            // key changes: the incident is edited (the key has its last event and stamp) or the
            // list moves. Typing in the search box reuses the rows that stay.
            let keyed = move |open: bool| {
                let limit = shown.get();
                workspace.with(|b| {
                    matching.with(|ix| {
                        ix.iter()
                            .filter_map(|&k| b.incidents.get(k).map(|i| (k, i)))
                            .filter(|(_, i)| i.is_open() == open)
                            .take(if open { usize::MAX } else { limit })
                            .map(|(k, i)| {
                                let last = i.stamps.values().map(|s| s.at).max();
                                (k, (i.id.clone(), i.timeline.len(), i.updates.len(), last))
                            })
                            .collect::<Vec<_>>()
                    })
                })
            };
            let counts = Memo::new(move |_| {
                workspace.with(|b| {
                    matching.with(|ix| {
                        let open = ix.iter().filter(|&&k| b.incidents.get(k).is_some_and(Incident::is_open)).count();
                        (open, ix.len() - open)
                    })
                })
            });
            let rows = move |open: bool| {
                view! {
                    <For each=move || keyed(open) key=|(k, key)| (*k, key.clone()) let:item>
                        {workspace.with_untracked(|b| b.incidents.get(item.0).map(|i| row(i, b)))}
                    </For>
                }
            };
            view! {
                <section aria-labelledby="open-heading">
                    <h2 id="open-heading">"Open incidents " <span class="count" data-testid="open-count">{move || counts.get().0}</span></h2>
                    <p class="empty" hidden=move || counts.get().0 != 0>"No open incidents."</p>
                    <div hidden=move || counts.get().0 == 0><IncidentTable rows=rows(true) /></div>
                </section>
                <section aria-labelledby="past-heading">
                    <h2 id="past-heading">"Past incidents " <span class="count" data-testid="past-count">{move || counts.get().1}</span></h2>
                    <IncidentTable rows=rows(false) />
                    {move || {
                        let hidden = counts.get().1.saturating_sub(shown.get());
                        (hidden > 0).then(|| view! {
                            <button type="button" class="more" data-testid="show-more" on:click=move |_| shown.update(|s| *s += PAGE)>
                                {format!("Show {} more of {hidden}", hidden.min(PAGE))}
                            </button>
                        })
                    }}
                </section>
            }
        }
    }
}

#[component]
fn IncidentTable(rows: impl IntoView + 'static) -> impl IntoView {
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
