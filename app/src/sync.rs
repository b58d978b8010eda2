//! Tabs of one workspace keep each other current: a tab that stored an incident says so on a
//! BroadcastChannel, the others read it back from IndexedDB. Writes merge with whatever is
//! stored (`Storage::put_incident_merged`), so a tab never overwrites another's work, and every
//! tab stamps its edits with its own device id.

use std::sync::OnceLock;

use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::storage::{Storage, DEFAULT_DB};

const CHANNEL: &str = "cygni-workspace";

/// A random id of this page load.
fn tab() -> &'static str {
    static TAB: OnceLock<String> = OnceLock::new();
    TAB.get_or_init(|| format!("{:06x}", (js_sys::Math::random() * 16_777_215.0) as u32))
}

/// This tab's device id: the workspace's device plus a random suffix per page load.
pub fn tab_device(workspace_device: &str) -> String {
    format!("{workspace_device}~{}", tab())
}

/// Tells the other tabs that `incident_id` changed (the message is `<tab> <id>`, so this tab,
/// which hears its own channel's messages too, can leave its own alone).
pub fn announce(incident_id: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let message = format!("{} {incident_id}", tab());
        let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&message));
        channel.close();
    }
}

/// The message that says the settings changed (incident ids cannot start with `@`).
pub const SETTINGS: &str = "@settings";

/// The message that says the whole workspace may have changed (an import).
pub const WORKSPACE: &str = "@workspace";

/// Listens for other tabs' changes and shows them.
pub fn listen(workspace: RwSignal<Bundle>) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(message) = ev.data().as_string() else {
                return;
            };
            let Some((from, id)) = message.split_once(' ') else {
                return;
            };
            if from == tab() {
                return;
            }
            let id = id.to_owned();
            spawn_local(async move {
                let Ok(storage) = Storage::open(DEFAULT_DB).await else {
                    return;
                };
                if id == WORKSPACE {
                    let now = crate::clock::now();
                    if let Ok(Some(bundle)) = storage.load_bundle(now).await {
                        workspace.set(bundle);
                    }
                } else if id == SETTINGS {
                    if let Ok(Some(settings)) = storage.get_settings().await {
                        workspace.update(|b| b.settings = settings);
                    }
                } else if let Ok(Some(incident)) = storage.get_incident(&id).await {
                    crate::incident::show(workspace, incident);
                }
                storage.close();
            });
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the page.
    on_message.forget();
    std::mem::forget(channel);
}
