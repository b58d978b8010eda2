//! The two merge rules every record is built from: last-writer-wins registers and
//! append-only logs ([`Ctx`]), and the canonical tie-break ([`pick`]).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Stamp, Stamps};
use crate::time::Timestamp;

use super::conflicts::canonical;
use super::stamps::{settings_key, unstamped};

/// A value that lost, with the stamp key (or path) of its field.
pub(super) struct Lost {
    pub(super) field: String,
    pub(super) stamp: Stamp,
    pub(super) value: Value,
}

/// Where a record's stamps are, and the prefixes of its keys.
pub(super) struct Ctx<'s> {
    pub(super) sa: &'s Stamps,
    pub(super) sb: &'s Stamps,
    /// Prefix of stamp keys in `sa`/`sb`.
    pub(super) key: String,
    /// Prefix of the field path reported in a conflict.
    pub(super) path: String,
}

impl<'s> Ctx<'s> {
    pub(super) fn top(sa: &'s Stamps, sb: &'s Stamps) -> Self {
        Ctx {
            sa,
            sb,
            key: String::new(),
            path: String::new(),
        }
    }

    /// The context of a settings record, whose stamps live in the settings' map.
    pub(super) fn within(&self, list: &str, id: &str) -> Ctx<'s> {
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
    pub(super) fn reg<T: Clone + PartialEq + Serialize>(
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
    pub(super) fn log<T: Clone + PartialEq + Serialize>(
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
pub(super) fn pick<'x, T: Serialize>(a: &'x T, b: &'x T) -> &'x T {
    if canonical(&to_json(a)) >= canonical(&to_json(b)) {
        a
    } else {
        b
    }
}
