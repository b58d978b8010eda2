//! The live preview: the public status site's pages exactly as `site-gen` will render them (the
//! `status-pages` crate, compiled into the app), before anything is exported. `#/preview` shows
//! the status page of the stored workspace; an incident page shows its own pages with the drafts
//! being typed applied as if posted now (the same core functions the buttons call, on a copy).
//!
//! The page is shown in an `<iframe sandbox="allow-same-origin">` from `srcdoc`: nothing in it
//! can run (no `allow-scripts`, and the page's own policy allows no script either; never add
//! `allow-scripts` beside `allow-same-origin`), open a window or navigate anything. Same origin
//! only lets the app keep the reader's scroll position across re-renders. Its links say where
//! they will lead on the site; the tabs (and, on `#/preview`, a picker of incidents) move
//! between pages.

use std::time::Duration;

use incident_core::model::Incident;
use incident_core::{public, Bundle, Timestamp};
use leptos::html::Iframe;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use status_pages as sp;

use crate::comms::Drafts;

/// A page of the site that the preview shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Status,
    Incident(String),
    Postmortem(String),
}

impl Target {
    fn page(&self) -> sp::PreviewPage<'_> {
        match self {
            Target::Status => sp::PreviewPage::Status,
            Target::Incident(id) => sp::PreviewPage::Incident(id),
            Target::Postmortem(id) => sp::PreviewPage::Postmortem(id),
        }
    }

    fn absent(&self) -> &'static str {
        match self {
            Target::Status => "The status page could not be shown.",
            Target::Incident(_) => {
                "This incident is not on the status site: it has no public update yet, or it is a drill. Post a status-page update to publish it."
            }
            Target::Postmortem(_) => {
                "This post-mortem is not on the status site: it is not published (a drill's review never is)."
            }
        }
    }
}

/// One rendered preview: the page (or why there is none) and the site's address.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    html: Result<Option<String>, String>,
    base: String,
    at: Timestamp,
}

/// How many incidents the status page preview offers to open (newest first); older ones are
/// previewed from their own page.
const PICK: usize = 200;

/// The frame with its tabs. `draft` is the incident with its drafts applied and the notes on
/// what could not be (`None` for the plain status page); `picker` offers any public incident's
/// page. Mounted only while shown: it renders the whole status page.
#[component]
fn PublicPreview(
    workspace: RwSignal<Bundle>,
    now: ReadSignal<Timestamp>,
    draft: Signal<Option<(Incident, Vec<String>)>>,
    tabs: Vec<(&'static str, Target)>,
    start: Target,
    #[prop(optional)] picker: bool,
) -> impl IntoView {
    let target = RwSignal::new(start);
    let phone = RwSignal::new(false);
    let with_drafts = RwSignal::new(true);
    let has_draft = draft.with_untracked(Option::is_some);

    let frame = NodeRef::<Iframe>::new();
    // A new render of the page on show (a draft typed, a save, the minute turning) keeps the
    // reader's place in it; another page starts at its top. `shown_page` is the page in the frame.
    let shown_page = StoredValue::new(None::<Target>);
    let keep_scroll = StoredValue::new(None::<(Target, f64)>);
    let remember_scroll = move || {
        let y = frame
            .try_get_untracked()
            .flatten()
            .and_then(|f| f.content_window())
            .and_then(|w| w.scroll_y().ok())
            .unwrap_or(0.0);
        if let Some(page) = shown_page.try_get_value().flatten() {
            keep_scroll.try_set_value(Some((page, y)));
        }
    };
    let on_load = move || {
        let here = target.get_untracked();
        if let Some((page, y)) = keep_scroll.get_value() {
            if page == here && y > 0.0 {
                if let Some(w) = frame.get_untracked().and_then(|f| f.content_window()) {
                    w.scroll_to_with_x_and_y(0.0, y);
                }
            }
        }
        keep_scroll.set_value(None);
        shown_page.set_value(Some(here));
    };
    let open = move |t: Target| target.set(t);
    // The page says what time it is: rendered again when the minute turns.
    let minute = Memo::new(move |_| now.get().unix_millis() / 60_000);

    // The draft follows the typing, but the page is rendered again only once the typing pauses.
    // The pending render is cancelled when the preview goes away (hidden, another page).
    let settled = RwSignal::new(draft.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    Effect::new(move |ran: Option<()>| {
        let d = draft.get();
        if ran.is_none() {
            return;
        }
        cancel();
        let handle = set_timeout_with_handle(
            move || {
                if pending.try_update_value(Option::take).flatten().is_some() {
                    settled.try_set(d);
                }
            },
            Duration::from_millis(350),
        )
        .ok();
        pending.set_value(handle);
    });
    on_cleanup(cancel);

    let shown = Memo::new(move |_| {
        minute.track();
        // Whatever changed, the page in the frame is about to be replaced: note the place.
        remember_scroll();
        let t = target.get();
        let apply = with_drafts.get();
        // The real present, not the last tick of `now`: a draft is stamped with the moment it was
        // made, which may be later than the tick, and the projection leaves out what is later.
        let n = crate::clock::now().max(now.get_untracked());
        settled.with(|d| {
            let d = d.as_ref().filter(|_| apply).map(|(i, _)| i);
            workspace.with(|b| {
                let site = public::project_with(b, n, d);
                let base = sp::base_url(&site, None);
                let html = sp::preview(&site, &base, t.page()).map_err(|e| e.to_string());
                Shown { html, base, at: n }
            })
        })
    });

    // The incidents on the site, newest first, for the picker.
    let choices = Memo::new(move |_| {
        if !picker {
            return Vec::new();
        }
        let n = now.get_untracked();
        workspace.with(|b| {
            let mut list: Vec<(Timestamp, String, String)> = incident_core::merge::live(b)
                .incidents
                .iter()
                .filter(|i| public::on_site(i, n))
                .map(|i| (i.started_at, i.id.clone(), i.title.clone()))
                .collect();
            list.sort_by_key(|x| std::cmp::Reverse(x.0));
            list.truncate(PICK);
            list
        })
    });

    view! {
        <div class="preview-bar" role="toolbar" aria-label="Preview">
            <div class="tabs">
                {tabs.into_iter().map(|(label, t)| {
                    let t2 = t.clone();
                    let testid = match &t {
                        Target::Status => "preview-tab-status",
                        Target::Incident(_) => "preview-tab-incident",
                        Target::Postmortem(_) => "preview-tab-postmortem",
                    };
                    view! {
                        <button type="button" data-testid=testid
                            aria-pressed=move || (target.get() == t).to_string()
                            on:click=move |_| open(t2.clone())>{label}</button>
                    }
                }).collect_view()}
            </div>
            {picker.then(|| view! {
                <label class="field inline-pick"><span>"Incident page"</span>
                    <select data-testid="preview-pick" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        open(if id.is_empty() { Target::Status } else { Target::Incident(id) });
                    }>
                        <option value="" selected=move || target.get() == Target::Status>"—"</option>
                        {move || choices.with(|list| list.iter().map(|(at, id, title)| {
                            let t = Target::Incident(id.clone());
                            view! {
                                <option value=id.clone() selected=move || target.get() == t>{format!("{} · {title}", at.utc_date())}</option>
                            }
                        }).collect_view())}
                    </select>
                </label>
            })}
            {has_draft.then(|| view! {
                <label class="check"><input type="checkbox" data-testid="preview-drafts" prop:checked=move || with_drafts.get()
                    on:change=move |ev| with_drafts.set(event_target_checked(&ev)) />"With my drafts, as if posted now"</label>
            })}
            <label class="check"><input type="checkbox" data-testid="preview-phone" prop:checked=move || phone.get()
                on:change=move |ev| phone.set(event_target_checked(&ev)) />"Phone width"</label>
        </div>
        {move || shown.with(|s| view! {
            <p class="meta" data-testid="preview-caption">{format!(
                "As the status site will show it at {} UTC, rendered by the same code as site-gen. Its links lead to {} and do not open from the preview.",
                s.at.utc_hhmm(), s.base
            )}</p>
        })}
        {move || (with_drafts.get()).then(|| settled.with(|d| d.as_ref().map(|(_, notes)| notes.iter().map(|n| view! {
            <p class="notice" data-testid="preview-note">{n.clone()}</p>
        }).collect_view())))}
        {move || shown.with(|s| match &s.html {
            Err(e) => view! { <p class="error" role="alert">{format!("The preview failed: {e}")}</p> }.into_any(),
            Ok(None) => view! { <p class="notice" data-testid="preview-absent">{target.with(Target::absent)}</p> }.into_any(),
            Ok(Some(html)) => view! {
                <div class="preview-frame-wrap" class:phone=move || phone.get()>
                    <iframe node_ref=frame class="preview-frame" data-testid="preview-frame"
                        title="Preview of the public status site"
                        sandbox="allow-same-origin" referrerpolicy="no-referrer"
                        srcdoc=html.clone() on:load=move |_| on_load()></iframe>
                </div>
            }.into_any(),
        })}
    }
}

/// `#/preview`: the public status page of the stored workspace.
#[component]
pub fn PreviewPage(workspace: RwSignal<Bundle>, now: ReadSignal<Timestamp>) -> impl IntoView {
    view! {
        <section class="preview-page" data-testid="preview-page">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h2>"Status site preview"</h2>
            <p class="muted">"The public status page as it stands in this workspace, before anything is exported. Only public updates, published post-mortems and announced maintenance are on it; drills never are."</p>
            <PublicPreview workspace=workspace now=now draft=Signal::derive(|| None)
                tabs=vec![("Status page", Target::Status)] start=Target::Status picker=true />
        </section>
    }
}

/// The incident page's preview: its public page, the status page and its post-mortem, with the
/// drafts being typed applied. Shown on request (it renders the whole status page).
#[component]
pub fn IncidentPreview(
    workspace: RwSignal<Bundle>,
    me: RwSignal<Option<String>>,
    now: ReadSignal<Timestamp>,
    incident: Memo<Option<Incident>>,
    drafts: Drafts,
) -> impl IntoView {
    let Some((id, drill, resolved)) = incident.with_untracked(|i| {
        i.as_ref()
            .map(|i| (i.id.clone(), i.drill, crate::comms::shows_post_incident(i)))
    }) else {
        return ().into_any();
    };
    if drill {
        return view! {
            <section class="panel" data-testid="preview-drill">
                <h3>"Public preview"</h3>
                <p class="muted">"This is a drill: drills never reach the status site, so there is nothing public to preview."</p>
            </section>
        }
        .into_any();
    }
    let draft = Signal::derive(move || {
        incident.with(|i| {
            i.as_ref().map(|i| {
                let actor = crate::incident::actor(workspace, me);
                workspace.with(|b| drafts.applied(i, &b.settings, &actor))
            })
        })
    });
    let mut tabs = vec![
        ("Incident page", Target::Incident(id.clone())),
        ("Status page", Target::Status),
    ];
    if resolved {
        tabs.push(("Post-mortem page", Target::Postmortem(id.clone())));
    }
    let start = if resolved {
        Target::Postmortem(id)
    } else {
        Target::Incident(id)
    };
    let open = drafts.preview;
    view! {
        <section class="panel public-preview" id="public-preview" aria-labelledby="preview-h" data-testid="incident-preview">
            <div class="preview-head">
                <h3 id="preview-h">"Public preview"</h3>
                <button type="button" data-testid="preview-toggle" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Hide" } else { "Show the status site's pages" }}</button>
            </div>
            {move || open.get().then(|| view! {
                <PublicPreview workspace=workspace now=now draft=draft tabs=tabs.clone() start=start.clone() />
            })}
        </section>
    }
    .into_any()
}

/// Opens the incident page's preview and brings it into view.
pub fn show(drafts: Drafts) {
    drafts.preview.set(true);
    // Once the opened panel is laid out (the frame has its height), not before: scrolling now
    // could only reach the page's old bottom.
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("public-preview"))
        {
            el.scroll_into_view();
        }
    });
}
