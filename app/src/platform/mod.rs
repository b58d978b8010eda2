//! The browser, and nothing else: each module wraps one browser API in plain Rust functions and
//! types. No `view!` here and no reactive state; what the screens show and what is written is
//! decided in `state`.
//!
//! Writing is exposed here (`db::Storage`'s put and merge methods, `local::set`/`local::remove`)
//! but called only from `state` (`scripts/check-architecture.py` keeps it so).

pub mod channel;
pub mod clipboard;
pub mod clock;
pub mod db;
pub mod files;
pub mod folder;
pub mod ids;
pub mod local;
pub mod notify;
pub mod page;
pub mod site_worker;
pub mod sound;
pub mod worker;
