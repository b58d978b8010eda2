//! The public projection: the only door from a workspace to anything published (the status
//! site, its API and feeds, and the app's live preview).
//!
//! The public types below have no field for internal updates, notes, people, roles, checklists,
//! action items or drills, so none of those can reach a page. An incident is public when it is
//! not a drill and has at least one update marked for the status page; a post-mortem is public
//! when it is published.

use serde::Serialize;

use crate::model::{Impact, IncidentStatus, MaintenanceStatus, Severity};
use crate::time::Timestamp;

mod again;
mod bundle;
mod project;
mod scope;
mod uptime;

pub use again::{project_again, LastProjection, Projected};
pub use bundle::public_bundle;
pub use project::{
    on_site, project, project_scoped, project_with, without_action_items, worst_impacts,
};
pub use scope::{scoped_part, Scope};
pub use uptime::{uptime, uptime_days, Spans, UptimeDay, Weights};

/// A component's status, with the Statuspage API's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentStatus {
    pub fn label(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "Operational",
            ComponentStatus::UnderMaintenance => "Under maintenance",
            ComponentStatus::DegradedPerformance => "Degraded performance",
            ComponentStatus::PartialOutage => "Partial outage",
            ComponentStatus::MajorOutage => "Major outage",
        }
    }

    /// The Statuspage name (`partial_outage`, …), also used as a CSS class.
    pub fn key(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
        }
    }
}

impl From<Impact> for ComponentStatus {
    fn from(i: Impact) -> Self {
        match i {
            Impact::DegradedPerformance => ComponentStatus::DegradedPerformance,
            Impact::PartialOutage => ComponentStatus::PartialOutage,
            Impact::MajorOutage => ComponentStatus::MajorOutage,
        }
    }
}

/// Statuspage's impact / indicator scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    None,
    Minor,
    Major,
    Critical,
}

impl Indicator {
    /// Our severities on Statuspage's impact scale: SEV1 critical, SEV2 major, SEV3 minor,
    /// SEV4 none.
    pub fn from_severity(s: Severity) -> Self {
        match s {
            Severity::Sev1 => Indicator::Critical,
            Severity::Sev2 => Indicator::Major,
            Severity::Sev3 => Indicator::Minor,
            Severity::Sev4 => Indicator::None,
        }
    }

    /// The overall indicator that a component status implies.
    pub fn from_component(s: ComponentStatus) -> Self {
        match s {
            ComponentStatus::Operational | ComponentStatus::UnderMaintenance => Indicator::None,
            ComponentStatus::DegradedPerformance => Indicator::Minor,
            ComponentStatus::PartialOutage => Indicator::Major,
            ComponentStatus::MajorOutage => Indicator::Critical,
        }
    }

    /// Statuspage's wording of the overall status.
    pub fn description(self) -> &'static str {
        match self {
            Indicator::None => "All Systems Operational",
            Indicator::Minor => "Minor Service Outage",
            Indicator::Major => "Partial System Outage",
            Indicator::Critical => "Major Service Outage",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
        }
    }
}

/// An incident's status as published: the lifecycle, plus `postmortem` once the post-mortem is out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
}

impl PublicStatus {
    pub fn label(self) -> &'static str {
        match self {
            PublicStatus::Investigating => "Investigating",
            PublicStatus::Identified => "Identified",
            PublicStatus::Monitoring => "Monitoring",
            PublicStatus::Resolved => "Resolved",
            PublicStatus::Postmortem => "Post-mortem",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PublicStatus::Investigating => "investigating",
            PublicStatus::Identified => "identified",
            PublicStatus::Monitoring => "monitoring",
            PublicStatus::Resolved => "resolved",
            PublicStatus::Postmortem => "postmortem",
        }
    }

    pub fn is_resolved(self) -> bool {
        matches!(self, PublicStatus::Resolved | PublicStatus::Postmortem)
    }
}

impl From<IncidentStatus> for PublicStatus {
    fn from(s: IncidentStatus) -> Self {
        match s {
            IncidentStatus::Investigating => PublicStatus::Investigating,
            IncidentStatus::Identified => PublicStatus::Identified,
            IncidentStatus::Monitoring => PublicStatus::Monitoring,
            IncidentStatus::Resolved => PublicStatus::Resolved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: u32,
    /// Component ids, by position.
    pub components: Vec<String>,
    pub status: ComponentStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicComponent {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub group: Option<String>,
    pub position: u32,
    pub status: ComponentStatus,
    pub created_at: Timestamp,
    /// When the status last changed (or the component was created).
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicAffected {
    pub id: String,
    pub name: String,
    pub impact: ComponentStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicUpdate {
    pub id: String,
    pub status: PublicStatus,
    /// What the public reads now: the latest correction's text, or [`RETRACTED`].
    pub body: String,
    pub at: Timestamp,
    /// When it was last corrected or retracted (`at` when never).
    pub updated_at: Timestamp,
    /// When its text was last corrected (not retracted).
    pub corrected_at: Option<Timestamp>,
    pub retracted: bool,
    /// Every correction and retraction, oldest first: a feed gives each an entry of its own.
    pub corrections: Vec<PublicCorrection>,
}

/// A correction or retraction of a public update, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicCorrection {
    pub id: String,
    pub at: Timestamp,
    /// The corrected text, or `None`: retracted.
    pub body: Option<String>,
}

/// What the status site says in place of a retracted update's text.
pub const RETRACTED: &str = "This update was retracted.";

/// An action item chosen for the published post-mortem: what is being changed, and how far it
/// is (never who owns it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicFollowUp {
    pub action: String,
    pub status: crate::model::ActionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicPostmortem {
    pub markdown: String,
    pub published_at: Timestamp,
    /// The follow-up list: the action items chosen for it, in the incident's order.
    pub follow_ups: Vec<PublicFollowUp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicIncident {
    pub id: String,
    /// The public title (chosen, or the playbook's suggestion; never the internal title).
    pub title: String,
    /// A workaround the public may use, while the incident is open.
    pub workaround: Option<String>,
    pub impact: Indicator,
    pub status: PublicStatus,
    pub started_at: Timestamp,
    /// When it was first published (the first public update).
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub monitoring_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub components: Vec<PublicAffected>,
    /// How its impact changed: each list of affected components with when it was set, oldest
    /// first (the first is the impact it was declared with). Empty for records from before the
    /// impact had a history: then `components` held for the whole window.
    pub impact_history: Vec<PublicImpactChange>,
    /// Public updates only, newest first.
    pub updates: Vec<PublicUpdate>,
    pub postmortem: Option<PublicPostmortem>,
}

/// The affected components as set at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicImpactChange {
    pub at: Timestamp,
    pub components: Vec<PublicAffected>,
}

/// A stretch of time in which an incident affected a component at one impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpactSpan<'a> {
    pub component: &'a str,
    pub impact: ComponentStatus,
    pub from: Timestamp,
    pub to: Timestamp,
}

impl PublicIncident {
    /// Each component's impact as it changed over the incident's window at `now`: the first
    /// impact from the start (which may be before it was declared), each later one from its
    /// change, each until the next change or the end of the window.
    pub fn impact_spans(&self, now: Timestamp) -> Vec<ImpactSpan<'_>> {
        let (start, end) = self.window(now);
        if self.impact_history.is_empty() {
            return self
                .components
                .iter()
                .map(|c| ImpactSpan {
                    component: &c.id,
                    impact: c.impact,
                    from: start,
                    to: end,
                })
                .collect();
        }
        let mut out = Vec::new();
        for (n, change) in self.impact_history.iter().enumerate() {
            let from = if n == 0 { start } else { change.at.max(start) };
            let to = self
                .impact_history
                .get(n + 1)
                .map_or(end, |next| next.at.min(end))
                .max(from);
            if from >= end && n > 0 {
                break;
            }
            out.extend(change.components.iter().map(|c| ImpactSpan {
                component: &c.id,
                impact: c.impact,
                from,
                to,
            }));
        }
        out
    }

    pub fn is_resolved(&self) -> bool {
        self.status.is_resolved()
    }

    /// The window in which the incident affected its components: from its start to its
    /// resolution, or to `now` while it is open.
    pub fn window(&self, now: Timestamp) -> (Timestamp, Timestamp) {
        (
            self.started_at,
            self.resolved_at.unwrap_or(now).max(self.started_at),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMaintenanceUpdate {
    pub id: String,
    pub status: MaintenanceStatus,
    pub body: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMaintenance {
    pub id: String,
    pub title: String,
    pub status: MaintenanceStatus,
    pub scheduled_for: Timestamp,
    pub scheduled_until: Timestamp,
    pub components: Vec<PublicAffected>,
    /// Newest first.
    pub updates: Vec<PublicMaintenanceUpdate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

impl PublicMaintenance {
    /// In progress or being verified.
    pub fn is_active(&self) -> bool {
        matches!(
            self.status,
            MaintenanceStatus::InProgress | MaintenanceStatus::Verifying
        )
    }

    pub fn is_upcoming(&self) -> bool {
        self.status == MaintenanceStatus::Scheduled
    }
}

/// Everything the public may see of a workspace at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicSite {
    pub name: String,
    pub url: String,
    pub now: Timestamp,
    pub indicator: Indicator,
    pub groups: Vec<PublicGroup>,
    /// By group position, then component position.
    pub components: Vec<PublicComponent>,
    /// Newest first (by start).
    pub incidents: Vec<PublicIncident>,
    /// Newest first (by scheduled start).
    pub maintenances: Vec<PublicMaintenance>,
    /// How uptime is counted (the workspace's setting; printed wherever uptime is shown).
    pub uptime_weights: crate::model::UptimeWeights,
    /// The language of the site's fixed words and dates (the workspace's setting).
    pub language: crate::model::SiteLanguage,
}

impl PublicSite {
    /// The uptime weights as fractions.
    pub fn weights(&self) -> Weights {
        Weights::from(self.uptime_weights)
    }

    pub fn unresolved(&self) -> impl Iterator<Item = &PublicIncident> {
        self.incidents.iter().filter(|i| !i.is_resolved())
    }

    pub fn description(&self) -> &'static str {
        if self.indicator == Indicator::None && self.maintenances.iter().any(|m| m.is_active()) {
            "Service Under Maintenance"
        } else {
            self.indicator.description()
        }
    }

    pub fn component(&self, id: &str) -> Option<&PublicComponent> {
        self.components.iter().find(|c| c.id == id)
    }
}
