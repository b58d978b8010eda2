//! Merging two bundles: the one function behind the app's import, its multi-tab saves and the
//! generator's several inputs.
//!
//! [`merge`] is commutative, associative and idempotent (`merge(a, a) == normalize(a)`), and
//! loses nothing: every value of either input is in the result, as the current value, as a
//! conflict, or as a value that some edit knowingly replaced. The result is canonical (records
//! by id, events and updates by `(at, id)`), so equal merges are equal structurally.
//!
//! # Who wins
//!
//! - **Records** (incidents, maintenances, action items, components, component groups, people,
//!   on-call schedules) are matched by id; a record on one side only is taken as it is
//!   (normalized).
//! - **Logs** (timeline events, status updates, maintenance updates) are unioned by id. Entries
//!   are immutable; if two copies still disagree on one id, the later `at` wins (then the
//!   serialized value) and the other is kept as a conflict on `timeline/<id>` or `updates/<id>`.
//! - **Fields** are last-writer-wins registers: the value with the greater stamp `(at, device)`
//!   wins; equal stamps are decided by the canonical JSON text of the values (keys sorted), so
//!   every copy picks the same winner. A field without a stamp (old data) is older than any
//!   stamp. The merged `stamps` map is the key-by-key maximum of both.
//! - **Envelope**: `exported_at` is the later one, `device_id` the lexicographically smaller one
//!   (any symmetric rule would do; the app writes its own id when it stores the result),
//!   `format` and `schema_version` are this build's.
//!
//! # Stamp keys
//!
//! Incident: `title`, `severity`, `status` (status and `resolved_at` together: one cannot change
//! without the other), `drill`, `components`, `detection`, `started_at`, `detected_at`,
//! `declared_at`, `acknowledged_at`, `postmortem`, and `roles.<role>` for each role (for example
//! `roles.incident_commander`). Action item (its own `stamps`): `action`, `owner`, `due`,
//! `priority`, `status` (with `completed_at`), `created_at`. Maintenance: `title`, `components`,
//! `scheduled_start`, `scheduled_end`. Settings (`Settings::stamps`): `organization.<field>`,
//! `playbook.<field>` (each top-level field of the playbook, for example `playbook.severities`),
//! `tool_links` (the whole list: links have no id and their order is the user's), and
//! `<list>/<id>.<field>` for the records of `component_groups`, `components`, `people` and
//! `oncall_schedules` (for example `components/c-api.name`). Each merge function builds its
//! record with a struct literal, so a field added to the model does not compile until it is
//! given a rule here. Every key is spelled once, in [`crate::stamp_keys`].
//!
//! # Conflicts
//!
//! Stamps alone cannot tell "the other copy changed this field too" from "the other copy is just
//! older". So an edit records what it replaced: [`touch`] sets a field's stamp and keeps
//! `field@device -> stamp` for the value it overwrote ("device's values of this field up to this
//! time were seen and replaced"). A value that loses a merge is a **conflict** unless such a key
//! covers it; a stale copy therefore merges silently, while two concurrent edits keep the loser.
//! A loser with the same value as the winner but another stamp (two people set the same value)
//! is kept too: skipping it would make the result depend on the order of merges. A value without
//! a stamp counts as `(1970-01-01T00:00:00Z, "")`, so its conflict sorts first in a timeline.
//! Where the conflict is kept:
//!
//! - on an incident, as a timeline event `EventKind::Conflict { field, value, stamp }` (at the
//!   losing stamp's time, `by: None`), shown by [`describe_conflict`] as "conflict: dev-b also
//!   set severity to SEV2 at 2026-03-05 14:07 UTC"; conflicts of action items are on their
//!   incident, with the field `action_items/<id>.<field>`;
//! - on a maintenance or the settings (no timeline), in their `conflicts` list
//!   ([`FieldConflict`]).
//!
//! A conflict's id is derived from the record, the field, the losing stamp and the value, so the
//! same loss found by two merges is one event. A conflict is dropped once a `field@device` key
//! covers it (someone saw that value and replaced it), in every copy alike. Conflicts are
//! internal: the public projection never reads the timeline or these lists.
//!
//! Assumption: one device id writes sequentially (two tabs writing at once should use two ids),
//! since `field@device` covers all of that device's earlier values of the field.
//!
//! # Deletions
//!
//! A tombstone hides a record whose last edit (latest stamp, event, update or creation time) is
//! at or before `deleted_at`; a record edited after the deletion stays visible and the tombstone
//! is kept. To keep the merge associative, a hidden record is still merged and kept in the
//! bundle (an edit after the deletion brings back the record with everything it had); [`live`]
//! is the view without hidden records, which the public projection uses. Tombstones are unioned.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::bundle::{Bundle, FORMAT, SCHEMA_VERSION};
use crate::model::{
    ActionItem, ActionStatus, AffectedComponent, Component, ComponentGroup, Event, EventKind,
    FieldConflict, Incident, IncidentStatus, Maintenance, OnCallSchedule, Organization, Person,
    RecordKind, Role, Roles, Settings, Severity, Stamp, Stamps, Tombstone,
};
use crate::playbook::Playbook;
use crate::stamp_keys as keys;
use crate::time::Timestamp;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// Merges two bundles. Commutative, associative, idempotent up to [`normalize`]; see the module
/// documentation for the rules.
pub fn merge(a: &Bundle, b: &Bundle) -> Bundle {
    Bundle {
        format: FORMAT.to_owned(),
        schema_version: SCHEMA_VERSION,
        exported_at: a.exported_at.max(b.exported_at),
        device_id: a.device_id.as_str().min(b.device_id.as_str()).to_owned(),
        settings: merge_settings(&a.settings, &b.settings),
        incidents: merge_lists(&a.incidents, &b.incidents, |i| &i.id, merge_incident),
        maintenances: merge_lists(
            &a.maintenances,
            &b.maintenances,
            |m| &m.id,
            merge_maintenance,
        ),
        tombstones: merge_tombstones(&a.tombstones, &b.tombstones),
    }
}

/// Merges any number of bundles (`None` for none).
pub fn merge_all(bundles: &[Bundle]) -> Option<Bundle> {
    let (first, rest) = bundles.split_first()?;
    Some(rest.iter().fold(normalize(first), |acc, b| merge(&acc, b)))
}

/// The canonical form of a bundle: what `merge(b, b)` gives. Records sorted by id, events and
/// updates by `(at, id)`, duplicate ids merged, conflicts that an edit has since covered dropped.
pub fn normalize(b: &Bundle) -> Bundle {
    Bundle {
        format: FORMAT.to_owned(),
        schema_version: SCHEMA_VERSION,
        exported_at: b.exported_at,
        device_id: b.device_id.clone(),
        // Merging a record with itself is its normalization: no value can lose.
        settings: merge_settings(&b.settings, &b.settings),
        incidents: merge_lists(&b.incidents, &[], |i| &i.id, merge_incident),
        maintenances: merge_lists(&b.maintenances, &[], |m| &m.id, merge_maintenance),
        tombstones: merge_tombstones(&b.tombstones, &[]),
    }
}

/// Records an edit of `field` in a record's `stamps`: the field gets `stamp` (moved just past the
/// previous stamp if the clock is behind it, so an edit always supersedes what its author saw),
/// and the replaced value's stamp is remembered as `field@device`, so merging with a copy that
/// still has the old value is not a conflict.
pub fn touch(stamps: &mut Stamps, field: &str, stamp: Stamp) {
    let previous = stamps.get(field).cloned().unwrap_or_else(unstamped);
    let seen = seen_key(field, &previous.device);
    if stamps.get(&seen).is_none_or(|s| *s < previous) {
        stamps.insert(seen, previous.clone());
    }
    let at = if stamp.at > previous.at {
        stamp.at
    } else {
        Timestamp::from_datetime(previous.at.datetime() + Duration::milliseconds(1))
    };
    stamps.insert(
        field.to_owned(),
        Stamp {
            at,
            device: stamp.device,
        },
    );
}

/// The stamp key of a field of a settings record: `settings_key("components", "c-api", "name")`
/// is `components/c-api.name`.
pub fn settings_key(list: &str, id: &str, field: &str) -> String {
    format!("{list}/{id}.{field}")
}

/// The stamp a field without one counts as: older than any real stamp.
pub fn unstamped() -> Stamp {
    Stamp {
        at: Timestamp::from_datetime(DateTime::<Utc>::UNIX_EPOCH),
        device: String::new(),
    }
}

/// Whether `stamps` records that the value of `field` written at `stamp` was seen and replaced.
pub fn is_covered(stamps: &Stamps, field: &str, stamp: &Stamp) -> bool {
    stamps
        .get(&seen_key(field, &stamp.device))
        .is_some_and(|s| s.at >= stamp.at)
}

/// A conflict as a line of the timeline: `conflict: dev-b also set severity to SEV2 at
/// 2026-03-05 14:07 UTC`.
pub fn describe_conflict(field: &str, value: &Value, stamp: &Stamp) -> String {
    let who = if stamp.device.is_empty() {
        "an unstamped copy"
    } else {
        stamp.device.as_str()
    };
    let what = describe_value(field, value);
    let name = field.replace('_', " ");
    if stamp == &unstamped() {
        format!("conflict: {who} also set {name} to {what}")
    } else {
        format!(
            "conflict: {who} also set {name} to {what} at {}",
            stamp.at.utc_minute()
        )
    }
}

/// The bundle without the records its tombstones hide (borrowed when nothing is hidden).
pub fn live(bundle: &Bundle) -> Cow<'_, Bundle> {
    let deleted = deletions(&bundle.tombstones);
    if deleted.is_empty() {
        return Cow::Borrowed(bundle);
    }
    let gone = |kind: RecordKind, id: &str, last: Timestamp| {
        deleted.get(&(kind, id)).is_some_and(|at| *at >= last)
    };
    let hidden_settings = hidden_settings(&bundle.settings, &bundle.tombstones);
    let any = bundle.incidents.iter().any(|i| {
        gone(RecordKind::Incident, &i.id, incident_last_edit(i))
            || i.action_items
                .iter()
                .any(|a| gone(RecordKind::ActionItem, &a.id, action_item_last_edit(a)))
    }) || bundle
        .maintenances
        .iter()
        .any(|m| gone(RecordKind::Maintenance, &m.id, maintenance_last_edit(m)))
        || !hidden_settings.is_empty();
    if !any {
        return Cow::Borrowed(bundle);
    }
    let mut out = bundle.clone();
    out.incidents
        .retain(|i| !gone(RecordKind::Incident, &i.id, incident_last_edit(i)));
    for i in &mut out.incidents {
        i.action_items
            .retain(|a| !gone(RecordKind::ActionItem, &a.id, action_item_last_edit(a)));
    }
    out.maintenances
        .retain(|m| !gone(RecordKind::Maintenance, &m.id, maintenance_last_edit(m)));
    if !hidden_settings.is_empty() {
        out.settings = live_settings(&bundle.settings, &bundle.tombstones).into_owned();
    }
    Cow::Owned(out)
}

/// The settings records (components, groups, people, on-call schedules) that `tombstones`
/// hide: deleted at or after their last edit. [`live`] leaves them out; incidents that name
/// them keep their names through the full settings.
pub fn hidden_settings<'s>(
    s: &'s Settings,
    tombstones: &[Tombstone],
) -> BTreeSet<(RecordKind, &'s str)> {
    let deleted = deletions(tombstones);
    let mut out = BTreeSet::new();
    if !deleted
        .keys()
        .any(|(kind, _)| settings_list(*kind).is_some())
    {
        return out;
    }
    let mut consider = |kind: RecordKind, list: &str, id: &'s str, created: Option<Timestamp>| {
        if deleted
            .get(&(kind, id))
            .is_some_and(|at| *at >= settings_last_edit(s, list, id, created))
        {
            out.insert((kind, id));
        }
    };
    for c in &s.components {
        consider(
            RecordKind::Component,
            keys::COMPONENTS,
            &c.id,
            Some(c.created_at),
        );
    }
    for g in &s.component_groups {
        consider(
            RecordKind::ComponentGroup,
            keys::COMPONENT_GROUPS,
            &g.id,
            None,
        );
    }
    for p in &s.people {
        consider(RecordKind::Person, keys::PEOPLE, &p.id, None);
    }
    for o in &s.oncall_schedules {
        consider(
            RecordKind::OncallSchedule,
            keys::ONCALL_SCHEDULES,
            &o.id,
            None,
        );
    }
    out
}

/// `settings` without the records `tombstones` hide (borrowed when none is hidden): what the
/// screens offer to choose from and what the status page lists.
pub fn live_settings<'s>(settings: &'s Settings, tombstones: &[Tombstone]) -> Cow<'s, Settings> {
    let hidden = hidden_settings(settings, tombstones);
    if hidden.is_empty() {
        return Cow::Borrowed(settings);
    }
    let gone = |kind: RecordKind, id: &str| hidden.contains(&(kind, id));
    let mut o = settings.clone();
    o.components.retain(|c| !gone(RecordKind::Component, &c.id));
    o.component_groups
        .retain(|g| !gone(RecordKind::ComponentGroup, &g.id));
    o.people.retain(|p| !gone(RecordKind::Person, &p.id));
    o.oncall_schedules
        .retain(|x| !gone(RecordKind::OncallSchedule, &x.id));
    Cow::Owned(o)
}

/// The settings list a settings record of `kind` is kept in (the first part of its stamp keys),
/// or `None` when `kind` is not a settings record.
pub fn settings_list(kind: RecordKind) -> Option<&'static str> {
    match kind {
        RecordKind::Component => Some(keys::COMPONENTS),
        RecordKind::ComponentGroup => Some(keys::COMPONENT_GROUPS),
        RecordKind::Person => Some(keys::PEOPLE),
        RecordKind::OncallSchedule => Some(keys::ONCALL_SCHEDULES),
        RecordKind::Incident | RecordKind::Maintenance | RecordKind::ActionItem => None,
    }
}

/// The tombstone that removes the settings record `kind`/`id` from `device` at `now`, dated at
/// or after its last edit so that it hides every edit made so far; a later edit anywhere brings
/// the record back. `None` when `kind` is not a settings record.
pub fn delete_settings_record(
    settings: &Settings,
    kind: RecordKind,
    id: &str,
    device: &str,
    now: Timestamp,
) -> Option<Tombstone> {
    let list = settings_list(kind)?;
    let created = settings
        .component(id)
        .filter(|_| kind == RecordKind::Component)
        .map(|c| c.created_at);
    Some(Tombstone {
        kind,
        id: id.to_owned(),
        deleted_at: now.max(settings_last_edit(settings, list, id, created)),
        device: device.to_owned(),
    })
}

/// The ids of the incidents that the bundle's tombstones hide: those [`live`] leaves out.
pub fn hidden_incidents(bundle: &Bundle) -> BTreeSet<&str> {
    let deleted = deletions(&bundle.tombstones);
    if !deleted
        .keys()
        .any(|(kind, _)| *kind == RecordKind::Incident)
    {
        return BTreeSet::new();
    }
    bundle
        .incidents
        .iter()
        .filter(|i| {
            deleted
                .get(&(RecordKind::Incident, i.id.as_str()))
                .is_some_and(|at| *at >= incident_last_edit(i))
        })
        .map(|i| i.id.as_str())
        .collect()
}

/// The tombstone that deletes `incident` from `device` at `now`: it hides every edit made so
/// far (dated at the last edit if a clock put that after `now`), and any later edit, here or on
/// another copy, brings the incident back with everything it had.
pub fn delete_incident(incident: &Incident, device: &str, now: Timestamp) -> Tombstone {
    Tombstone {
        kind: RecordKind::Incident,
        id: incident.id.clone(),
        deleted_at: now.max(incident_last_edit(incident)),
        device: device.to_owned(),
    }
}

/// When an edit meant to bring back the deleted incident `id` must be dated to count as later
/// than its deletion: `now`, or just after the latest deletion if a clock dated that later.
pub fn restore_at(bundle: &Bundle, id: &str, now: Timestamp) -> Timestamp {
    edit_after_deletion(&bundle.tombstones, RecordKind::Incident, id, now)
}

/// When an edit meant to bring back the deleted record `kind`/`id` must be dated to count as
/// later than its deletion: `now`, or just after the latest deletion if a clock dated that later.
pub fn edit_after_deletion(
    tombstones: &[Tombstone],
    kind: RecordKind,
    id: &str,
    now: Timestamp,
) -> Timestamp {
    match deleted_at(tombstones, kind, id) {
        Some(at) if at >= now => Timestamp::from_unix_millis(at.unix_millis() + 1).unwrap_or(now),
        _ => now,
    }
}

/// The latest deletion of the record `kind`/`id` among `tombstones`, if any.
pub fn deleted_at(tombstones: &[Tombstone], kind: RecordKind, id: &str) -> Option<Timestamp> {
    tombstones
        .iter()
        .filter(|t| t.kind == kind && t.id == id)
        .map(|t| t.deleted_at)
        .max()
}

/// One value that an import would keep as a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewConflict {
    /// `incident/<id>`, `maintenance/<id>` or `settings`.
    pub record: String,
    /// The record's title, when it has one.
    pub title: Option<String>,
    pub field: String,
    /// The value that loses.
    pub value: Value,
    pub stamp: Stamp,
    /// [`describe_conflict`]'s sentence.
    pub message: String,
}

/// What importing `incoming` into `local` would do (ids sorted).
#[derive(Debug, Clone, PartialEq)]
pub struct MergePreview {
    /// Visible after the import and not visible before.
    pub new_incidents: Vec<String>,
    /// Visible before and after, and changed.
    pub updated_incidents: Vec<String>,
    /// In `incoming`, visible before, and not changed by it.
    pub unchanged_incidents: Vec<String>,
    /// Visible before, hidden by a tombstone after.
    pub deleted_incidents: Vec<String>,
    pub new_maintenances: Vec<String>,
    pub updated_maintenances: Vec<String>,
    pub deleted_maintenances: Vec<String>,
    pub settings_changed: bool,
    /// Components, groups, people and schedules shown before and removed after, as
    /// "component Search", "person Maya Chen".
    pub removed_settings: Vec<String>,
    /// Conflicts the import adds (not those `local` already has).
    pub conflicts: Vec<PreviewConflict>,
    /// The merged bundle: applying the import is storing exactly this.
    pub merged: Bundle,
}

impl MergePreview {
    /// Nothing would change.
    pub fn is_noop(&self) -> bool {
        self.new_incidents.is_empty()
            && self.updated_incidents.is_empty()
            && self.deleted_incidents.is_empty()
            && self.new_maintenances.is_empty()
            && self.updated_maintenances.is_empty()
            && self.deleted_maintenances.is_empty()
            && !self.settings_changed
            && self.removed_settings.is_empty()
            && self.conflicts.is_empty()
    }
}

/// The settings records `before` has and `after` does not, named for a person to read.
fn removed_settings(before: &Settings, after: &Settings) -> Vec<String> {
    let mut out = Vec::new();
    for g in &before.component_groups {
        if !after.component_groups.iter().any(|x| x.id == g.id) {
            out.push(format!("group {}", g.name));
        }
    }
    for c in &before.components {
        if after.component(&c.id).is_none() {
            out.push(format!("component {}", c.name));
        }
    }
    for p in &before.people {
        if after.person(&p.id).is_none() {
            out.push(format!("person {}", p.name));
        }
    }
    for o in &before.oncall_schedules {
        if !after.oncall_schedules.iter().any(|x| x.id == o.id) {
            out.push(format!("on-call schedule {}", o.name));
        }
    }
    out
}

/// Describes what `merge(local, incoming)` would change in `local`.
pub fn preview(local: &Bundle, incoming: &Bundle) -> MergePreview {
    let before = normalize(local);
    let merged = merge(local, incoming);
    let (before_live, after_live) = (live(&before), live(&merged));
    let incoming_ids: BTreeSet<&str> = incoming.incidents.iter().map(|i| i.id.as_str()).collect();

    let old: BTreeMap<&str, &Incident> = before_live
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let new: BTreeMap<&str, &Incident> = after_live
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let mut p = MergePreview {
        new_incidents: Vec::new(),
        updated_incidents: Vec::new(),
        unchanged_incidents: Vec::new(),
        deleted_incidents: Vec::new(),
        new_maintenances: Vec::new(),
        updated_maintenances: Vec::new(),
        deleted_maintenances: Vec::new(),
        settings_changed: before.settings != merged.settings,
        removed_settings: removed_settings(&before_live.settings, &after_live.settings),
        conflicts: Vec::new(),
        // Replaced by `merged` itself once nothing borrows it (a clone of 20,000 incidents
        // was a tenth of an import's preview).
        merged: Bundle::new(merged.settings.clone(), String::new(), merged.exported_at),
    };
    for (id, inc) in &new {
        match old.get(id) {
            None => p.new_incidents.push((*id).to_owned()),
            Some(o) if o != inc => p.updated_incidents.push((*id).to_owned()),
            Some(_) if incoming_ids.contains(id) => p.unchanged_incidents.push((*id).to_owned()),
            Some(_) => {}
        }
    }
    p.deleted_incidents = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .map(|id| (*id).to_owned())
        .collect();
    let old_m: BTreeMap<&str, &Maintenance> = before_live
        .maintenances
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    let new_m: BTreeMap<&str, &Maintenance> = after_live
        .maintenances
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    for (id, m) in &new_m {
        match old_m.get(id) {
            None => p.new_maintenances.push((*id).to_owned()),
            Some(o) if o != m => p.updated_maintenances.push((*id).to_owned()),
            Some(_) => {}
        }
    }
    p.deleted_maintenances = old_m
        .keys()
        .filter(|id| !new_m.contains_key(*id))
        .map(|id| (*id).to_owned())
        .collect();

    // Conflicts the merge adds.
    let mut push =
        |record: String, title: Option<&str>, field: &str, value: &Value, stamp: &Stamp| {
            p.conflicts.push(PreviewConflict {
                record,
                title: title.map(str::to_owned),
                field: field.to_owned(),
                value: value.clone(),
                stamp: stamp.clone(),
                message: describe_conflict(field, value, stamp),
            });
        };
    let old_all: BTreeMap<&str, &Incident> = before
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    for inc in &merged.incidents {
        let known: BTreeSet<&str> = old_all
            .get(inc.id.as_str())
            .map(|o| o.timeline.iter().map(|e| e.id.as_str()).collect())
            .unwrap_or_default();
        for e in &inc.timeline {
            if let EventKind::Conflict {
                field,
                value,
                stamp,
            } = &e.kind
            {
                if !known.contains(e.id.as_str()) {
                    push(
                        format!("incident/{}", inc.id),
                        Some(&inc.title),
                        field,
                        value,
                        stamp,
                    );
                }
            }
        }
    }
    let old_mc: BTreeMap<&str, &Maintenance> = before
        .maintenances
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    for m in &merged.maintenances {
        let known: BTreeSet<&str> = old_mc
            .get(m.id.as_str())
            .map(|o| o.conflicts.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        for c in m
            .conflicts
            .iter()
            .filter(|c| !known.contains(c.id.as_str()))
        {
            push(
                format!("maintenance/{}", m.id),
                Some(&m.title),
                &c.field,
                &c.value,
                &c.stamp,
            );
        }
    }
    let known: BTreeSet<&str> = before
        .settings
        .conflicts
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for c in merged
        .settings
        .conflicts
        .iter()
        .filter(|c| !known.contains(c.id.as_str()))
    {
        push("settings".to_owned(), None, &c.field, &c.value, &c.stamp);
    }
    p.merged = merged;
    p
}

/// [`preview`] computed a batch of incidents at a time, for a caller that must let a page answer
/// between batches (an import of 10,000 incidents). The incidents are split by id ranges; each
/// range is previewed on its own with all the tombstones (which, with the two copies, are all an
/// incident's merge and visibility depend on), the settings and maintenances once, and the parts
/// are joined in id order: the result equals `preview(local, incoming)` (tested).
///
/// Each [`step`](PreviewJob::step) is given the two bundles again (so nothing is borrowed
/// between steps); they must be the ones given to [`new`](PreviewJob::new).
#[derive(Debug)]
pub struct PreviewJob {
    /// The first incident id of each batch, in order.
    starts: Vec<String>,
    next: usize,
    /// The settings both sides of a batch carry (the same, so a batch reports nothing of them).
    settings: Settings,
    acc: MergePreview,
    /// Conflicts of the settings and maintenances: reported after the incidents', as [`preview`] does.
    rest_conflicts: Vec<PreviewConflict>,
}

impl PreviewJob {
    /// Previews the settings, maintenances and tombstones, and plans batches of `batch`
    /// incident ids (at least one).
    pub fn new(local: &Bundle, incoming: &Bundle, batch: usize) -> PreviewJob {
        let ids: BTreeSet<&str> = local
            .incidents
            .iter()
            .chain(&incoming.incidents)
            .map(|i| i.id.as_str())
            .collect();
        let starts = ids
            .into_iter()
            .step_by(batch.max(1))
            .map(str::to_owned)
            .collect();
        let mut acc = preview(&local.without_incidents(), &incoming.without_incidents());
        let rest_conflicts = std::mem::take(&mut acc.conflicts);
        PreviewJob {
            starts,
            next: 0,
            settings: local.settings.clone(),
            acc,
            rest_conflicts,
        }
    }

    /// Batches not yet previewed.
    pub fn remaining(&self) -> usize {
        self.starts.len() - self.next
    }

    /// Previews the next batch of incidents; `false` once there are none left.
    pub fn step(&mut self, local: &Bundle, incoming: &Bundle) -> bool {
        let Some(lo) = self.starts.get(self.next) else {
            return false;
        };
        let hi = self.starts.get(self.next + 1);
        let in_batch = |id: &str| id >= lo.as_str() && hi.is_none_or(|hi| id < hi.as_str());
        let batch = |b: &Bundle| Bundle {
            format: b.format.clone(),
            schema_version: b.schema_version,
            exported_at: b.exported_at,
            device_id: b.device_id.clone(),
            settings: self.settings.clone(),
            incidents: b
                .incidents
                .iter()
                .filter(|i| in_batch(&i.id))
                .cloned()
                .collect(),
            maintenances: Vec::new(),
            tombstones: b.tombstones.clone(),
        };
        let part = preview(&batch(local), &batch(incoming));
        let acc = &mut self.acc;
        acc.new_incidents.extend(part.new_incidents);
        acc.updated_incidents.extend(part.updated_incidents);
        acc.unchanged_incidents.extend(part.unchanged_incidents);
        acc.deleted_incidents.extend(part.deleted_incidents);
        acc.conflicts.extend(part.conflicts);
        acc.merged.incidents.extend(part.merged.incidents);
        self.next += 1;
        self.next < self.starts.len()
    }

    /// The preview, with any batches not yet stepped done now.
    pub fn finish(mut self, local: &Bundle, incoming: &Bundle) -> MergePreview {
        while self.step(local, incoming) {}
        self.acc.conflicts.append(&mut self.rest_conflicts);
        self.acc
    }
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// Merges two lists of records by id; the result is sorted by id. `both` merges the two versions
/// of a record, `one` normalizes a record found on one side only. (Ids are unique in a valid
/// bundle; duplicates within one list are merged with `both`.)
fn merge_by_id<'a, T: Clone>(
    a: &'a [T],
    b: &'a [T],
    id: impl Fn(&T) -> &String,
    mut one: impl FnMut(&T) -> T,
    mut both: impl FnMut(&T, &T) -> T,
) -> Vec<T> {
    let mut index = |xs: &'a [T]| -> BTreeMap<&'a str, Cow<'a, T>> {
        let mut by_id: BTreeMap<&str, Cow<T>> = BTreeMap::new();
        for x in xs {
            let merged = match by_id.get(id(x).as_str()) {
                Some(old) => Cow::Owned(both(old, x)),
                None => Cow::Borrowed(x),
            };
            by_id.insert(id(x), merged);
        }
        by_id
    };
    let (mut xa, mut xb) = (index(a), index(b));
    let ids: BTreeSet<&str> = xa.keys().chain(xb.keys()).copied().collect();
    ids.into_iter()
        .filter_map(|k| match (xa.remove(k), xb.remove(k)) {
            (Some(x), Some(y)) => Some(both(&x, &y)),
            (Some(x), None) | (None, Some(x)) => Some(one(&x)),
            (None, None) => None,
        })
        .collect()
}

/// [`merge_by_id`] for records that carry their own stamps: merging one with itself normalizes it.
fn merge_lists<T: Clone>(
    a: &[T],
    b: &[T],
    id: impl Fn(&T) -> &String,
    merge_one: impl Fn(&T, &T) -> T,
) -> Vec<T> {
    merge_by_id(a, b, id, |x| merge_one(x, x), &merge_one)
}

/// Status and resolution time change together: one register.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct IncidentStatusField {
    status: IncidentStatus,
    resolved_at: Option<Timestamp>,
}

/// An action item's status and completion time: one register.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct ActionStatusField {
    status: ActionStatus,
    completed_at: Option<Timestamp>,
}

/// Two copies of one incident merged by the same rules as [`merge`] (what a tab does when
/// another tab saved the same incident since it last read it).
pub fn merge_incident_copies(a: &Incident, b: &Incident) -> Incident {
    merge_incident(a, b)
}

/// Two copies of the settings merged by the same rules as [`merge`] (a tab saving settings that
/// another tab changed since).
pub fn merge_settings_copies(a: &Settings, b: &Settings) -> Settings {
    merge_settings(a, b)
}

/// Two copies of one maintenance merged by the same rules as [`merge`].
pub fn merge_maintenance_copies(a: &Maintenance, b: &Maintenance) -> Maintenance {
    merge_maintenance(a, b)
}

/// Two lists of tombstones unioned as [`merge`] does (sorted, each deletion once).
pub fn merge_tombstone_lists(a: &[Tombstone], b: &[Tombstone]) -> Vec<Tombstone> {
    merge_tombstones(a, b)
}

fn merge_incident(a: &Incident, b: &Incident) -> Incident {
    let mut lost = Vec::new();
    let mut out = if std::ptr::eq(a, b) || a == b {
        a.clone()
    } else {
        let cx = Ctx::top(&a.stamps, &b.stamps);
        let l = &mut lost;
        let status = cx.reg(
            keys::STATUS,
            &IncidentStatusField {
                status: a.status,
                resolved_at: a.resolved_at,
            },
            &IncidentStatusField {
                status: b.status,
                resolved_at: b.resolved_at,
            },
            l,
        );
        let (ra, rb) = (&a.roles, &b.roles);
        let roles = Roles {
            incident_commander: cx.reg(
                keys::role(Role::IncidentCommander),
                &ra.incident_commander,
                &rb.incident_commander,
                l,
            ),
            technical_lead: cx.reg(
                keys::role(Role::TechnicalLead),
                &ra.technical_lead,
                &rb.technical_lead,
                l,
            ),
            communications_lead: cx.reg(
                keys::role(Role::CommunicationsLead),
                &ra.communications_lead,
                &rb.communications_lead,
                l,
            ),
            scribe: cx.reg(keys::role(Role::Scribe), &ra.scribe, &rb.scribe, l),
        };
        Incident {
            id: a.id.clone(),
            title: cx.reg(keys::TITLE, &a.title, &b.title, l),
            severity: cx.reg(keys::SEVERITY, &a.severity, &b.severity, l),
            status: status.status,
            drill: cx.reg(keys::DRILL, &a.drill, &b.drill, l),
            components: cx.reg(keys::COMPONENTS, &a.components, &b.components, l),
            detection: cx.reg(keys::DETECTION, &a.detection, &b.detection, l),
            started_at: cx.reg(keys::STARTED_AT, &a.started_at, &b.started_at, l),
            detected_at: cx.reg(keys::DETECTED_AT, &a.detected_at, &b.detected_at, l),
            declared_at: cx.reg(keys::DECLARED_AT, &a.declared_at, &b.declared_at, l),
            acknowledged_at: cx.reg(
                keys::ACKNOWLEDGED_AT,
                &a.acknowledged_at,
                &b.acknowledged_at,
                l,
            ),
            resolved_at: status.resolved_at,
            roles,
            timeline: cx.log(
                keys::TIMELINE,
                &a.timeline,
                &b.timeline,
                |e| &e.id,
                |e| e.at,
                l,
            ),
            updates: cx.log(
                keys::UPDATES,
                &a.updates,
                &b.updates,
                |u| &u.id,
                |u| u.at,
                l,
            ),
            postmortem: cx.reg(keys::POSTMORTEM, &a.postmortem, &b.postmortem, l),
            action_items: merge_by_id(
                &a.action_items,
                &b.action_items,
                |x| &x.id,
                Clone::clone,
                |x, y| merge_action_item(x, y, l),
            ),
            stamps: max_stamps(&a.stamps, &b.stamps),
        }
    };
    let known: BTreeSet<String> = if lost.is_empty() {
        BTreeSet::new()
    } else {
        out.timeline.iter().map(|e| e.id.clone()).collect()
    };
    for l in lost {
        let id = conflict_id(&out.id, &l.field, &l.stamp, &l.value);
        if known.contains(&id) {
            // The same loss, found again: its id says it is the same event.
            continue;
        }
        out.timeline.push(Event {
            id,
            at: l.stamp.at,
            by: None,
            kind: EventKind::Conflict {
                field: l.field,
                value: l.value,
                stamp: l.stamp,
            },
        });
    }
    let timeline = std::mem::take(&mut out.timeline);
    let mut timeline: Vec<Event> = timeline
        .into_iter()
        .filter(|e| match &e.kind {
            EventKind::Conflict { field, stamp, .. } => !incident_covers(&out, field, stamp),
            _ => true,
        })
        .collect();
    timeline.sort_by(|x, y| x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id)));
    out.timeline = timeline;
    out.updates
        .sort_by(|x, y| x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id)));
    out.action_items.sort_by(|x, y| x.id.cmp(&y.id));
    out
}

fn merge_action_item(a: &ActionItem, b: &ActionItem, lost: &mut Vec<Lost>) -> ActionItem {
    if a == b {
        return a.clone();
    }
    let path = format!("{}/{}.", keys::ACTION_ITEMS, a.id);
    let cx = Ctx {
        sa: &a.stamps,
        sb: &b.stamps,
        key: String::new(),
        path,
    };
    let status = cx.reg(
        keys::STATUS,
        &ActionStatusField {
            status: a.status,
            completed_at: a.completed_at,
        },
        &ActionStatusField {
            status: b.status,
            completed_at: b.completed_at,
        },
        lost,
    );
    ActionItem {
        id: a.id.clone(),
        action: cx.reg(keys::ACTION, &a.action, &b.action, lost),
        owner: cx.reg(keys::OWNER, &a.owner, &b.owner, lost),
        due: cx.reg(keys::DUE, &a.due, &b.due, lost),
        priority: cx.reg(keys::PRIORITY, &a.priority, &b.priority, lost),
        status: status.status,
        created_at: cx.reg(keys::CREATED_AT, &a.created_at, &b.created_at, lost),
        completed_at: status.completed_at,
        stamps: max_stamps(&a.stamps, &b.stamps),
    }
}

/// Whether the incident's stamps record that this value of `field` was seen and replaced.
fn incident_covers(inc: &Incident, field: &str, stamp: &Stamp) -> bool {
    if let Some(rest) = field
        .strip_prefix(keys::ACTION_ITEMS)
        .and_then(|r| r.strip_prefix('/'))
    {
        if let Some((id, sub)) = rest.split_once('.') {
            return inc
                .action_items
                .iter()
                .find(|a| a.id == id)
                .is_some_and(|a| is_covered(&a.stamps, sub, stamp));
        }
    }
    is_covered(&inc.stamps, field, stamp)
}

fn merge_maintenance(a: &Maintenance, b: &Maintenance) -> Maintenance {
    let mut lost = Vec::new();
    let mut out = if std::ptr::eq(a, b) || a == b {
        a.clone()
    } else {
        let cx = Ctx::top(&a.stamps, &b.stamps);
        let l = &mut lost;
        Maintenance {
            id: a.id.clone(),
            title: cx.reg(keys::TITLE, &a.title, &b.title, l),
            components: cx.reg(keys::COMPONENTS, &a.components, &b.components, l),
            scheduled_start: cx.reg(
                keys::SCHEDULED_START,
                &a.scheduled_start,
                &b.scheduled_start,
                l,
            ),
            scheduled_end: cx.reg(keys::SCHEDULED_END, &a.scheduled_end, &b.scheduled_end, l),
            updates: cx.log(
                keys::UPDATES,
                &a.updates,
                &b.updates,
                |u| &u.id,
                |u| u.at,
                l,
            ),
            stamps: max_stamps(&a.stamps, &b.stamps),
            conflicts: a.conflicts.iter().chain(&b.conflicts).cloned().collect(),
        }
    };
    let id = out.id.clone();
    out.conflicts = settle_conflicts(&id, &out.conflicts, lost, &out.stamps);
    out.updates
        .sort_by(|x, y| x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id)));
    out
}

fn merge_settings(a: &Settings, b: &Settings) -> Settings {
    let mut lost = Vec::new();
    let mut out = if std::ptr::eq(a, b) || a == b {
        a.clone()
    } else {
        let cx = Ctx::top(&a.stamps, &b.stamps);
        let l = &mut lost;
        let (oa, ob) = (&a.organization, &b.organization);
        Settings {
            organization: Organization {
                name: cx.reg(keys::ORGANIZATION_NAME, &oa.name, &ob.name, l),
                status_page_url: cx.reg(
                    keys::ORGANIZATION_STATUS_PAGE_URL,
                    &oa.status_page_url,
                    &ob.status_page_url,
                    l,
                ),
            },
            component_groups: merge_by_id(
                &a.component_groups,
                &b.component_groups,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::COMPONENT_GROUPS, &x.id);
                    ComponentGroup {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        description: cx.reg(keys::DESCRIPTION, &x.description, &y.description, l),
                        position: cx.reg(keys::POSITION, &x.position, &y.position, l),
                    }
                },
            ),
            components: merge_by_id(
                &a.components,
                &b.components,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::COMPONENTS, &x.id);
                    Component {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        description: cx.reg(keys::DESCRIPTION, &x.description, &y.description, l),
                        group: cx.reg(keys::GROUP, &x.group, &y.group, l),
                        position: cx.reg(keys::POSITION, &x.position, &y.position, l),
                        created_at: cx.reg(keys::CREATED_AT, &x.created_at, &y.created_at, l),
                    }
                },
            ),
            people: merge_by_id(
                &a.people,
                &b.people,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::PEOPLE, &x.id);
                    Person {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        handle: cx.reg(keys::HANDLE, &x.handle, &y.handle, l),
                        title: cx.reg(keys::TITLE, &x.title, &y.title, l),
                        email: cx.reg(keys::EMAIL, &x.email, &y.email, l),
                        phone: cx.reg(keys::PHONE, &x.phone, &y.phone, l),
                        escalation_levels: cx.reg(
                            keys::ESCALATION_LEVELS,
                            &x.escalation_levels,
                            &y.escalation_levels,
                            l,
                        ),
                    }
                },
            ),
            oncall_schedules: merge_by_id(
                &a.oncall_schedules,
                &b.oncall_schedules,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::ONCALL_SCHEDULES, &x.id);
                    OnCallSchedule {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        external_id: cx.reg(keys::EXTERNAL_ID, &x.external_id, &y.external_id, l),
                        rotation: cx.reg(keys::ROTATION, &x.rotation, &y.rotation, l),
                        rotation_start: cx.reg(
                            keys::ROTATION_START,
                            &x.rotation_start,
                            &y.rotation_start,
                            l,
                        ),
                        shift_days: cx.reg(keys::SHIFT_DAYS, &x.shift_days, &y.shift_days, l),
                    }
                },
            ),
            tool_links: cx.reg(keys::TOOL_LINKS, &a.tool_links, &b.tool_links, l),
            playbook: merge_playbook(&cx, &a.playbook, &b.playbook, l),
            stamps: max_stamps(&a.stamps, &b.stamps),
            conflicts: a.conflicts.iter().chain(&b.conflicts).cloned().collect(),
        }
    };
    out.conflicts = settle_conflicts("settings", &out.conflicts, lost, &out.stamps);
    out.component_groups.sort_by(|x, y| x.id.cmp(&y.id));
    out.components.sort_by(|x, y| x.id.cmp(&y.id));
    out.people.sort_by(|x, y| x.id.cmp(&y.id));
    out.oncall_schedules.sort_by(|x, y| x.id.cmp(&y.id));
    out
}

/// The playbook merges field by field (`playbook.<field>`).
fn merge_playbook(cx: &Ctx, a: &Playbook, b: &Playbook, l: &mut Vec<Lost>) -> Playbook {
    // Equal values are not enough: two devices that set the same value at different stamps
    // each leave a conflict behind, whatever the order of merges.
    if a == b && prefixed(cx.sa, keys::PLAYBOOK).eq(prefixed(cx.sb, keys::PLAYBOOK)) {
        return a.clone();
    }
    Playbook {
        severities: cx.reg(keys::PLAYBOOK_SEVERITIES, &a.severities, &b.severities, l),
        assessment_questions: cx.reg(
            keys::PLAYBOOK_ASSESSMENT_QUESTIONS,
            &a.assessment_questions,
            &b.assessment_questions,
            l,
        ),
        roles: cx.reg(keys::PLAYBOOK_ROLES, &a.roles, &b.roles, l),
        escalation_levels: cx.reg(
            keys::PLAYBOOK_ESCALATION_LEVELS,
            &a.escalation_levels,
            &b.escalation_levels,
            l,
        ),
        escalation: cx.reg(keys::PLAYBOOK_ESCALATION, &a.escalation, &b.escalation, l),
        checklists: cx.reg(keys::PLAYBOOK_CHECKLISTS, &a.checklists, &b.checklists, l),
        templates: cx.reg(keys::PLAYBOOK_TEMPLATES, &a.templates, &b.templates, l),
        rollback_tree: cx.reg(
            keys::PLAYBOOK_ROLLBACK_TREE,
            &a.rollback_tree,
            &b.rollback_tree,
            l,
        ),
        quick_wins: cx.reg(keys::PLAYBOOK_QUICK_WINS, &a.quick_wins, &b.quick_wins, l),
        data_collection: cx.reg(
            keys::PLAYBOOK_DATA_COLLECTION,
            &a.data_collection,
            &b.data_collection,
            l,
        ),
        recovery_monitoring: cx.reg(
            keys::PLAYBOOK_RECOVERY_MONITORING,
            &a.recovery_monitoring,
            &b.recovery_monitoring,
            l,
        ),
        postmortem_due_hours: cx.reg(
            keys::PLAYBOOK_POSTMORTEM_DUE_HOURS,
            &a.postmortem_due_hours,
            &b.postmortem_due_hours,
            l,
        ),
        immediate_actions_hours: cx.reg(
            keys::PLAYBOOK_IMMEDIATE_ACTIONS_HOURS,
            &a.immediate_actions_hours,
            &b.immediate_actions_hours,
            l,
        ),
        drills: cx.reg(keys::PLAYBOOK_DRILLS, &a.drills, &b.drills, l),
    }
}

/// The conflict list of a record without a timeline: the existing ones and the new losses, by
/// id, without those an edit has since covered.
fn settle_conflicts(
    record: &str,
    existing: &[FieldConflict],
    lost: Vec<Lost>,
    stamps: &Stamps,
) -> Vec<FieldConflict> {
    let mut by_id: BTreeMap<String, FieldConflict> = BTreeMap::new();
    let new = lost.into_iter().map(|l| FieldConflict {
        id: conflict_id(record, &l.field, &l.stamp, &l.value),
        field: l.field,
        value: l.value,
        stamp: l.stamp,
    });
    for c in existing.iter().cloned().chain(new) {
        if is_covered(stamps, &c.field, &c.stamp) {
            continue;
        }
        // Same id, same content (unless edited by hand): keep the same one in any order.
        let keep_old = by_id.get(&c.id).is_some_and(|old| pick(old, &c) == old);
        if !keep_old {
            by_id.insert(c.id.clone(), c);
        }
    }
    by_id.into_values().collect()
}

fn merge_tombstones(a: &[Tombstone], b: &[Tombstone]) -> Vec<Tombstone> {
    let mut all: Vec<Tombstone> = a.iter().chain(b).cloned().collect();
    let key = |t: &Tombstone| (t.kind, t.id.clone(), t.deleted_at, t.device.clone());
    all.sort_by_key(key);
    all.dedup();
    all
}

fn deletions(tombstones: &[Tombstone]) -> BTreeMap<(RecordKind, &str), Timestamp> {
    let mut out: BTreeMap<(RecordKind, &str), Timestamp> = BTreeMap::new();
    for t in tombstones {
        let e = out.entry((t.kind, t.id.as_str())).or_insert(t.deleted_at);
        *e = (*e).max(t.deleted_at);
    }
    out
}

fn stamps_last(stamps: &Stamps) -> Option<Timestamp> {
    stamps.values().map(|s| s.at).max()
}

fn incident_last_edit(i: &Incident) -> Timestamp {
    let mut last = unstamped().at;
    last = last.max(stamps_last(&i.stamps).unwrap_or(last));
    last = last.max(i.timeline.iter().map(|e| e.at).max().unwrap_or(last));
    last = last.max(i.updates.iter().map(|u| u.at).max().unwrap_or(last));
    for a in &i.action_items {
        last = last.max(action_item_last_edit(a));
    }
    last
}

fn action_item_last_edit(a: &ActionItem) -> Timestamp {
    stamps_last(&a.stamps)
        .unwrap_or(a.created_at)
        .max(a.created_at)
}

fn maintenance_last_edit(m: &Maintenance) -> Timestamp {
    let mut last = unstamped().at;
    last = last.max(stamps_last(&m.stamps).unwrap_or(last));
    last = last.max(m.updates.iter().map(|u| u.at).max().unwrap_or(last));
    last = last.max(m.conflicts.iter().map(|c| c.stamp.at).max().unwrap_or(last));
    last
}

fn settings_last_edit(s: &Settings, list: &str, id: &str, created: Option<Timestamp>) -> Timestamp {
    let prefix = settings_key(list, id, "");
    let mut last = created.unwrap_or_else(|| unstamped().at);
    for (k, v) in &s.stamps {
        if k.starts_with(&prefix) {
            last = last.max(v.at);
        }
    }
    for c in &s.conflicts {
        if c.field.starts_with(&prefix) {
            last = last.max(c.stamp.at);
        }
    }
    last
}

// ---------------------------------------------------------------------------------------------
// Registers and logs
// ---------------------------------------------------------------------------------------------

/// A value that lost, with the stamp key (or path) of its field.
struct Lost {
    field: String,
    stamp: Stamp,
    value: Value,
}

/// Where a record's stamps are, and the prefixes of its keys.
struct Ctx<'s> {
    sa: &'s Stamps,
    sb: &'s Stamps,
    /// Prefix of stamp keys in `sa`/`sb`.
    key: String,
    /// Prefix of the field path reported in a conflict.
    path: String,
}

impl<'s> Ctx<'s> {
    fn top(sa: &'s Stamps, sb: &'s Stamps) -> Self {
        Ctx {
            sa,
            sb,
            key: String::new(),
            path: String::new(),
        }
    }

    /// The context of a settings record, whose stamps live in the settings' map.
    fn within(&self, list: &str, id: &str) -> Ctx<'s> {
        let prefix = settings_key(list, id, "");
        Ctx {
            sa: self.sa,
            sb: self.sb,
            key: format!("{}{prefix}", self.key),
            path: format!("{}{prefix}", self.path),
        }
    }

    /// A last-writer-wins register: the greater `(stamp, canonical value)` wins; the other
    /// value, unless both value and stamp are the same, is reported as lost.
    fn reg<T: Clone + PartialEq + Serialize>(
        &self,
        name: &str,
        a: &T,
        b: &T,
        lost: &mut Vec<Lost>,
    ) -> T {
        let key: Cow<str> = if self.key.is_empty() {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(format!("{}{name}", self.key))
        };
        let (sa, sb) = (self.sa.get(key.as_ref()), self.sb.get(key.as_ref()));
        if a == b && sa == sb {
            return a.clone();
        }
        let sa = sa.cloned().unwrap_or_else(unstamped);
        let sb = sb.cloned().unwrap_or_else(unstamped);
        let a_wins = match sa.cmp(&sb) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => pick(a, b) == a,
        };
        let (winner, loser, stamp) = if a_wins { (a, b, sb) } else { (b, a, sa) };
        lost.push(Lost {
            field: format!("{}{name}", self.path),
            stamp,
            value: to_json(loser),
        });
        winner.clone()
    }

    /// Immutable entries unioned by id; two versions of one id are compared by their own time,
    /// then by value, and the loser is reported as `name/<id>`.
    fn log<T: Clone + PartialEq + Serialize>(
        &self,
        name: &str,
        a: &[T],
        b: &[T],
        id: impl Fn(&T) -> &String,
        at: impl Fn(&T) -> Timestamp,
        lost: &mut Vec<Lost>,
    ) -> Vec<T> {
        if a == b {
            return a.to_vec();
        }
        let mut by_id: BTreeMap<&str, &T> = BTreeMap::new();
        for x in a.iter().chain(b) {
            let Some(old) = by_id.get(id(x).as_str()).copied() else {
                by_id.insert(id(x), x);
                continue;
            };
            if old == x {
                continue;
            }
            let (so, sx) = (at(old), at(x));
            let old_wins = match so.cmp(&sx) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => pick(old, x) == old,
            };
            let (winner, loser) = if old_wins { (old, x) } else { (x, old) };
            lost.push(Lost {
                field: format!("{}{name}/{}", self.path, id(loser)),
                stamp: Stamp {
                    at: at(loser),
                    device: String::new(),
                },
                value: to_json(loser),
            });
            by_id.insert(id(winner), winner);
        }
        by_id.into_values().cloned().collect()
    }
}

fn to_json<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// Of two values, the one whose canonical JSON text is greater (`a` when equal).
fn pick<'x, T: Serialize>(a: &'x T, b: &'x T) -> &'x T {
    if canonical(&to_json(a)) >= canonical(&to_json(b)) {
        a
    } else {
        b
    }
}

/// The stamps whose keys start with `prefix`, in key order.
fn prefixed<'s>(
    stamps: &'s Stamps,
    prefix: &'s str,
) -> impl Iterator<Item = (&'s String, &'s Stamp)> {
    stamps
        .range::<str, _>((
            std::ops::Bound::Included(prefix),
            std::ops::Bound::Unbounded,
        ))
        .take_while(move |(k, _)| k.starts_with(prefix))
}

/// The key-by-key maximum of two stamp maps.
fn max_stamps(a: &Stamps, b: &Stamps) -> Stamps {
    if a == b {
        return a.clone();
    }
    let mut out = a.clone();
    for (k, v) in b {
        match out.get(k) {
            Some(old) if old >= v => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

fn seen_key(field: &str, device: &str) -> String {
    format!("{field}@{device}")
}

// ---------------------------------------------------------------------------------------------
// Canonical text, ids, descriptions
// ---------------------------------------------------------------------------------------------

/// JSON text with object keys sorted at every level, whatever serde_json's map type is: the
/// tie-break and the conflict ids must not depend on a cargo feature.
fn canonical(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&m[k], out);
                }
                out.push('}');
            }
            Value::Array(xs) => {
                out.push('[');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (std's hasher is not).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for byte in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The id of a conflict: the same loss always gets the same id.
fn conflict_id(record: &str, field: &str, stamp: &Stamp, value: &Value) -> String {
    let at = stamp.at.to_rfc3339();
    let value = canonical(value);
    format!(
        "conflict-{:016x}",
        fnv1a(&[record, field, &at, &stamp.device, &value])
    )
}

fn describe_value(field: &str, value: &Value) -> String {
    let last = field.rsplit(['.', '/']).next().unwrap_or(field);
    match (last, value) {
        (keys::SEVERITY, v) => serde_json::from_value::<Severity>(v.clone())
            .map_or_else(|_| canonical(v), |s| s.label().to_owned()),
        (keys::STATUS, Value::Object(o)) => match o.get("status") {
            Some(s) => match serde_json::from_value::<IncidentStatus>(s.clone()) {
                Ok(s) => s.label().to_owned(),
                Err(_) => describe_plain(s),
            },
            None => canonical(value),
        },
        (keys::COMPONENTS, v @ Value::Array(_)) => {
            match serde_json::from_value::<Vec<AffectedComponent>>(v.clone()) {
                Ok(list) if list.is_empty() => "none".to_owned(),
                Ok(list) => list
                    .iter()
                    .map(|c| format!("{} ({})", c.component, c.impact.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
                Err(_) => canonical(v),
            }
        }
        (_, v) => describe_plain(v),
    }
}

fn describe_plain(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\u{201c}{s}\u{201d}"),
        Value::Null => "nothing".to_owned(),
        other => canonical(other),
    }
}
