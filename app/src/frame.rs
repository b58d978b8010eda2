//! The app's frame: opening the stored workspace, the route (from the URL's hash, so a reload
//! stays where it was), the ticking clock, the top bar, and the screen of the route.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{clock, page, worker};
use crate::route::Route;
use crate::screens;
use crate::state::drafts::{CommandDraft, DraftStore};
use crate::state::{self, online, workspace, Session};
use crate::widgets::alarm_bell::AlarmBell;
use crate::widgets::command_bar::CommandBar;
use crate::widgets::who_am_i::WhoAmI;

#[derive(Debug, Clone)]
enum Load {
    Loading,
    /// Nothing chosen and nothing stored: the first screen.
    Choose,
    /// `seeded`: the sample was stored on this first run.
    Ready {
        seeded: bool,
    },
    Failed(String),
}

#[component]
pub fn App() -> impl IntoView {
    let (load, set_load) = signal(Load::Loading);
    // Reading a large workspace's other incidents failed (after its first screen opened).
    let rest_failed = RwSignal::new(None::<String>);
    let me = RwSignal::new(state::me::remembered());
    worker::register_service_worker();
    let online = online::online_signal();
    let updated = RwSignal::new(online::updated_since_last_visit());
    provide_context(CommandDraft(RwSignal::new(None)));
    provide_context(online::request_persistent_storage());
    provide_context(DraftStore::new());
    let (now, set_now) = signal(clock::now());
    set_interval(move || set_now.set(clock::now()), Duration::from_secs(1));
    let (route, set_route) = signal(Route::parse(&page::current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        // Another screen opens at its top (the incident just declared from a form scrolled
        // down would open with its clocks and Acknowledge off screen).
        page::scroll_to_top();
        set_route.set(Route::parse(&page::current_hash()));
    });
    // The session is given to the screens once the workspace is open (they are made only then).
    let owner = Owner::current();
    spawn_local(async move {
        set_load.set(match workspace::open(clock::now()).await {
            Ok(workspace::Opened::Choose) => Load::Choose,
            Ok(workspace::Opened::Ready(bundle, seeded, read_whole)) => {
                let workspace = RwSignal::new(*bundle);
                let whole = RwSignal::new(read_whole);
                workspace::follow_other_tabs(workspace, whole);
                if !read_whole {
                    spawn_local(async move {
                        if let Err(e) = workspace::read_rest(workspace, whole).await {
                            // Unless another tab's change made it whole meanwhile.
                            if !whole.get_untracked() {
                                rest_failed.set(Some(e.to_string()));
                            }
                        }
                    });
                }
                if let Some(owner) = &owner {
                    owner.with(|| {
                        let session = Session {
                            workspace,
                            version: state::versions(workspace),
                            me,
                            now,
                            whole,
                        };
                        state::provide_session(session);
                        state::alarms::watch(session);
                        state::sync::provide_sync(workspace, whole);
                    });
                }
                Load::Ready { seeded }
            }
            Err(e) => Load::Failed(e.to_string()),
        });
    });
    let ready = move || matches!(load.get(), Load::Ready { .. });
    Effect::new(move |_| {
        // Once the top bar has its content (its height follows it).
        load.track();
        request_animation_frame(page::track_topbar_height);
    });
    // The workspace's name, once open; the demo says what it is on every screen.
    let opened = move || {
        matches!(load.get(), Load::Ready { .. })
            .then(state::use_session)
            .map(|s| {
                s.workspace
                    .with(|b| (b.settings.organization.name.clone(), b.sample))
            })
    };
    view! {
        <header class="topbar">
            <a class="brand" href="#/">"Cygni"</a>
            <span class="product">"Incident workspace"</span>
            {move || opened().map(|(name, _)| view! { <span class="org" data-testid="workspace-name">{name}</span> })}
            {move || ready().then(|| {
                let current = Signal::derive(move || match route.get() {
                    Route::Incident(id) => Some(id),
                    _ => None,
                });
                view! { <CommandBar current=current /> }
            })}
            <a class="declare-link" href="#/new" data-testid="declare-link">"Declare incident"</a>
            {move || ready().then(|| view! { <AlarmBell /> })}
            {move || ready().then(|| view! { <WhoAmI /> })}
            <a class="navlink" href="#/actions" data-testid="actions-link">"Action items"</a>
            <a class="navlink" href="#/metrics" data-testid="metrics-link">"Metrics"</a>
            <a class="navlink" href="#/maintenance" data-testid="maintenance-link">"Maintenance"</a>
            <a class="navlink" href="#/drills" data-testid="drills-link">"Drills"</a>
            <a class="navlink" href="#/preview" data-testid="preview-link">"Status page"</a>
            <a class="navlink" href="#/settings" data-testid="settings-link">"Settings"</a>
            {move || (!online.get()).then(|| view! {
                <span class="offline" role="status" data-testid="offline">"Offline: changes are saved in this browser"</span>
            })}
            <span class="clock" title="Current time in UTC">{move || format!("{} UTC", now.get().utc_hhmm())}</span>
        </header>
        {move || opened().filter(|(_, sample)| *sample).map(|_| view! { <DemoBanner /> })}
        {move || ready().then(|| view! { <crate::widgets::sync_review::SyncReview /> })}
        <main id="main">
            {move || updated.get().then(|| view! {
                <p class="notice" role="status" data-testid="updated">
                    "Cygni was updated to a new version since your last visit. Your workspace is unchanged. "
                    <button type="button" on:click=move |_| updated.set(false)>"OK"</button>
                </p>
            })}
            {move || rest_failed.get().map(|e| view! {
                <p class="error" role="alert" data-testid="rest-failed">
                    {format!("Only the open and latest incidents could be read: {e} Reload the page to try again; nothing stored was changed.")}
                </p>
            })}
            {move || match load.get() {
                Load::Loading => view! { <p class="loading" role="status">"Opening workspace…"</p> }.into_any(),
                Load::Choose => view! { <screens::welcome::Welcome /> }.into_any(),
                Load::Failed(message) => view! {
                    <div class="error" role="alert" data-testid="storage-error">
                        <strong>"The workspace could not be opened. "</strong>
                        {message}
                    </div>
                }.into_any(),
                Load::Ready { seeded } => view! { {move || screen(route.get(), seeded)} }.into_any(),
            }}
        </main>
    }
}

/// A screen that needs every incident, while they are read.
#[component]
fn ReadingRest() -> impl IntoView {
    view! {
        <p class="loading" role="status" data-testid="reading-rest">
            "Reading the rest of the workspace: this screen needs every incident. The open and latest ones are on the incident list already."
        </p>
    }
}

/// On every screen of the demo: it is made up, and the way out.
#[component]
fn DemoBanner() -> impl IntoView {
    view! {
        <div class="demo-banner" role="region" aria-label="Demo" data-testid="demo-banner">
            <strong>"This is the demo: every incident, person and component here is made up. "</strong>
            "It stays in this browser, apart from any real workspace, and never reaches a status site. "
            <button type="button" data-testid="leave-demo" on:click=move |_| workspace::leave_demo()>"Leave the demo"</button>
        </div>
    }
}

/// The screen of `route`. While a large workspace is still being read (`Session::whole`),
/// the screens that need every incident say so instead; the list, declaring, maintenance and
/// the incidents already read work at once.
fn screen(route: Route, seeded: bool) -> AnyView {
    use screens::*;
    let Session {
        workspace, whole, ..
    } = state::use_session();
    let waits = match &route {
        Route::Settings | Route::Actions | Route::Metrics | Route::Drills | Route::Preview => true,
        Route::Incident(id) => {
            workspace.with_untracked(|b| !b.incidents.iter().any(|i| &i.id == id))
        }
        Route::List | Route::Declare | Route::Maintenance => false,
    };
    if waits && !whole.get() {
        return view! { <ReadingRest /> }.into_any();
    }
    match route {
        Route::List => view! { <list::IncidentList seeded=seeded /> }.into_any(),
        Route::Declare => view! { <declare::Declare /> }.into_any(),
        Route::Settings => view! { <settings::SettingsPage /> }.into_any(),
        Route::Actions => view! { <action_items::ActionItemsPage /> }.into_any(),
        Route::Metrics => view! { <metrics::MetricsPage /> }.into_any(),
        Route::Drills => view! { <drills::DrillsPage /> }.into_any(),
        Route::Preview => view! { <preview::PreviewPage /> }.into_any(),
        Route::Maintenance => view! { <maintenance::MaintenancePage /> }.into_any(),
        Route::Incident(id) => view! { <incident::IncidentPage id=id /> }.into_any(),
    }
}
