//! What an import would change, before it is applied ([`preview`], [`PreviewJob`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::bundle::Bundle;
use crate::model::{EventKind, Incident, Maintenance, Settings, Stamp};

use super::deletions::live;
use super::{merge, normalize};

/// One value that an import would keep as a conflict ([`crate::describe::conflict::of_preview`]
/// says it in words).
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
/// The job owns the incoming bundle, its incidents already dealt into their batches, so a batch
/// is previewed without copying them (copies and their freeing were most of a preview's time).
/// Each [`step`](PreviewJob::step) is given the local bundle again (so nothing is borrowed
/// between steps); it must be the one given to [`new`](PreviewJob::new).
#[derive(Debug)]
pub struct PreviewJob {
    /// The first incident id of each batch, in order.
    starts: Vec<String>,
    next: usize,
    /// The incoming incidents of each batch (taken as the batch is previewed).
    parts: Vec<Vec<Incident>>,
    /// The incoming bundle without its incidents and maintenances.
    incoming: Bundle,
    /// The settings both sides of a batch carry (the same, so a batch reports nothing of them).
    settings: Settings,
    acc: MergePreview,
    /// Conflicts of the settings and maintenances: reported after the incidents', as [`preview`] does.
    rest_conflicts: Vec<PreviewConflict>,
}

impl PreviewJob {
    /// Previews the settings, maintenances and tombstones, and plans batches of `batch`
    /// incident ids (at least one).
    pub fn new(local: &Bundle, mut incoming: Bundle, batch: usize) -> PreviewJob {
        let incidents = std::mem::take(&mut incoming.incidents);
        let ids: BTreeSet<&str> = local
            .incidents
            .iter()
            .chain(&incidents)
            .map(|i| i.id.as_str())
            .collect();
        let starts: Vec<String> = ids
            .into_iter()
            .step_by(batch.max(1))
            .map(str::to_owned)
            .collect();
        let mut parts: Vec<Vec<Incident>> = starts.iter().map(|_| Vec::new()).collect();
        for incident in incidents {
            // The last batch starting at or before the id (the first start is the least id).
            let k = starts.partition_point(|s| s.as_str() <= incident.id.as_str());
            parts[k.saturating_sub(1)].push(incident);
        }
        let mut acc = preview(&local.without_incidents(), &incoming);
        let rest_conflicts = std::mem::take(&mut acc.conflicts);
        incoming.maintenances = Vec::new();
        PreviewJob {
            starts,
            next: 0,
            parts,
            incoming,
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
    pub fn step(&mut self, local: &Bundle) -> bool {
        let Some(lo) = self.starts.get(self.next) else {
            return false;
        };
        let hi = self.starts.get(self.next + 1);
        let in_batch = |id: &str| id >= lo.as_str() && hi.is_none_or(|hi| id < hi.as_str());
        let envelope = |b: &Bundle, incidents: Vec<Incident>| Bundle {
            format: b.format.clone(),
            schema_version: b.schema_version,
            exported_at: b.exported_at,
            device_id: b.device_id.clone(),
            sample: b.sample,
            settings: self.settings.clone(),
            incidents,
            maintenances: Vec::new(),
            tombstones: b.tombstones.clone(),
        };
        let mine = local
            .incidents
            .iter()
            .filter(|i| in_batch(&i.id))
            .cloned()
            .collect();
        let theirs = std::mem::take(&mut self.parts[self.next]);
        let part = preview(&envelope(local, mine), &envelope(&self.incoming, theirs));
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
    pub fn finish(mut self, local: &Bundle) -> MergePreview {
        while self.step(local) {}
        self.acc.conflicts.append(&mut self.rest_conflicts);
        self.acc
    }
}
