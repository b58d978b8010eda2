//! Stamps: recording an edit ([`touch`]), the keys a record's `stamps` map uses, and
//! whether an edit covers a value.

use chrono::{DateTime, Duration, Utc};

use crate::model::{Stamp, Stamps};
use crate::time::Timestamp;

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

/// Records that the value of `field` written at `stamp` was seen and replaced (or kept as the
/// same), so that a merge no longer reports it as a conflict: what settling a conflict writes.
pub fn cover(stamps: &mut Stamps, field: &str, stamp: &Stamp) {
    let seen = seen_key(field, &stamp.device);
    if stamps.get(&seen).is_none_or(|s| s.at < stamp.at) {
        stamps.insert(seen, stamp.clone());
    }
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

fn seen_key(field: &str, device: &str) -> String {
    format!("{field}@{device}")
}

/// The key-by-key maximum of two stamp maps.
pub(super) fn max_stamps(a: &Stamps, b: &Stamps) -> Stamps {
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

/// The stamps whose keys start with `prefix`, in key order.
pub(super) fn prefixed<'s>(
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

pub(super) fn stamps_last(stamps: &Stamps) -> Option<Timestamp> {
    stamps.values().map(|s| s.at).max()
}
