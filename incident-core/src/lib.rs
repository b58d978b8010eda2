//! The domain of Cygni's incident response: the model, the playbook as data, the bundle format,
//! validation and a deterministic sample.
//!
//! Architecture invariant: this crate does no IO and never reads a clock. The current time is
//! always an argument, so the browser workspace and the site generator agree on everything.

pub mod alarms;
pub mod alert_link;
pub mod assess;
pub mod bundle;
pub mod command;
pub mod comms;
pub mod conflict;
pub mod describe;
pub mod drill;
pub mod duration;
pub mod fields;
pub mod filter;
pub mod limits;
pub mod maintenance;
pub mod markdown;
pub mod merge;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod playbook;
pub mod public;
pub mod publish_check;
pub mod sample;
pub mod schema;
pub mod settings_edit;
pub mod sort;
pub mod stamp_keys;
pub mod time;
pub mod validate;
mod vocabulary;

pub use bundle::{Bundle, FORMAT, SCHEMA_VERSION};
pub use model::*;
pub use playbook::Playbook;
pub use time::Timestamp;
pub use validate::{parse_bundle, Problem};
