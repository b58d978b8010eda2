//! Who this browser acts as: a choice of this browser (local storage), not of the workspace.

use crate::platform::local::{self, LocalKey};

/// Who this browser said it is, if anyone.
pub(crate) fn remembered() -> Option<String> {
    local::get(&LocalKey::Me).filter(|s| !s.is_empty())
}

/// Remembers (or forgets) who this browser is.
pub(crate) fn remember(id: Option<&str>) {
    match id {
        Some(id) => {
            let _ = local::set(&LocalKey::Me, id);
        }
        None => local::remove(&LocalKey::Me),
    }
}
