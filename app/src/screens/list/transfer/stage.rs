//! Where an export or an import stands, as the transfer bar shows it.

use incident_core::merge::MergePreview;

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
