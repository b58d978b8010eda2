//! `#/`: the incident list, open incidents first with their clocks, then past ones a page at a
//! time; search and filters (`incident_core::filter`); export and import of the workspace.

mod filters;
mod transfer;

use incident_core::duration::{age, countdown};
use incident_core::filter::{haystack, Filter};
use incident_core::ops::{self, Sla};
use incident_core::{Bundle, Incident, Settings, Timestamp};
use leptos::prelude::*;

use crate::route::Route;
use crate::state::{use_session, Session};
use filters::Filters;
use transfer::Transfer;

/// The clocks an open incident shows in the list: response SLA and next update.
fn clocks(i: &Incident, settings: &Settings, now: Timestamp) -> Option<(String, bool)> {
    if !i.is_open() {
        return None;
    }
    let playbook = &settings.playbook;
    if let Sla::Running { due, .. } = ops::response_sla(i, playbook, &settings.business_hours, now)
    {
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

/// The positions of the incidents that pass `filter`: one pass, read by the list and by the
/// export of "the incidents shown" (not again every second when the clocks tick). The search
/// text of every incident is lowercased once per change of the workspace, not while the list
/// opens (at 10,000 incidents it was a tenth of every opening): once the page is idle after
/// it, or at the first search.
fn matching(workspace: RwSignal<Bundle>, filter: RwSignal<Filter>) -> Memo<Vec<usize>> {
    let haystacks = Memo::new(move |_| {
        workspace.with(|b| b.incidents.iter().map(haystack).collect::<Vec<String>>())
    });
    // Where the browser has no idle callback, the first search makes them.
    let _ = request_idle_callback_with_handle(move || {
        haystacks.try_with_untracked(|_| ());
    });
    Memo::new(move |_| {
        let f = filter.get();
        let text = f.needle();
        let pick = |b: &Bundle, hays: Option<&Vec<String>>| {
            // Deleted incidents stay in the workspace (for merging) but are not listed.
            let hidden = incident_core::merge::hidden_incidents(b);
            b.incidents
                .iter()
                .enumerate()
                .filter(|(n, i)| {
                    let hay = hays.and_then(|h| h.get(*n)).map_or("", String::as_str);
                    !hidden.contains(i.id.as_str()) && f.matches(i, &text, hay)
                })
                .map(|(n, _)| n)
                .collect::<Vec<usize>>()
        };
        if text.is_empty() {
            workspace.with(|b| pick(b, None))
        } else {
            haystacks.with(|hays| workspace.with(|b| pick(b, Some(hays))))
        }
    })
}

#[component]
pub(crate) fn IncidentList(seeded: bool) -> impl IntoView {
    let Session {
        workspace,
        now,
        whole,
        ..
    } = use_session();
    let filter = RwSignal::new(Filter::default());
    let shown = RwSignal::new(PAGE);
    let matching = matching(workspace, filter);

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
            let (inc, settings) = (i.clone(), b.settings.clone());
            move || {
                clocks(&inc, &settings, now.get()).map(|(text, late)| view! {
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
                    <a href=Route::Incident(i.id.clone()).href()>{i.title.clone()}</a>
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
        <Transfer shown=matching.into() />
        <Filters filter=filter />
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
                    {move || (!whole.get()).then(|| view! {
                        <p class="loading" role="status" data-testid="reading-older">"Reading the older incidents…"</p>
                    })}
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
