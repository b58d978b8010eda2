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
//!   stamp. The merged `stamps` map is the key-by-key maximum of both. One exception: a
//!   component's `created_at` is the earlier of the two (two people who set up the same
//!   component made it once, at the first), never a conflict.
//! - **Envelope**: `exported_at` is the later one, `device_id` the lexicographically smaller one
//!   (any symmetric rule would do; the app writes its own id when it stores the result),
//!   `sample` if either is (made-up data stays marked), `format` and `schema_version` are this
//!   build's.
//!
//! # Stamp keys
//!
//! Incident: `title`, `severity`, `status` (status and `resolved_at` together: one cannot change
//! without the other), `drill`, `components`, `detection`, `started_at`, `detected_at`,
//! `declared_at`, `acknowledged_at`, `postmortem`, `public_title`, `workaround`, `links`, and
//! `roles.<role>` for each role (for example `roles.incident_commander`); a public part also keeps
//! `restored` (when a deleted incident or maintenance window was brought back), which no field
//! reads but which counts as an edit against a deletion. Action item (its own `stamps`): `action`, `owner`, `due`,
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
//!   losing stamp's time, `by: None`), shown by [`crate::describe::conflict`] as "Maya Chen
//!   also set the severity to SEV2 at 2026-03-05 14:07 UTC; it is SEV1 now"; conflicts of action items are on their
//!   incident, with the field `action_items/<id>.<field>`;
//! - on a maintenance or the settings (no timeline), in their `conflicts` list
//!   ([`FieldConflict`](crate::model::FieldConflict)).
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

mod conflicts;
mod deletions;
mod paths;
mod preview;
mod records;
mod registers;
mod settings;
mod stamps;

pub(crate) use deletions::{action_item_last_edit, incident_last_edit, maintenance_last_edit};
pub use deletions::{
    delete_incident, delete_maintenance, delete_settings_record, deleted_at, edit_after_deletion,
    hidden, hidden_incidents, hidden_settings, live, live_settings, merge_tombstone_lists,
    restore_at, settings_list, Hidden,
};
pub use paths::{field_value, parse_key, with_field_value, Field};
pub use preview::{preview, MergePreview, PreviewConflict, PreviewJob};
pub use records::{merge_incident_copies, merge_maintenance_copies};
pub use settings::merge_settings_copies;
pub use stamps::{cover, is_covered, settings_key, touch, unstamped};

use crate::bundle::{Bundle, FORMAT, SCHEMA_VERSION};
use deletions::merge_tombstones;
use records::{merge_incident, merge_lists, merge_maintenance};
use settings::merge_settings;

/// Merges two bundles. Commutative, associative, idempotent up to [`normalize`]; see the module
/// documentation for the rules.
pub fn merge(a: &Bundle, b: &Bundle) -> Bundle {
    Bundle {
        format: FORMAT.to_owned(),
        schema_version: SCHEMA_VERSION,
        exported_at: a.exported_at.max(b.exported_at),
        device_id: a.device_id.as_str().min(b.device_id.as_str()).to_owned(),
        // Made-up data stays marked whatever it is merged with (the app never merges the two).
        sample: a.sample || b.sample,
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

/// Why `incoming` may not be merged into `local`, if it may not: made-up data (a sample, the
/// demo) and a real workspace never mix, either way round. Anything else may be merged.
pub fn refuse_mix(local: &Bundle, incoming: &Bundle) -> Option<String> {
    match (local.sample, incoming.sample) {
        (false, true) => Some(
            "this file is sample data (Cygni's demo, made up), and this is a real workspace: \
             importing it would mix invented incidents into yours, and onto your status page. \
             Open the demo to explore it."
                .to_owned(),
        ),
        (true, false) => Some(
            "this file is a real workspace, and this is the demo (made-up data): the two are \
             kept apart. Leave the demo and import it into your own workspace."
                .to_owned(),
        ),
        _ => None,
    }
}

/// The canonical form of a bundle: what `merge(b, b)` gives. Records sorted by id, events and
/// updates by `(at, id)`, duplicate ids merged, conflicts that an edit has since covered dropped.
pub fn normalize(b: &Bundle) -> Bundle {
    Bundle {
        format: FORMAT.to_owned(),
        schema_version: SCHEMA_VERSION,
        exported_at: b.exported_at,
        device_id: b.device_id.clone(),
        sample: b.sample,
        // Merging a record with itself is its normalization: no value can lose.
        settings: merge_settings(&b.settings, &b.settings),
        incidents: merge_lists(&b.incidents, &[], |i| &i.id, merge_incident),
        maintenances: merge_lists(&b.maintenances, &[], |m| &m.id, merge_maintenance),
        tombstones: merge_tombstones(&b.tombstones, &[]),
    }
}
