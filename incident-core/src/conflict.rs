//! Settling a conflict: a person reads it in words ([`crate::describe::conflict`]) and keeps the
//! current value or takes the one that lost. Either way the edit records that the losing value
//! was seen ([`crate::merge::cover`]), so every copy that merges this one drops the conflict too;
//! taking the other value also stamps the field as an edit of its own, so it wins from now on.
//! On an incident, the timeline says what was decided (a note), since the conflict's event goes.

use serde_json::Value;

use crate::bundle::Bundle;
use crate::describe::conflict::{incident_view, Authors};
use crate::merge::{cover, field_value, parse_key, touch, with_field_value, Field};
use crate::model::{FieldConflict, Incident, Maintenance, Settings, Stamp};
use crate::ops::{add_note, Actor, Refused};

/// What a person decided about a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Keep the current value; the other is dismissed.
    Keep,
    /// Take the value that lost, in place of the current one.
    Take,
}

fn settled_already() -> Refused {
    Refused(
        "That conflict is settled already (someone else settled it, or it was merged away)."
            .to_owned(),
    )
}

/// Settles the conflict event `id` of `inc`: the event goes, the decision is noted in the
/// timeline. Refused (and `inc` unchanged) if there is no such conflict or its value cannot be
/// taken (a log entry, a record gone).
pub fn settle_incident(
    inc: &mut Incident,
    id: &str,
    choice: Choice,
    settings: &Settings,
    actor: &Actor,
) -> Result<(), Refused> {
    let (field, value, stamp) = inc
        .conflicts()
        .find(|c| c.0 == id)
        .map(|(_, f, v, s)| (f.to_owned(), v.clone(), s.clone()))
        .ok_or_else(settled_already)?;
    let view = incident_view(
        id,
        &field,
        &value,
        &stamp,
        inc,
        settings,
        &Authors::default(),
    );
    let mut out = match choice {
        Choice::Keep => inc.clone(),
        Choice::Take => with_field_value(inc, &field, &value).map_err(Refused)?,
    };
    match parse_key(&field) {
        Field::ActionItem { id: item, field: f } => {
            let a = out
                .action_items
                .iter_mut()
                .find(|a| a.id == item)
                .ok_or_else(settled_already)?;
            if choice == Choice::Take {
                touch(&mut a.stamps, f, actor.stamp());
            }
            cover(&mut a.stamps, f, &stamp);
        }
        _ => {
            if choice == Choice::Take {
                touch(&mut out.stamps, &field, actor.stamp());
            }
            cover(&mut out.stamps, &field, &stamp);
        }
    }
    out.timeline.retain(|e| e.id != id);
    let note = match choice {
        Choice::Keep => format!(
            "Conflict settled: kept {} as {} ({} had set {}).",
            view.what, view.current, view.who, view.theirs
        ),
        Choice::Take => format!(
            "Conflict settled: {} set to {}, as {} had set it (it was {}).",
            view.what, view.theirs, view.who, view.current
        ),
    };
    add_note(&mut out, &note, actor)?;
    *inc = out;
    Ok(())
}

/// Settles the conflict `id` of a maintenance window.
pub fn settle_maintenance(
    m: &mut Maintenance,
    id: &str,
    choice: Choice,
    actor: &Actor,
) -> Result<(), Refused> {
    let c = find(&m.conflicts, id)?;
    let mut out = match choice {
        Choice::Keep => m.clone(),
        Choice::Take => with_field_value(m, &c.field, &c.value).map_err(Refused)?,
    };
    settle_field(&mut out.stamps, &c, choice, actor);
    out.conflicts.retain(|x| x.id != id);
    *m = out;
    Ok(())
}

/// The settings with the conflict `id` settled; refused if the value taken breaks a rule of
/// the settings (the same rules as Settings' Save).
pub fn settle_settings(
    s: &Settings,
    id: &str,
    choice: Choice,
    actor: &Actor,
) -> Result<Settings, Refused> {
    let c = find(&s.conflicts, id)?;
    let mut out = match choice {
        Choice::Keep => s.clone(),
        Choice::Take => {
            let taken = with_field_value(s, &c.field, &c.value).map_err(Refused)?;
            crate::settings_edit::check(&taken)?;
            taken
        }
    };
    settle_field(&mut out.stamps, &c, choice, actor);
    out.conflicts.retain(|x| x.id != id);
    Ok(out)
}

fn find(conflicts: &[FieldConflict], id: &str) -> Result<FieldConflict, Refused> {
    conflicts
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(settled_already)
}

fn settle_field(
    stamps: &mut crate::model::Stamps,
    c: &FieldConflict,
    choice: Choice,
    actor: &Actor,
) {
    if choice == Choice::Take {
        touch(stamps, &c.field, actor.stamp());
    }
    cover(stamps, &c.field, &c.stamp);
}

/// Drops, from every record of `b`, the conflicts whose two sides wrote the same value (two
/// people who set up the same component name, say): nothing was lost, so there is nothing to
/// decide. Each is covered like a settled one, so every copy that merges `b` drops it too.
/// Returns how many were dropped.
pub fn settle_agreements(b: &mut Bundle) -> usize {
    let mut n = 0;
    let agreed =
        |record: &Value, c: (&str, &Value)| field_value(record, c.0).is_some_and(|v| &v == c.1);
    if !b.settings.conflicts.is_empty() {
        let record = serde_json::to_value(&b.settings).unwrap_or(Value::Null);
        let s = &mut b.settings;
        n += drop_agreed(&mut s.conflicts, &mut s.stamps, |c| {
            agreed(&record, (&c.field, &c.value))
        });
    }
    for m in &mut b.maintenances {
        if m.conflicts.is_empty() {
            continue;
        }
        let record = serde_json::to_value(&*m).unwrap_or(Value::Null);
        n += drop_agreed(&mut m.conflicts, &mut m.stamps, |c| {
            agreed(&record, (&c.field, &c.value))
        });
    }
    for inc in &mut b.incidents {
        let same: Vec<(String, String, Stamp)> = inc
            .conflicts()
            .filter(|(_, field, value, _)| field_value(&*inc, field).as_ref() == Some(*value))
            .map(|(id, field, _, stamp)| (id.to_owned(), field.to_owned(), stamp.clone()))
            .collect();
        for (id, field, stamp) in same {
            match parse_key(&field) {
                Field::ActionItem { id: item, field: f } => {
                    if let Some(a) = inc.action_items.iter_mut().find(|a| a.id == item) {
                        cover(&mut a.stamps, f, &stamp);
                    }
                }
                _ => cover(&mut inc.stamps, &field, &stamp),
            }
            inc.timeline.retain(|e| e.id != id);
            n += 1;
        }
    }
    n
}

fn drop_agreed(
    conflicts: &mut Vec<FieldConflict>,
    stamps: &mut crate::model::Stamps,
    same: impl Fn(&FieldConflict) -> bool,
) -> usize {
    let before = conflicts.len();
    conflicts.retain(|c| {
        if same(c) {
            cover(stamps, &c.field, &c.stamp);
            false
        } else {
            true
        }
    });
    before - conflicts.len()
}
