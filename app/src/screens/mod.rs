//! One module per route. A screen reads the session (`state::use_session`), shows it with the
//! shared `widgets`, and changes it only through `state`; no screen imports another.

pub(crate) mod action_items;
pub(crate) mod declare;
pub(crate) mod drills;
pub(crate) mod incident;
pub(crate) mod list;
pub(crate) mod maintenance;
pub(crate) mod metrics;
pub(crate) mod preview;
pub(crate) mod settings;
pub(crate) mod welcome;
