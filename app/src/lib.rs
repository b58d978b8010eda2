//! The Cygni incident workspace: a client-side Leptos app over `incident-core`.
//!
//! Modules that touch the browser are few and named for what they touch (`storage`: IndexedDB,
//! `clock`: the time); components only read state and call core functions.

pub mod clock;
mod command_bar;
mod comms;
mod drills;
mod incident;
mod metrics;
mod offline;
mod preview;
mod settings;
pub mod storage;
mod sync;
mod transfer;
mod ui;

pub use ui::App;

/// How many incidents the first-run sample workspace holds.
pub const SAMPLE_INCIDENTS: usize = 120;
/// The seed of the first-run sample (the run script builds the status site from the same seed).
pub const SAMPLE_SEED: u64 = 1;
