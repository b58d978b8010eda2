//! Where an export or an import stands, as the transfer bar shows it.

use incident_core::merge::MergePreview;

/// Incidents checked, compared or exported between two chances for the page to answer (some
/// 30–50 ms of work each in Chromium on one laptop core).
pub(super) const BATCH: usize = 1000;

#[derive(Clone)]
pub(super) enum Stage {
    Idle,
    Reading(String),
    Refused {
        file: String,
        problems: Vec<String>,
    },
    Preview {
        file: String,
        preview: Box<MergePreview>,
    },
    Done(String),
}
