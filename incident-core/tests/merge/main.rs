//! The merge laws, by property tests over divergent copies of a realistic base, and the rules by
//! example: a severity conflict, a stale copy, a tombstone against an edit.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use incident_core::merge::{self, live, merge, merge_all, normalize, preview, touch, PreviewJob};
use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::validate::check;
use incident_core::*;
use proptest::prelude::*;
use serde_json::{json, Value};

pub(crate) fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

pub(crate) fn at(minutes: i64) -> Timestamp {
    now().plus_minutes(minutes)
}

pub(crate) fn stamp(minutes: i64, device: &str) -> Stamp {
    Stamp {
        at: at(minutes),
        device: device.to_owned(),
    }
}

/// Small realistic workspaces: the sample's three open incidents and one resolved one, and its
/// four latest maintenances.
pub(crate) fn bases() -> &'static [Bundle] {
    static BASES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BASES.get_or_init(|| {
        (1..=3)
            .map(|seed| {
                let mut b = generate(&SampleOptions {
                    incidents: 4,
                    seed,
                    now: now(),
                });
                b.maintenances.truncate(4);
                normalize(&b)
            })
            .collect()
    })
}

mod edits;
mod examples;
mod in_words;
mod laws;

use edits::*;
