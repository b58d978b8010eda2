//! The browser's clock. The only place the app reads the time; incident-core gets it as an argument.

use incident_core::Timestamp;

/// Now, from `Date.now()`.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64).unwrap_or_else(|| {
        // Date.now() is always in range; this is only a fallback for a broken clock.
        Timestamp::from_unix_millis(0).unwrap_or_else(|| unreachable!())
    })
}

/// Milliseconds since the epoch, with fractions (`Date.now()`): for timing the app's own steps.
pub fn millis() -> f64 {
    js_sys::Date::now()
}

/// `14:05` in the browser's time zone, to show beside UTC.
pub fn local_hhmm(t: Timestamp) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.unix_millis() as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}
