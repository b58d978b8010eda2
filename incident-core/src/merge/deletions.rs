//! Deletions: tombstones, what they hide ([`live`]), and when a record was last edited.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::bundle::Bundle;
use crate::model::{ActionItem, Incident, Maintenance, RecordKind, Settings, Tombstone};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

use super::stamps::{settings_key, stamps_last, unstamped};

/// The incidents, maintenance windows and action items a bundle's tombstones hide, by id: what
/// [`live`] leaves out, found without copying anything.
#[derive(Debug, Default)]
pub struct Hidden<'a> {
    pub incidents: BTreeSet<&'a str>,
    pub maintenances: BTreeSet<&'a str>,
    pub action_items: BTreeSet<&'a str>,
}

/// What `bundle`'s tombstones hide (each record deleted at or after its last edit).
pub fn hidden(bundle: &Bundle) -> Hidden<'_> {
    let deleted = deletions(&bundle.tombstones);
    let mut out = Hidden::default();
    if deleted.is_empty() {
        return out;
    }
    let gone = |kind: RecordKind, id: &str, last: Timestamp| {
        deleted.get(&(kind, id)).is_some_and(|at| *at >= last)
    };
    for i in &bundle.incidents {
        if gone(RecordKind::Incident, &i.id, incident_last_edit(i)) {
            out.incidents.insert(&i.id);
        }
        for a in &i.action_items {
            if gone(RecordKind::ActionItem, &a.id, action_item_last_edit(a)) {
                out.action_items.insert(&a.id);
            }
        }
    }
    for m in &bundle.maintenances {
        if gone(RecordKind::Maintenance, &m.id, maintenance_last_edit(m)) {
            out.maintenances.insert(&m.id);
        }
    }
    out
}

/// The bundle without the records its tombstones hide (borrowed when nothing is hidden).
pub fn live(bundle: &Bundle) -> Cow<'_, Bundle> {
    if bundle.tombstones.is_empty() {
        return Cow::Borrowed(bundle);
    }
    let h = hidden(bundle);
    let hidden_settings = hidden_settings(&bundle.settings, &bundle.tombstones);
    if h.incidents.is_empty()
        && h.maintenances.is_empty()
        && h.action_items.is_empty()
        && hidden_settings.is_empty()
    {
        return Cow::Borrowed(bundle);
    }
    let mut out = bundle.clone();
    out.incidents
        .retain(|i| !h.incidents.contains(i.id.as_str()));
    for i in &mut out.incidents {
        i.action_items
            .retain(|a| !h.action_items.contains(a.id.as_str()));
    }
    out.maintenances
        .retain(|m| !h.maintenances.contains(m.id.as_str()));
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

/// The deletion of a maintenance window, dated at or after its last edit (so a clock that runs
/// behind still deletes everything seen), by the same measure that decides what it hides.
pub fn delete_maintenance(m: &Maintenance, device: &str, now: Timestamp) -> Tombstone {
    Tombstone {
        kind: RecordKind::Maintenance,
        id: m.id.clone(),
        deleted_at: now.max(maintenance_last_edit(m)),
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

/// Two lists of tombstones unioned as [`merge`](super::merge) does (sorted, each deletion
/// once).
pub fn merge_tombstone_lists(a: &[Tombstone], b: &[Tombstone]) -> Vec<Tombstone> {
    merge_tombstones(a, b)
}

pub(super) fn merge_tombstones(a: &[Tombstone], b: &[Tombstone]) -> Vec<Tombstone> {
    let mut all: Vec<Tombstone> = a.iter().chain(b).cloned().collect();
    let key = |t: &Tombstone| (t.kind, t.id.clone(), t.deleted_at, t.device.clone());
    crate::sort::by_key(&mut all, key);
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

/// When `i` was last edited: its latest stamp, event, update or action item.
pub(crate) fn incident_last_edit(i: &Incident) -> Timestamp {
    let mut last = unstamped().at;
    last = last.max(stamps_last(&i.stamps).unwrap_or(last));
    last = last.max(i.timeline.iter().map(|e| e.at).max().unwrap_or(last));
    last = last.max(i.updates.iter().map(|u| u.at).max().unwrap_or(last));
    for a in &i.action_items {
        last = last.max(action_item_last_edit(a));
    }
    last
}

/// When `a` was last edited: its latest stamp or its creation.
pub(crate) fn action_item_last_edit(a: &ActionItem) -> Timestamp {
    stamps_last(&a.stamps)
        .unwrap_or(a.created_at)
        .max(a.created_at)
}

/// When `m` was last edited: its latest stamp, update or kept conflict.
pub(crate) fn maintenance_last_edit(m: &Maintenance) -> Timestamp {
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
