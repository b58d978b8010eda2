//! Where an export or an import stands, as the transfer bar shows it.

use std::sync::Arc;

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
        /// Shared, not copied, by the screen that shows it: the merged workspace can be as
        /// large as the workspace itself.
        preview: Arc<MergePreview>,
    },
    Done(String),
}
