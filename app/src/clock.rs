//! The browser's clock. The only place the app reads the time; incident-core gets it as an argument.

use incident_core::Timestamp;

/// Now, from `Date.now()`.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64).unwrap_or_else(|| {
        // Date.now() is always in range; this is only a fallback for a broken clock.
        Timestamp::from_unix_millis(0).unwrap_or_else(|| unreachable!())
    })
}
