//! The page itself: its address (the route is in the hash), questions asked in a dialog, and
//! bringing an element into view.

/// The location's hash (`#/incident/…`), or empty.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to `hash` (the router follows the `hashchange` event).
pub fn go(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Keeps the CSS variable `--topbar-h` at the top bar's height (now and whenever the window is
/// resized), so what sticks below it (an incident's clocks) is never hidden under it.
pub fn track_topbar_height() {
    use wasm_bindgen::JsCast;
    fn measure() {
        use wasm_bindgen::JsCast;
        let Some(d) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let height = d
            .query_selector(".topbar")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|e| {
                web_sys::window()
                    .and_then(|w| w.get_computed_style(e).ok().flatten())
                    .and_then(|s| s.get_property_value("position").ok())
                    .is_some_and(|p| p == "sticky")
            })
            .map_or(0, |e| e.offset_height());
        if let Some(root) = d
            .document_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = root
                .style()
                .set_property("--topbar-h", &format!("{height}px"));
        }
    }
    measure();
    let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    }
    on_resize.forget();
}

/// Scrolls the page to its top.
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Loads the app again at its list (it opens the workspace anew: another workspace, or the
/// first screen).
pub fn restart() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash("#/");
        let _ = w.location().reload();
    }
}

/// Asks `question` in the browser's dialog; `false` when it cannot be asked.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Scrolls the element with id `id` into view, if it is on the page.
pub fn scroll_into_view(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        el.scroll_into_view();
    }
}

/// Asks the person for a line of text (`window.prompt`); `None` when they cancel.
pub fn prompt(question: &str) -> Option<String> {
    web_sys::window().and_then(|w| w.prompt_with_message(question).ok().flatten())
}

/// Whether the page is shown (not a background tab, not minimized).
pub fn visible() -> bool {
    !leptos::prelude::document().hidden()
}
