//! Merging records: lists by id, incidents (with their action items) and maintenances.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{
    ActionItem, ActionStatus, Event, EventKind, Incident, IncidentStatus, Maintenance, Role, Roles,
    Stamp,
};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

use super::conflicts::{conflict_id, settle_conflicts};
use super::registers::{Ctx, Lost};
use super::stamps::{is_covered, max_stamps};

/// Merges two lists of records by id; the result is sorted by id. `both` merges the two versions
/// of a record, `one` normalizes a record found on one side only. (Ids are unique in a valid
/// bundle; duplicates within one list are merged with `both`.)
pub(super) fn merge_by_id<'a, T: Clone>(
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
pub(super) fn merge_lists<T: Clone>(
    a: &[T],
    b: &[T],
    id: impl Fn(&T) -> &String,
    merge_one: impl Fn(&T, &T) -> T,
) -> Vec<T> {
    merge_by_id(a, b, id, |x| merge_one(x, x), &merge_one)
}

/// Two copies of one incident merged by the same rules as [`merge`](super::merge) (what a tab
/// does when another tab saved the same incident since it last read it).
pub fn merge_incident_copies(a: &Incident, b: &Incident) -> Incident {
    merge_incident(a, b)
}

/// Two copies of one maintenance merged by the same rules as [`merge`](super::merge).
pub fn merge_maintenance_copies(a: &Maintenance, b: &Maintenance) -> Maintenance {
    merge_maintenance(a, b)
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

pub(super) fn merge_incident(a: &Incident, b: &Incident) -> Incident {
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
            public_title: cx.reg(keys::PUBLIC_TITLE, &a.public_title, &b.public_title, l),
            workaround: cx.reg(keys::WORKAROUND, &a.workaround, &b.workaround, l),
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
            corrections: cx.log(
                keys::CORRECTIONS,
                &a.corrections,
                &b.corrections,
                |c| &c.id,
                |c| c.at,
                l,
            ),
            links: cx.reg(keys::LINKS, &a.links, &b.links, l),
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
                value: Box::new(l.value),
                stamp: Box::new(l.stamp),
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
    crate::sort::by(&mut timeline, |x, y| {
        x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id))
    });
    out.timeline = timeline;
    crate::sort::by(&mut out.updates, |x, y| {
        x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id))
    });
    crate::sort::by(&mut out.corrections, |x, y| {
        x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id))
    });
    crate::sort::by(&mut out.action_items, |x, y| x.id.cmp(&y.id));
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
        public: cx.reg(keys::PUBLIC, &a.public, &b.public, lost),
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

pub(super) fn merge_maintenance(a: &Maintenance, b: &Maintenance) -> Maintenance {
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
    crate::sort::by(&mut out.updates, |x, y| {
        x.at.cmp(&y.at).then_with(|| x.id.cmp(&y.id))
    });
    out
}
