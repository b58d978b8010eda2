//! Conflicts: their ids (from canonical JSON text) and the lists kept on records without a
//! timeline ([`crate::describe::conflict`] says them in words).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{FieldConflict, Stamp, Stamps};

use super::registers::{pick, Lost};
use super::stamps::is_covered;

/// The conflict list of a record without a timeline: the existing ones and the new losses, by
/// id, without those an edit has since covered.
pub(super) fn settle_conflicts(
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

/// The id of a conflict: the same loss always gets the same id.
pub(super) fn conflict_id(record: &str, field: &str, stamp: &Stamp, value: &Value) -> String {
    let at = stamp.at.to_rfc3339();
    let value = canonical(value);
    format!(
        "conflict-{:016x}",
        fnv1a(&[record, field, &at, &stamp.device, &value])
    )
}

/// JSON text with object keys sorted at every level, whatever serde_json's map type is: the
/// tie-break and the conflict ids must not depend on a cargo feature.
pub(super) fn canonical(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                crate::sort::ascending(&mut keys);
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
