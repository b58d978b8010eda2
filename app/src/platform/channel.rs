//! The tab channel: tabs of one workspace tell each other what they stored, on a
//! `BroadcastChannel`. A message is `<tab> <what>`, so a tab, which hears its own channel's
//! messages too, can leave its own alone.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::ids::tab;

const CHANNEL: &str = "cygni-workspace";

/// What another tab stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// One incident (its id).
    Incident(String),
    /// The settings.
    Settings,
    /// Possibly anything (an import, a deletion).
    Workspace,
    /// The workspace was deleted from this browser (reset).
    Reset,
}

// Incident ids cannot start with `@`.
const SETTINGS: &str = "@settings";
const WORKSPACE: &str = "@workspace";
const RESET: &str = "@reset";

impl Change {
    fn text(&self) -> &str {
        match self {
            Change::Incident(id) => id,
            Change::Settings => SETTINGS,
            Change::Workspace => WORKSPACE,
            Change::Reset => RESET,
        }
    }

    fn parse(text: &str) -> Change {
        match text {
            SETTINGS => Change::Settings,
            WORKSPACE => Change::Workspace,
            RESET => Change::Reset,
            id => Change::Incident(id.to_owned()),
        }
    }
}

/// This tab's device id: the workspace's device plus a random suffix per page load.
pub fn tab_device(workspace_device: &str) -> String {
    format!("{workspace_device}~{}", tab())
}

/// Tells the other tabs what changed.
pub fn announce(change: &Change) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let message = format!("{} {}", tab(), change.text());
        let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&message));
        channel.close();
    }
}

/// Calls `heard` with every change another tab announces, for as long as the page lives.
pub fn listen(heard: impl Fn(Change) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(message) = ev.data().as_string() else {
                return;
            };
            let Some((from, what)) = message.split_once(' ') else {
                return;
            };
            if from != tab() {
                heard(Change::parse(what));
            }
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the page.
    on_message.forget();
    std::mem::forget(channel);
}
