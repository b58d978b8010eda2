//! The service worker (public/sw.js), the browser's online state, the build this page runs, and
//! the persistent-storage question (`navigator.storage`).

use wasm_bindgen::JsCast;

fn navigator() -> Option<wasm_bindgen::JsValue> {
    web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
}

/// Registers `sw.js` (best effort: browsers without service workers just need the network).
pub fn register_service_worker() {
    let Some(navigator) = navigator() else {
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

/// Whether the browser says it is online now (`navigator.onLine`; `true` where it cannot say).
pub fn online_now() -> bool {
    navigator()
        .and_then(|n| js_sys::Reflect::get(&n, &"onLine".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

/// The build this page runs: trunk names the module after its content hash.
pub fn build_id() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector("link[rel=modulepreload], script[type=module][src]")
        .ok()??;
    link.get_attribute("href")
        .or_else(|| link.get_attribute("src"))
}

/// Whether the browser has `navigator.storage` at all.
pub fn has_storage_manager() -> bool {
    navigator()
        .and_then(|n| js_sys::Reflect::get(&n, &"storage".into()).ok())
        .is_some_and(|m| !m.is_undefined())
}

/// Calls `navigator.storage.<method>()` (`persisted` or `persist`) and gives its answer;
/// `None` where the browser has no such question.
pub async fn storage_manager(method: &str) -> Option<bool> {
    let manager = navigator()
        .and_then(|n| js_sys::Reflect::get(&n, &"storage".into()).ok())
        .filter(|m| !m.is_undefined())?;
    let f = js_sys::Reflect::get(&manager, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = f.call0(&manager).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}
