//! The workspace's settings: the organization, its components and groups, people, on-call
//! schedules, tool links and its playbook.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::playbook::Playbook;
use crate::time::Timestamp;

use super::{FieldConflict, Stamps};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Organization {
    pub name: String,
    /// The public status page, as named in customer emails.
    pub status_page_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ComponentGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// A component group id, or null for a top-level component.
    pub group: Option<String>,
    pub position: u32,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Chat handle, used by `/page @handle`.
    pub handle: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Escalation levels of the playbook this person answers for (`em`, `vp-eng`, …).
    pub escalation_levels: Vec<String>,
}

/// A rotation of people, as a PagerDuty schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OnCallSchedule {
    pub id: String,
    pub name: String,
    /// The schedule's name in the paging tool, for example `cygni-primary-oncall`.
    pub external_id: Option<String>,
    /// Person ids, in rotation order.
    pub rotation: Vec<String>,
    pub rotation_start: Timestamp,
    /// Length of one shift, in days.
    pub shift_days: u32,
}

impl OnCallSchedule {
    /// Who is on call at `now`, by the rotation.
    pub fn on_call_at(&self, now: Timestamp) -> Option<&str> {
        if self.rotation.is_empty() || self.shift_days == 0 {
            return None;
        }
        let shift_minutes = i64::from(self.shift_days) * 24 * 60;
        let shifts = now
            .minutes_since(self.rotation_start)
            .div_euclid(shift_minutes);
        let index = shifts.rem_euclid(self.rotation.len() as i64) as usize;
        self.rotation.get(index).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ToolLink {
    pub name: String,
    pub url: String,
}

/// Everything about a workspace that is not an incident or a maintenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    pub organization: Organization,
    pub component_groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
    pub people: Vec<Person>,
    pub oncall_schedules: Vec<OnCallSchedule>,
    pub tool_links: Vec<ToolLink>,
    pub playbook: Playbook,
    #[serde(default)]
    pub stamps: Stamps,
    /// Values that lost a merge (see [`crate::merge`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
}

impl Settings {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
}
