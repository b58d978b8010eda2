//! Offline: the online state, the "updated since your last visit" notice, and whether the
//! browser promised to keep the workspace.

use leptos::prelude::*;

use crate::platform::local::{self, LocalKey};
use crate::platform::worker;

/// Whether the browser says it is online, kept current by its online/offline events.
pub(crate) fn online_signal() -> ReadSignal<bool> {
    let (online, set_online) = signal(worker::online_now());
    let _ = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    online
}

/// `true` when this visit runs a different build than the last one (then remembers this one).
pub(crate) fn updated_since_last_visit() -> bool {
    let Some(id) = worker::build_id() else {
        return false;
    };
    let previous = local::get(&LocalKey::Build);
    let _ = local::set(&LocalKey::Build, &id);
    previous.is_some_and(|p| p != id)
}

/// Whether the browser promised to keep this site's storage when the disk runs low (`None`
/// until it answers, or where it cannot say).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Persisted(pub ReadSignal<Option<bool>>);

/// Asks the browser to keep the workspace even when the disk runs low (`navigator.storage
/// .persist()`). It may say no: Chromium grants it to installed or much-used sites, Firefox asks
/// the user.
pub(crate) fn request_persistent_storage() -> Persisted {
    let (state, set_state) = signal(None);
    leptos::task::spawn_local(async move {
        if !worker::has_storage_manager() {
            return;
        }
        // Asked once per browser: Firefox asks its user each time, and the answer stands.
        let asked = local::get(&LocalKey::PersistAsked).is_some();
        let answer = match worker::storage_manager("persisted").await {
            Some(true) => Some(true),
            Some(false) if asked => Some(false),
            _ => {
                let _ = local::set(&LocalKey::PersistAsked, "1");
                worker::storage_manager("persist").await
            }
        };
        set_state.set(answer);
    });
    Persisted(state)
}
