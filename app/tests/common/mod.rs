//! What the browser tests share: a fixed present and a database of their own per test.

#![allow(clippy::unwrap_used, dead_code)] // a test that cannot unwrap has failed; each file uses some

use incident_core::Timestamp;

pub(crate) fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

/// A database name no other test uses.
pub(crate) fn unique_db(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random().to_bits())
}
pub(crate) mod raw;
