//! The browser's Notification API and the tab's title: how an alarm reaches someone whose tab
//! is not in front.

use wasm_bindgen::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// Whether this browser can show notifications at all.
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

/// `Some(true)` granted, `Some(false)` denied, `None` not asked yet (or not supported).
pub fn permission() -> Option<bool> {
    if !supported() {
        return None;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Some(true),
        NotificationPermission::Denied => Some(false),
        _ => None,
    }
}

/// Asks the browser for permission (only ever from a person's click); `then` gets the answer.
pub fn ask(then: impl FnOnce(bool) + 'static) {
    if !supported() {
        return;
    }
    let Ok(promise) = Notification::request_permission() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        then(Notification::permission() == NotificationPermission::Granted);
    });
}

/// Shows a notification; a click brings the tab to the front and opens `hash`.
pub fn show(title: &str, body: &str, tag: &str, hash: &str) {
    if permission() != Some(true) {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    let Ok(n) = Notification::new_with_options(title, &options) else {
        return;
    };
    let hash = hash.to_owned();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.focus();
            let _ = w.location().set_hash(&hash);
        }
    });
    n.set_onclick(Some(on_click.as_ref().unchecked_ref()));
    on_click.forget();
}

/// Sets the tab's title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        if d.title() != title {
            d.set_title(title);
        }
    }
}
