//! The incident's links: where it is being worked on besides the workspace.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ToolLink;

/// Where the incident is being worked on, besides the workspace: shown at the top of the
/// incident and in the internal update draft. Internal: never published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentLinks {
    /// The incident's chat room, by the playbook's pattern `#incident-<timestamp>`.
    pub chat_channel: Option<String>,
    /// The call or video bridge.
    pub bridge: Option<String>,
    /// The ticket that tracks the incident.
    pub ticket: Option<String>,
    /// Anything else (a dashboard filtered to the incident, a shared document).
    #[serde(default)]
    pub other: Vec<ToolLink>,
}

impl IncidentLinks {
    pub fn is_empty(&self) -> bool {
        self == &IncidentLinks::default()
    }
}
