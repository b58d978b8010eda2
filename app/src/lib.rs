//! The Cygni incident workspace: a client-side Leptos app over `incident-core`.
//!
//! Layers, each importing only the ones below it:
//!
//! - `frame` (the app shell and router) and `route` (the routes and their addresses);
//! - `screens`: one module per route; no screen imports another;
//! - `widgets`: view pieces shared by screens;
//! - `state`: the reactive state given through context, and the only code that writes;
//! - `platform`: the browser's APIs and nothing else.
//!
//! `scripts/check-architecture.py` keeps the rule (see ARCHITECTURE.md).

// `unreachable_pub` holds everywhere but where Leptos components are: the `#[component]` macro
// gives every component a builder with `pub` items, reachable or not.
#[allow(unreachable_pub)]
mod frame;
pub mod platform;
mod route;
#[allow(unreachable_pub)]
mod screens;
mod state;
#[allow(unreachable_pub)]
mod widgets;

pub use frame::App;

/// How many incidents the first-run sample workspace holds.
pub const SAMPLE_INCIDENTS: usize = 120;
/// The seed of the first-run sample (the run script builds the status site from the same seed).
pub const SAMPLE_SEED: u64 = 1;
