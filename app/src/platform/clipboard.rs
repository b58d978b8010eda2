//! The clipboard.

use wasm_bindgen::JsCast;

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`), best effort.
pub fn copy(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(navigator) = js_sys::Reflect::get(&window, &"navigator".into()) else {
        return;
    };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return;
    };
    if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
        if let Some(f) = write.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&clipboard, &text.into());
        }
    }
}
