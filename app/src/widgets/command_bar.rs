//! The command bar: the playbook's quick commands, typed (press `/` anywhere to focus it).
//! `/incident create sev1 "API Down"` declares, `/page @name "…"` records a page in the open
//! incident's timeline, `/statuspage update investigating "…"` drafts a public update there.

use incident_core::command::{self, Command};
use incident_core::model::DetectionSource;
use incident_core::ops::{self, Declaration};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::platform::{ids::new_id, page};
use crate::route::Route;
use crate::state::drafts::CommandDraft;
use crate::state::use_session;
use crate::state::workspace::{actor, save_incident};

#[component]
pub(crate) fn CommandBar(
    /// The incident on screen, if any.
    current: Signal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let (workspace, me) = (session.workspace, session.me);
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let draft = use_context::<CommandDraft>();

    // "/" anywhere outside a text field focuses the bar.
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !typing {
            if let Some(input) = input_ref.get() {
                ev.prevent_default();
                let _ = input.focus();
                text.set("/".to_owned());
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let line = text.get_untracked();
        match command::parse(&line) {
            Err(e) => message.set(Some((false, e))),
            Ok(Command::CreateIncident { severity, title }) => {
                let d = Declaration {
                    id: new_id(),
                    title,
                    severity,
                    components: Vec::new(),
                    detection: DetectionSource::Manual,
                    started_at: None,
                    drill: false,
                };
                match ops::declare(d, &actor(workspace, me)) {
                    Err(e) => message.set(Some((false, e.to_string()))),
                    Ok(incident) => {
                        let id = incident.id.clone();
                        spawn_local(async move {
                            match save_incident(workspace, incident).await {
                                Ok(()) => {
                                    text.set(String::new());
                                    message.set(Some((
                                        true,
                                        format!("Declared {}.", severity.label()),
                                    )));
                                    page::go(&Route::Incident(id).href());
                                }
                                Err(e) => message.set(Some((false, e))),
                            }
                        });
                    }
                }
            }
            Ok(Command::Page {
                target,
                message: text_,
            }) => {
                let Some(id) = current.get_untracked() else {
                    message.set(Some((
                        false,
                        "Open an incident first: a page is recorded in its timeline.".to_owned(),
                    )));
                    return;
                };
                let Some(mut incident) =
                    workspace.with_untracked(|b| b.incidents.iter().find(|i| i.id == id).cloned())
                else {
                    // A large workspace still being read has not this incident yet.
                    message.set(Some((
                        false,
                        "This incident is still being read: page again in a moment.".to_owned(),
                    )));
                    return;
                };
                match ops::page(&mut incident, &target, &text_, &actor(workspace, me)) {
                    Err(e) => message.set(Some((false, e.to_string()))),
                    Ok(()) => spawn_local(async move {
                        match save_incident(workspace, incident).await {
                            Ok(()) => {
                                text.set(String::new());
                                message.set(Some((
                                    true,
                                    format!("Page to {target} recorded in the timeline."),
                                )));
                            }
                            Err(e) => message.set(Some((false, e))),
                        }
                    }),
                }
            }
            Ok(Command::StatusPageUpdate {
                status,
                message: body,
            }) => {
                if current.get_untracked().is_none() {
                    message.set(Some((
                        false,
                        "Open an incident first: the update is drafted there.".to_owned(),
                    )));
                    return;
                }
                if let Some(CommandDraft(d)) = draft {
                    d.set(Some((status, body)));
                }
                text.set(String::new());
                message.set(Some((
                    true,
                    "Drafted in the update form below: check it and post.".to_owned(),
                )));
            }
        }
    };

    view! {
        <form class="cmdbar" on:submit=submit role="search" aria-label="Command bar">
            <input type="text" node_ref=input_ref list="cmd-completions" data-testid="command-input"
                aria-label="Command (press / to focus)" placeholder="/incident create sev1 \"API Down\""
                autocomplete="off" spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| { text.set(event_target_value(&ev)); message.set(None); } />
            <datalist id="cmd-completions">
                {move || command::completions(&text.get()).into_iter().map(|(c, d)| view! { <option value=c>{d}</option> }).collect_view()}
            </datalist>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "cmdmsg ok" } else { "cmdmsg error" } role=if ok { "status" } else { "alert" } data-testid="command-message">{m}</p>
            })}
        </form>
    }
}
