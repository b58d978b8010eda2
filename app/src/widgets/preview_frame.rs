//! The public preview frame: the public status site's pages exactly as `site-gen` will render
//! them (the `status-pages` crate, in the site worker: `platform::site_worker`, so typing never
//! waits for a render), before anything is exported. The status preview screen shows the status
//! page of the stored workspace; an incident page shows its own pages with the drafts being typed
//! applied as if posted now. The worker is handed only the part of the workspace the page reads,
//! again when the workspace or the page changes; each draft typed sends only itself.
//!
//! The page is shown in an `<iframe sandbox="allow-same-origin">` from `srcdoc`: nothing in it
//! can run (no `allow-scripts`, and the page's own policy allows no script either; never add
//! `allow-scripts` beside `allow-same-origin`), open a window or navigate anything. Same origin
//! only lets the app keep the reader's scroll position across re-renders. Its links say where
//! they will lead on the site; the tabs (and, on `#/preview`, a picker of incidents) move
//! between pages.

use std::time::Duration;

use ::site_worker::protocol::{Page, Reply, Request};
use incident_core::model::Incident;
use incident_core::{public, Timestamp};
use leptos::html::Iframe;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;

use crate::platform::{clock, site_worker};
use crate::state::{use_session, Session};

/// A page of the site that the preview shows: the page the site worker is asked for.
pub(crate) type Target = Page;

/// Why `target` has no page on the site.
fn absent(target: &Target) -> &'static str {
    match target {
        Target::Status => "The status page could not be shown.",
        Target::Incident(_) => {
            "This incident is not on the status site: it has no public update yet, or it is a drill. Post a status-page update to publish it."
        }
        Target::Postmortem(_) => {
            "This post-mortem is not on the status site: it is not published (a drill's review never is)."
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
pub(crate) fn PublicPreview(
    draft: Signal<Option<(Incident, Vec<String>)>>,
    tabs: Vec<(&'static str, Target)>,
    start: Target,
    #[prop(optional)] picker: bool,
) -> impl IntoView {
    let Session {
        workspace,
        version,
        now,
        whole,
        ..
    } = use_session();
    let target = RwSignal::new(start);
    let phone = RwSignal::new(false);
    let with_drafts = RwSignal::new(true);
    let has_draft = draft.with_untracked(Option::is_some);
    let scroll = Scroll::new();
    // The page says what time it is: rendered again when the minute turns.
    let minute = Memo::new(move |_| now.get().unix_millis() / 60_000);
    let settled = settle(draft);
    let keep = draft.with_untracked(|d| d.as_ref().map(|(i, _)| i.id.clone()));
    let shown = RwSignal::new(None::<Shown>);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        minute.track();
        let t = target.get();
        let apply = with_drafts.get();
        let draft = settled.with(|d| d.as_ref().filter(|_| apply).map(|(i, _)| i.clone()));
        // The real present, not the last tick of `now`: a draft is stamped with the moment it was
        // made, which may be later than the tick, and the projection leaves out what is later.
        let n = clock::now().max(now.get_untracked());
        // Whatever is shown next replaces the page in the frame: note the place first.
        let show = move |html, base| {
            scroll.remember();
            shown.try_set(Some(Shown { html, base, at: n }));
        };
        // The status page needs every incident (its bars, its past incidents): not from part.
        if t == Target::Status && !whole.get() {
            return show(Ok(None), String::new());
        }
        let id = site_worker::next_id();
        site_worker::forget(asked.get_value());
        asked.set_value(id);
        // Only what the page reads goes to the worker (the same page, far less to send), and
        // only when the worker does not hold it already: the part is cut again when the
        // workspace or the page changes, not when a draft is typed, nor as time passes (a part
        // serves every later time, `public::scoped_part`). Cut an hour early, so that a clock
        // set back a little still finds what it reads.
        let key = format!("{:?}", (version.get(), &t, &keep));
        let sent = site_worker::send_part(&key, || {
            workspace.with_untracked(|b| {
                public::scoped_part(b, n.plus_minutes(-60), t.scope(), keep.as_deref())
            })
        });
        let listener: site_worker::Listener = Box::new(move |reply, _| {
            let (html, base) = match reply {
                Reply::Preview { html, base, .. } => (html, base),
                Reply::Failed { error, .. } => (Err(error), String::new()),
                _ => return,
            };
            if asked.try_get_value() == Some(id) {
                show(html, base);
            }
        });
        let request = Request::Preview {
            id,
            page: t,
            now: n,
            draft,
        };
        if let Err(e) = sent.and_then(|()| site_worker::send(&request, Some((id, listener)))) {
            show(Err(e), String::new());
        }
    });
    on_cleanup(move || site_worker::forget(asked.get_value()));
    view! {
        <PreviewBar target=target phone=phone with_drafts=with_drafts has_draft=has_draft tabs=tabs picker=picker />
        {move || shown.with(|s| s.as_ref().filter(|s| !s.base.is_empty()).map(|s| view! {
            <p class="meta" data-testid="preview-caption">{format!(
                "As the status site will show it at {} UTC, rendered by the same code as site-gen. Its links lead to {} and do not open from the preview.",
                s.at.utc_hhmm(), s.base
            )}</p>
        }))}
        {move || (with_drafts.get()).then(|| settled.with(|d| d.as_ref().map(|(_, notes)| notes.iter().map(|n| view! {
            <p class="notice" data-testid="preview-note">{n.clone()}</p>
        }).collect_view())))}
        {move || shown.with(|s| match s.as_ref().map(|s| &s.html) {
            None => view! { <p class="notice" role="status" data-testid="preview-rendering">"Rendering the preview…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{format!("The preview failed: {e}")}</p> }.into_any(),
            Some(Ok(None)) if target.with(|t| *t == Target::Status) && !whole.get() => view! {
                <p class="notice" role="status" data-testid="preview-waits">"The status page shows once every incident is read (a moment)."</p>
            }.into_any(),
            Some(Ok(None)) => view! { <p class="notice" data-testid="preview-absent">{target.with(absent)}</p> }.into_any(),
            Some(Ok(Some(html))) => view! {
                <div class="preview-frame-wrap" class:phone=move || phone.get()>
                    <iframe node_ref=scroll.frame class="preview-frame" data-testid="preview-frame"
                        title="Preview of the public status site"
                        sandbox="allow-same-origin" referrerpolicy="no-referrer"
                        srcdoc=html.clone() on:load=move |_| scroll.restore(target.get_untracked())></iframe>
                </div>
            }.into_any(),
        })}
    }
}

/// The reader's place in the frame: a new render of the page on show (a draft typed, a save, the
/// minute turning) keeps it; another page starts at its top.
#[derive(Clone, Copy)]
struct Scroll {
    frame: NodeRef<Iframe>,
    /// The page in the frame.
    shown_page: StoredValue<Option<Target>>,
    keep: StoredValue<Option<(Target, f64)>>,
}

impl Scroll {
    fn new() -> Self {
        Scroll {
            frame: NodeRef::new(),
            shown_page: StoredValue::new(None),
            keep: StoredValue::new(None),
        }
    }

    /// Notes the place in the page on show, before it is replaced.
    fn remember(self) {
        let y = self
            .frame
            .try_get_untracked()
            .flatten()
            .and_then(|f| f.content_window())
            .and_then(|w| w.scroll_y().ok())
            .unwrap_or(0.0);
        if let Some(page) = self.shown_page.try_get_value().flatten() {
            self.keep.try_set_value(Some((page, y)));
        }
    }

    /// The frame loaded `here`: back to the noted place if it is the same page.
    fn restore(self, here: Target) {
        if let Some((page, y)) = self.keep.get_value() {
            if page == here && y > 0.0 {
                if let Some(w) = self.frame.get_untracked().and_then(|f| f.content_window()) {
                    w.scroll_to_with_x_and_y(0.0, y);
                }
            }
        }
        self.keep.set_value(None);
        self.shown_page.set_value(Some(here));
    }
}

/// The draft follows the typing, but the page is rendered again only once the typing pauses.
/// The pending render is cancelled when the preview goes away (hidden, another page).
fn settle(
    draft: Signal<Option<(Incident, Vec<String>)>>,
) -> RwSignal<Option<(Incident, Vec<String>)>> {
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
    settled
}

/// The tabs, the picker of incidents, and the switches (drafts, phone width).
#[component]
fn PreviewBar(
    target: RwSignal<Target>,
    phone: RwSignal<bool>,
    with_drafts: RwSignal<bool>,
    has_draft: bool,
    tabs: Vec<(&'static str, Target)>,
    picker: bool,
) -> impl IntoView {
    let Session { workspace, now, .. } = use_session();
    let open = move |t: Target| target.set(t);
    // The incidents on the site, newest first, for the picker.
    let choices = Memo::new(move |_| {
        if !picker {
            return Vec::new();
        }
        let n = now.get_untracked();
        workspace.with(|b| {
            let hidden = incident_core::merge::hidden_incidents(b);
            let mut list: Vec<(Timestamp, String, String)> = b
                .incidents
                .iter()
                .filter(|i| !hidden.contains(i.id.as_str()) && public::on_site(i, n))
                .map(|i| (i.started_at, i.id.clone(), i.title.clone()))
                .collect();
            incident_core::sort::by_key(&mut list, |x| std::cmp::Reverse(x.0));
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
    }
}
