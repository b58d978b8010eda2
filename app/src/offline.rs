//! Offline: registers the service worker (public/sw.js), tells whether the browser is online,
//! and notices when a new version of the app was loaded since the last visit.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Registers `sw.js` (best effort: browsers without service workers just need the network).
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(navigator) = js_sys::Reflect::get(&window, &"navigator".into()) else {
        return;
    };
    let Ok(container) = js_sys::Reflect::get(&navigator, &"serviceWorker".into()) else {
        return;
    };
    if container.is_undefined() {
        return;
    }
    if let Ok(register) = js_sys::Reflect::get(&container, &"register".into()) {
        if let Ok(f) = register.dyn_into::<js_sys::Function>() {
            let _ = f.call1(&container, &"./sw.js".into());
        }
    }
}

/// Whether the browser says it is online, kept current by its online/offline events.
pub fn online_signal() -> ReadSignal<bool> {
    let now_online = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
        .and_then(|n| js_sys::Reflect::get(&n, &"onLine".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let (online, set_online) = signal(now_online);
    let _ = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    online
}

/// The build this page runs: trunk names the module after its content hash.
fn build_id() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector("link[rel=modulepreload], script[type=module][src]")
        .ok()??;
    link.get_attribute("href")
        .or_else(|| link.get_attribute("src"))
}

/// `true` when this visit runs a different build than the last one (then remembers this one).
pub fn updated_since_last_visit() -> bool {
    let Some(id) = build_id() else {
        return false;
    };
    let Some(store) = crate::storage::local_storage() else {
        return false;
    };
    let previous = store.get_item("cygni-build").ok().flatten();
    let _ = store.set_item("cygni-build", &id);
    previous.is_some_and(|p| p != id)
}

/// Whether the browser promised to keep this site's storage when the disk runs low (`None`
/// until it answers, or where it cannot say).
#[derive(Clone, Copy)]
pub struct Persisted(pub ReadSignal<Option<bool>>);

/// Asks the browser to keep the workspace even when the disk runs low (`navigator.storage
/// .persist()`). It may say no: Chromium grants it to installed or much-used sites, Firefox asks
/// the user.
pub fn request_persistent_storage() -> Persisted {
    let (state, set_state) = signal(None);
    leptos::task::spawn_local(async move {
        let Some(manager) = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
            .and_then(|n| js_sys::Reflect::get(&n, &"storage".into()).ok())
            .filter(|m| !m.is_undefined())
        else {
            return;
        };
        let ask = |method: &str| {
            let manager = manager.clone();
            let f = js_sys::Reflect::get(&manager, &method.into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            async move {
                let promise = f?
                    .call0(&manager)
                    .ok()?
                    .dyn_into::<js_sys::Promise>()
                    .ok()?;
                wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .ok()?
                    .as_bool()
            }
        };
        // Asked once per browser: Firefox asks its user each time, and the answer stands.
        let asked = crate::storage::local_storage()
            .and_then(|s| s.get_item("cygni-persist-asked").ok().flatten())
            .is_some();
        let answer = match ask("persisted").await {
            Some(true) => Some(true),
            Some(false) if asked => Some(false),
            _ => {
                if let Some(s) = crate::storage::local_storage() {
                    let _ = s.set_item("cygni-persist-asked", "1");
                }
                ask("persist").await
            }
        };
        set_state.set(answer);
    });
    Persisted(state)
}
