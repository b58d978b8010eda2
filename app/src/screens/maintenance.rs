//! `#/maintenance`: scheduled maintenance, authored here. Windows in progress, upcoming and past;
//! schedule one (title, window in UTC with the local time beside it, affected components, the
//! first public words); post its updates (scheduled -> in progress -> verifying -> completed),
//! cancel it, delete it; a reminder when a window should have started or ended; its conflicts
//! after a merge, in words, to settle. The status page
//! preview shows it as the site will.

use incident_core::conflict::{settle_maintenance, Choice};
use incident_core::describe::conflict::of_maintenance;
use incident_core::maintenance::{self, Draft};
use incident_core::model::{Maintenance, MaintenanceStatus};
use incident_core::ops::Refused;
use incident_core::Timestamp;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{clock, ids, page};
use crate::state::workspace::{
    actor, authors, offered_components, save_maintenance, store_tombstone, tab_device,
};
use crate::state::{use_session, Session};
use crate::widgets::conflicts::Conflicts;

/// The windows in progress, upcoming and past.
type Lists = (Vec<Maintenance>, Vec<Maintenance>, Vec<Maintenance>);
/// A change of one window, applied to a copy before it is saved.
type Change = Box<dyn FnOnce(&mut Maintenance, &incident_core::ops::Actor) -> Result<(), Refused>>;

/// A `datetime-local` value read as UTC (`2026-12-05T02:00`).
fn utc_input(v: &str) -> Option<Timestamp> {
    Timestamp::parse(&format!("{}:00Z", v.trim())).ok()
}

/// `Dec 5, 02:00 UTC (03:00 local)`.
fn when(t: Timestamp) -> String {
    format!("{} UTC ({} local)", t.utc_minute(), clock::local_hhmm(t))
}

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let Session { workspace, now, .. } = use_session();
    // The windows not deleted, newest first: in progress, upcoming, past.
    let lists = Memo::new(move |_| {
        workspace.with(|b| {
            let live = incident_core::merge::live(b);
            let mut all: Vec<Maintenance> = live.maintenances.clone();
            incident_core::sort::by_key(&mut all, |m| std::cmp::Reverse(m.scheduled_start));
            let pick = |f: &dyn Fn(MaintenanceStatus) -> bool| -> Vec<Maintenance> {
                all.iter().filter(|m| f(m.status())).cloned().collect()
            };
            (
                pick(&|s| {
                    matches!(
                        s,
                        MaintenanceStatus::InProgress | MaintenanceStatus::Verifying
                    )
                }),
                pick(&|s| s == MaintenanceStatus::Scheduled),
                pick(&|s| s == MaintenanceStatus::Completed),
            )
        })
    });
    let section = move |title: &'static str,
                        testid: &'static str,
                        pick: fn(&Lists) -> &Vec<Maintenance>| {
        view! {
            <section class="panel" data-testid=testid>
                <h2>{title}</h2>
                {move || lists.with(|l| {
                    let list = pick(l);
                    if list.is_empty() {
                        view! { <p class="empty">"None."</p> }.into_any()
                    } else {
                        list.iter().map(|m| view! { <Window m=m.clone() now=now /> }).collect_view().into_any()
                    }
                })}
            </section>
        }
    };
    view! {
        <div class="maintenance-page" data-testid="maintenance-page">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Scheduled maintenance"</h1>
            <p class="muted">"Windows announced on the status site, its feeds, its calendar and its API, each with a page of its own. "<a href="#/preview">"See them on the status page preview."</a></p>
            <ScheduleForm />
            {section("In progress", "maint-active", |l| &l.0)}
            {section("Upcoming", "maint-upcoming", |l| &l.1)}
            {section("Past", "maint-past", |l| &l.2)}
        </div>
    }
}

/// Schedule a window.
#[component]
fn ScheduleForm() -> impl IntoView {
    let Session { workspace, me, .. } = use_session();
    let components = workspace.with_untracked(offered_components);
    let (title, start, end, message) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let chosen = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(s), Some(e)) = (
            utc_input(&start.get_untracked()),
            utc_input(&end.get_untracked()),
        ) else {
            error.set(Some("Give the window's start and end (UTC).".to_owned()));
            return;
        };
        let draft = Draft {
            id: format!("m-{}", ids::new_id()),
            title: title.get_untracked(),
            components: chosen.get_untracked(),
            start: s,
            end: e,
            message: message.get_untracked(),
        };
        let settings = workspace.with_untracked(|b| b.settings.clone());
        match maintenance::schedule(draft, &settings, &actor(workspace, me)) {
            Err(Refused(m)) => error.set(Some(m)),
            Ok(m) => spawn_local(async move {
                match save_maintenance(workspace, m).await {
                    Ok(()) => {
                        error.set(None);
                        for f in [title, start, end, message] {
                            f.set(String::new());
                        }
                        chosen.set(Vec::new());
                    }
                    Err(e) => error.set(Some(format!("Not scheduled: {e}"))),
                }
            }),
        }
    };
    let local = move |v: RwSignal<String>| {
        move || {
            utc_input(&v.get())
                .map(|t| format!("{} local", clock::local_hhmm(t)))
                .unwrap_or_default()
        }
    };
    view! {
        <section class="panel" aria-labelledby="sched-h">
            <h2 id="sched-h">"Schedule a window"</h2>
            <form data-testid="maint-form" on:submit=submit>
                <label class="field"><span>"Title"</span>
                    <input type="text" data-testid="maint-title" placeholder="Database upgrade" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) /></label>
                <div class="grid2">
                    <label class="field"><span>"Starts (UTC) "<span class="meta">{local(start)}</span></span>
                        <input type="datetime-local" data-testid="maint-start" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev)) /></label>
                    <label class="field"><span>"Ends (UTC) "<span class="meta">{local(end)}</span></span>
                        <input type="datetime-local" data-testid="maint-end" prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev)) /></label>
                </div>
                <fieldset class="components"><legend>"Affected components"</legend>
                    {components.into_iter().map(|c| {
                        let (id, id2) = (c.id.clone(), c.id.clone());
                        view! {
                            <label class="check"><input type="checkbox" prop:checked=move || chosen.with(|v| v.contains(&id))
                                on:change=move |ev| { let on = event_target_checked(&ev); chosen.update(|v| { v.retain(|x| *x != id2); if on { v.push(id2.clone()); } }); } />
                            {c.name.clone()}</label>
                        }
                    }).collect_view()}
                </fieldset>
                <label class="field"><span>"Message for the status page"</span>
                    <textarea rows="3" data-testid="maint-message" placeholder=maintenance::default_message(MaintenanceStatus::Scheduled) prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea></label>
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="maint-error">{m}</p> })}
                <button type="submit" class="primary" data-testid="maint-schedule">"Schedule"</button>
            </form>
        </section>
    }
}

/// One window: its state, its reminder, its next update, cancel and delete.
#[component]
fn Window(m: Maintenance, now: ReadSignal<Timestamp>) -> impl IntoView {
    let Session { workspace, me, .. } = use_session();
    let status = m.status();
    let names: Vec<String> = workspace.with_untracked(|b| {
        m.components
            .iter()
            .map(|c| {
                b.settings
                    .component(c)
                    .map_or(c.clone(), |x| x.name.clone())
            })
            .collect()
    });
    let next = RwSignal::new(match status {
        MaintenanceStatus::Scheduled => MaintenanceStatus::InProgress,
        MaintenanceStatus::InProgress => MaintenanceStatus::Verifying,
        _ => MaintenanceStatus::Completed,
    });
    let words = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let record = StoredValue::new(m.clone());
    let apply = move |f: Change| {
        let mut copy = record.get_value();
        match f(&mut copy, &actor(workspace, me)) {
            Err(Refused(why)) => error.set(Some(why)),
            Ok(()) => spawn_local(async move {
                match save_maintenance(workspace, copy).await {
                    Ok(()) => words.set(String::new()),
                    Err(e) => error.set(Some(format!("Not saved: {e}"))),
                }
            }),
        }
    };
    let delete = move |_| {
        if !page::confirm("Delete this maintenance? It leaves the status site, here and on every copy that imports this workspace's files.") {
            return;
        }
        let t = maintenance::delete(&record.get_value(), &tab_device(workspace), clock::now());
        spawn_local(async move {
            if let Err(e) = store_tombstone(workspace, t).await {
                error.set(Some(format!("Not deleted: {e}")));
            }
        });
    };
    let conflicts = workspace.with_untracked(|b| {
        of_maintenance(
            &m,
            &b.settings,
            &authors(b, me.get_untracked().as_deref(), m.conflicts.len()),
        )
    });
    let settle = Callback::new(move |(id, choice): (String, Choice)| {
        apply(Box::new(move |m, a| settle_maintenance(m, &id, choice, a)));
    });
    let latest = m
        .updates
        .iter()
        .max_by_key(|u| u.at)
        .map(|u| u.message.clone())
        .unwrap_or_default();
    view! {
        <article class="card maint" data-testid="maint-window">
            <h3>{m.title.clone()}" "<span class="tag" data-testid="maint-status">{maintenance::label(status)}</span></h3>
            <p class="meta">{format!("{} – {}", when(m.scheduled_start), when(m.scheduled_end))}{format!(" · affects {}", if names.is_empty() { "no components".to_owned() } else { names.join(", ") })}</p>
            <p class="ubody">{latest}</p>
            <Conflicts views=conflicts of="this window" settle=settle />
            {move || maintenance::reminder(&record.get_value(), now.get()).map(|r| view! { <p class="late" role="status" data-testid="maint-reminder">{format!("This window {r}.")}</p> })}
            {(status != MaintenanceStatus::Completed).then(|| view! {
                <form class="add-action" data-testid="maint-update" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let (s, w) = (next.get_untracked(), words.get_untracked());
                    apply(Box::new(move |m, a| maintenance::post_update(m, s, &w, a)));
                }>
                    <label class="field"><span>"Status"</span>
                        <select data-testid="maint-next" on:change=move |ev| next.set(match event_target_value(&ev).as_str() {
                            "scheduled" => MaintenanceStatus::Scheduled, "in_progress" => MaintenanceStatus::InProgress,
                            "verifying" => MaintenanceStatus::Verifying, _ => MaintenanceStatus::Completed })>
                            {[("scheduled", MaintenanceStatus::Scheduled), ("in_progress", MaintenanceStatus::InProgress), ("verifying", MaintenanceStatus::Verifying), ("completed", MaintenanceStatus::Completed)]
                                .into_iter().map(|(k, s)| view! { <option value=k selected=move || next.get() == s>{maintenance::label(s)}</option> }).collect_view()}
                        </select></label>
                    <label class="field"><span>"Message (public)"</span>
                        <input type="text" data-testid="maint-words" placeholder=move || maintenance::default_message(next.get()) prop:value=move || words.get() on:input=move |ev| words.set(event_target_value(&ev)) /></label>
                    <button type="submit" data-testid="maint-post">"Post update"</button>
                    <button type="button" data-testid="maint-cancel" on:click=move |_| apply(Box::new(maintenance::cancel))>"Cancel the window"</button>
                </form>
            })}
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="button" class="small danger" data-testid="maint-delete" on:click=delete>"Delete"</button>
        </article>
    }
}
