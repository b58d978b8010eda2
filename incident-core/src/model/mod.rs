//! The records a workspace keeps: settings, incidents with their timeline, scheduled maintenance.
//!
//! Field names are the bundle's JSON names. Every record has a stable id; mutable fields of a
//! record carry a last-writer [`Stamp`] in the record's `stamps` map (keyed by field name) so two
//! copies can be merged field by field.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Shared with the playbook; defined in `vocabulary` so that neither module imports the other's.
pub use crate::vocabulary::{Role, Severity};

mod event_de;
mod links;
mod settings;

pub use links::IncidentLinks;

pub use settings::{
    BusinessHours, Component, ComponentGroup, OnCallSchedule, Organization, Person, Settings,
    SiteLanguage, ToolLink, UptimeWeights,
};

/// Who last wrote a field, and when.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Stamp {
    pub at: Timestamp,
    /// The id of the device (browser profile or tool) that made the change.
    pub device: String,
}

/// Last-writer stamps of a record's mutable fields, keyed by field name. A field without a stamp
/// is as old as the record.
///
/// Keys of the form `field@device` are not fields: they record that a value of `field` written by
/// `device` at or before the stamp's time was seen and replaced by an edit (see
/// [`crate::merge::touch`]), so a merge does not report it as a conflict. The key grammar, and
/// the keys of the settings' records (`components/<id>.name`, …), are listed in [`crate::merge`].
pub type Stamps = BTreeMap<String, Stamp>;

/// A value that lost a merge on a record without a timeline (a maintenance, the settings), kept
/// on that record so nothing is silently dropped. Incidents keep theirs as
/// [`EventKind::Conflict`] events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldConflict {
    /// Derived from the record, the field, the stamp and the value, so merges stay idempotent.
    pub id: String,
    /// The field's stamp key, for example `title` or `components/c-api.name`.
    pub field: String,
    pub value: serde_json::Value,
    /// Who wrote the losing value, and when.
    pub stamp: Stamp,
}

/// The playbook's lifecycle: Investigating → Identified → Monitoring → Resolved.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 4] = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];

    /// The serialized name (`investigating`, …), also used for CSS classes and test ids.
    pub fn key(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "Investigating",
            IncidentStatus::Identified => "Identified",
            IncidentStatus::Monitoring => "Monitoring",
            IncidentStatus::Resolved => "Resolved",
        }
    }

    pub fn is_open(self) -> bool {
        self != IncidentStatus::Resolved
    }
}

impl fmt::Display for IncidentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How badly a component is affected (the Statuspage component statuses, minus operational).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl Impact {
    pub fn label(self) -> &'static str {
        match self {
            Impact::DegradedPerformance => "Degraded performance",
            Impact::PartialOutage => "Partial outage",
            Impact::MajorOutage => "Major outage",
        }
    }
}

/// How the incident came to light (the playbook's automated and manual detection paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DetectionSource {
    AutomatedAlert,
    CustomerReport,
    Engineer,
    Manual,
}

impl DetectionSource {
    pub fn label(self) -> &'static str {
        match self {
            DetectionSource::AutomatedAlert => "Automated alert",
            DetectionSource::CustomerReport => "Customer report",
            DetectionSource::Engineer => "Engineer observation",
            DetectionSource::Manual => "Manual",
        }
    }
}

/// Who holds each role (person ids from the settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Roles {
    pub incident_commander: Option<String>,
    pub technical_lead: Option<String>,
    pub communications_lead: Option<String>,
    pub scribe: Option<String>,
}

impl Roles {
    pub fn get(&self, role: Role) -> Option<&str> {
        match role {
            Role::IncidentCommander => self.incident_commander.as_deref(),
            Role::TechnicalLead => self.technical_lead.as_deref(),
            Role::CommunicationsLead => self.communications_lead.as_deref(),
            Role::Scribe => self.scribe.as_deref(),
        }
    }

    pub fn set(&mut self, role: Role, person: Option<String>) {
        let slot = match role {
            Role::IncidentCommander => &mut self.incident_commander,
            Role::TechnicalLead => &mut self.technical_lead,
            Role::CommunicationsLead => &mut self.communications_lead,
            Role::Scribe => &mut self.scribe,
        };
        *slot = person;
    }
}

/// A component an incident affects, and how badly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AffectedComponent {
    /// A component id from the settings.
    pub component: String,
    pub impact: Impact,
}

/// One entry of the append-only timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    pub id: String,
    pub at: Timestamp,
    /// The person (id from the settings) who did it, when known.
    pub by: Option<String>,
    pub kind: EventKind,
}

// Read by a hand-written `Deserialize` that does not buffer the object (see `event_de`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The incident was declared.
    Declared {
        severity: Severity,
    },
    /// A responder acknowledged the page; the response-time SLA clock stops here.
    Acknowledged,
    SeverityChanged {
        from: Severity,
        to: Severity,
    },
    StatusChanged {
        from: IncidentStatus,
        to: IncidentStatus,
    },
    /// A role was assigned or handed over (`person: null` clears it).
    RoleAssigned {
        role: Role,
        person: Option<String>,
    },
    /// A status update was posted (see the incident's `updates`).
    UpdatePosted {
        update: String,
        public: bool,
    },
    ChecklistItemDone {
        checklist: String,
        item: String,
    },
    ChecklistItemUndone {
        checklist: String,
        item: String,
    },
    /// A level of the escalation matrix was engaged.
    EscalationEngaged {
        level: String,
        person: Option<String>,
    },
    /// Someone was paged for help (`/page @name "message"`).
    Paged {
        target: String,
        message: String,
    },
    /// A decision, for example the outcome of the rollback decision tree.
    Decision {
        text: String,
        outcome: Option<String>,
    },
    /// A free note, usually by the scribe.
    Note {
        text: String,
    },
    ComponentsChanged {
        components: Vec<AffectedComponent>,
    },
    /// A resolved incident was re-opened, for example on recurrence during recovery monitoring.
    Reopened {
        reason: String,
    },
    PostmortemPublished,
    /// Someone on the severity's notification list ("who must know", the playbook's
    /// `notification`) was told; `who` is the list's entry, for example `Page on-call`.
    Notified {
        who: String,
    },
    /// A tick of the notification list taken back.
    NotifiedUndone {
        who: String,
    },
    /// Two copies set the same field apart; this keeps the value that lost the merge. Internal:
    /// never published. `field` is the stamp key (`severity`, `roles.scribe`,
    /// `action_items/<id>.status`, `timeline/<id>`, …); see [`crate::merge`].
    Conflict {
        field: String,
        // Boxed: the rare kind would otherwise make every event of every timeline twice the
        // size of the others (an event's kind is as large as its largest variant).
        value: Box<serde_json::Value>,
        stamp: Box<Stamp>,
    },
}

/// A status update on the playbook's template; public ones reach the status page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusUpdate {
    pub id: String,
    pub at: Timestamp,
    pub status: IncidentStatus,
    pub severity: Severity,
    /// Customer impact description.
    pub impact: String,
    /// What we're doing.
    pub actions: String,
    /// The message itself; for a public update, the text the status page shows.
    pub message: String,
    pub next_update_at: Option<Timestamp>,
    /// Marked for the status page. Updates are internal unless this is true.
    pub public: bool,
    pub author: Option<String>,
}

/// A correction of a posted public update. The update itself is never rewritten (its first text
/// stays in the record, and the timeline says what it was); the status site shows the latest
/// correction and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Correction {
    pub id: String,
    /// The id of the public update it corrects.
    pub update: String,
    pub at: Timestamp,
    pub by: Option<String>,
    /// The corrected public text, or null: the update is retracted.
    pub message: Option<String>,
}

/// A ticked item of one of the playbook's checklists (derived from the timeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistTick {
    /// A checklist id of the playbook.
    pub checklist: String,
    /// An item id of that checklist.
    pub item: String,
    pub at: Timestamp,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Postmortem {
    /// The post-mortem in markdown, on the playbook's template.
    pub markdown: String,
    /// Only a published post-mortem reaches the status site.
    pub published: bool,
    pub published_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Priority {
    P0,
    P1,
    P2,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::P0, Priority::P1, Priority::P2];

    /// `P0`, `P1`, `P2` (also the serialized name).
    pub fn label(self) -> &'static str {
        match self {
            Priority::P0 => "P0",
            Priority::P1 => "P1",
            Priority::P2 => "P2",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
    ];

    /// The serialized name: `open`, `in_progress`, `done`.
    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
        }
    }
}

/// A follow-up from the post-mortem's action items table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActionItem {
    pub id: String,
    pub action: String,
    /// A person id from the settings.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub status: ActionStatus,
    pub created_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// Chosen for the published post-mortem's follow-up list (its action and status only, never
    /// the owner). Schema 3; absent before: not shown.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub stamps: Stamps,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Incident {
    pub id: String,
    /// The responders' title: internal.
    pub title: String,
    /// The title the public reads (the status site, feeds, API, drafts). Chosen, never copied
    /// from `title` unless the writer confirms it. Schema 3; migrated from schema 2 as `title`
    /// for an incident that had already published.
    #[serde(default)]
    pub public_title: Option<String>,
    /// A workaround the public may use, shown on the status page while the incident is open.
    #[serde(default)]
    pub workaround: Option<String>,
    pub severity: Severity,
    pub status: IncidentStatus,
    /// A practice incident (the monthly drill): never published, left out of metrics by default.
    pub drill: bool,
    pub components: Vec<AffectedComponent>,
    pub detection: DetectionSource,
    /// When the problem began (may be before anyone noticed).
    pub started_at: Timestamp,
    pub detected_at: Timestamp,
    pub declared_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub roles: Roles,
    /// Every event, in time order.
    pub timeline: Vec<Event>,
    pub updates: Vec<StatusUpdate>,
    /// Corrections and retractions of public updates, in time order (a log, merged by id).
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Chat channel, bridge, ticket and other links (internal).
    #[serde(default)]
    pub links: IncidentLinks,
    pub postmortem: Option<Postmortem>,
    pub action_items: Vec<ActionItem>,
    #[serde(default)]
    pub stamps: Stamps,
}

impl Incident {
    /// The conflicts kept in the timeline: each event's id, the field, the value that lost and
    /// its stamp.
    pub fn conflicts(&self) -> impl Iterator<Item = (&str, &str, &serde_json::Value, &Stamp)> {
        self.timeline.iter().filter_map(|e| match &e.kind {
            EventKind::Conflict {
                field,
                value,
                stamp,
            } => Some((e.id.as_str(), field.as_str(), &**value, &**stamp)),
            _ => None,
        })
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// The latest correction of the update `update`, if any (a retraction has no message).
    pub fn correction_of(&self, update: &str) -> Option<&Correction> {
        self.corrections
            .iter()
            .filter(|c| c.update == update)
            .max_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)))
    }

    /// Who on the severity's notification list has been told (ticked and not unticked since).
    pub fn notified(&self) -> Vec<&str> {
        let mut told: Vec<&str> = Vec::new();
        for e in &self.timeline {
            match &e.kind {
                EventKind::Notified { who } if !told.contains(&who.as_str()) => told.push(who),
                EventKind::NotifiedUndone { who } => told.retain(|w| *w != who),
                _ => {}
            }
        }
        told
    }

    /// The checklist state: every item ticked and not unticked since, with when and by whom.
    /// The timeline is the only record of ticks, so copies merge without losing one.
    pub fn checklist_state(&self) -> Vec<ChecklistTick> {
        let mut ticks: Vec<ChecklistTick> = Vec::new();
        for e in &self.timeline {
            match &e.kind {
                EventKind::ChecklistItemDone { checklist, item } => {
                    ticks.retain(|t| !(t.checklist == *checklist && t.item == *item));
                    ticks.push(ChecklistTick {
                        checklist: checklist.clone(),
                        item: item.clone(),
                        at: e.at,
                        by: e.by.clone(),
                    });
                }
                EventKind::ChecklistItemUndone { checklist, item } => {
                    ticks.retain(|t| !(t.checklist == *checklist && t.item == *item));
                }
                _ => {}
            }
        }
        ticks
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceStatus {
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MaintenanceUpdate {
    pub id: String,
    pub at: Timestamp,
    pub status: MaintenanceStatus,
    pub message: String,
}

/// Scheduled maintenance: a window, the components it touches, and its updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Maintenance {
    pub id: String,
    pub title: String,
    pub components: Vec<String>,
    pub scheduled_start: Timestamp,
    pub scheduled_end: Timestamp,
    pub updates: Vec<MaintenanceUpdate>,
    #[serde(default)]
    pub stamps: Stamps,
    /// Values that lost a merge (see [`crate::merge`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
}

impl Maintenance {
    /// The status of the latest update, or `scheduled` when there is none.
    pub fn status(&self) -> MaintenanceStatus {
        self.updates
            .iter()
            .max_by_key(|u| u.at)
            .map_or(MaintenanceStatus::Scheduled, |u| u.status)
    }
}

/// What kind of record a tombstone deletes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Incident,
    Maintenance,
    ActionItem,
    Component,
    ComponentGroup,
    Person,
    OncallSchedule,
}

/// A deletion, kept so that it wins over older edits when copies merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tombstone {
    pub kind: RecordKind,
    pub id: String,
    pub deleted_at: Timestamp,
    pub device: String,
}

#[cfg(test)]
mod tests;
