//! What is stored and how: the stores and keys, records as JSON text, the order the screens
//! show, and the list of the first screen's incidents (`first.rs` opens with it).

use std::fmt;

use incident_core::{Bundle, Incident, SCHEMA_VERSION};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The browser database of the demo. It keeps the name every workspace had before the demo was
/// kept apart: each of those began as the first-run sample, so what a browser holds under it is
/// the demo (marked so when it opens, `Storage::migrate`).
pub const DEMO_DB: &str = "cygni-workspace";
/// The browser database of the team's real workspace.
pub const TEAM_DB: &str = "cygni-team";
pub(super) const DB_VERSION: u32 = 1;
pub(super) const META: &str = "meta";
pub(super) const INCIDENTS: &str = "incidents";
pub(super) const MAINTENANCES: &str = "maintenances";
pub(super) const TOMBSTONES: &str = "tombstones";
pub(super) const ALL_STORES: [&str; 4] = [META, INCIDENTS, MAINTENANCES, TOMBSTONES];
// The keys of the `meta` store.
pub(super) const SETTINGS: &str = "settings";
pub(super) const DEVICE_ID: &str = "device_id";
pub(super) const SCHEMA: &str = "schema_version";
/// Whether the workspace is made-up data (the demo); absent before schema 2.
pub(super) const SAMPLE: &str = "sample";
/// The ids of the incidents the first screen shows (`first::first_screen`); a cache, not data.
pub(super) const FIRST_SCREEN: &str = "first_screen";

/// A storage failure, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<idb::Error> for StorageError {
    fn from(e: idb::Error) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") {
            StorageError(
                "The browser refused to store more data (storage quota exceeded). Nothing already stored was changed; free some space or export your workspace."
                    .to_owned(),
            )
        } else {
            StorageError(format!(
                "Browser storage failed: {text}. Nothing already stored was changed."
            ))
        }
    }
}

/// Below this many stored incidents a workspace is read whole when it opens (in about a tenth of
/// a second); from this many on, the first screen's incidents are read first.
pub const READ_WHOLE_BELOW: u32 = 1000;
/// How many of the latest past incidents the first screen's list keeps (the list shows 50).
pub(super) const FIRST_PAST: usize = 60;

/// Whether the stored workspace is made-up data: the `sample` key from schema 2 on; before, a
/// workspace of a sample's device (`incident_core::validate::is_v1_sample_device`).
pub(super) async fn stored_sample(
    meta: &idb::ObjectStore,
    device_id: &str,
) -> Result<bool, StorageError> {
    Ok(match get_json::<bool>(meta, SAMPLE).await? {
        Some(sample) => sample,
        None => incident_core::validate::is_v1_sample_device(device_id),
    })
}

/// Refuses a workspace stored by a newer version: a page left open from before an update must
/// not read (and later write back) records of a newer format as if they were its own.
pub(super) async fn check_version(meta: &idb::ObjectStore) -> Result<(), StorageError> {
    match get_json::<u32>(meta, SCHEMA).await? {
        Some(version) if version > SCHEMA_VERSION => Err(StorageError(format!(
            "This workspace was stored by a newer version of Cygni (data format {version}; this page reads format {SCHEMA_VERSION}). Reload the page to get the newer version. Nothing was changed."
        ))),
        _ => Ok(()),
    }
}

/// The order the screens show: newest incident and maintenance first.
pub fn sort_for_screen(bundle: &mut Bundle) {
    incident_core::sort::by(&mut bundle.incidents, |a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    incident_core::sort::by(&mut bundle.maintenances, |a, b| {
        b.scheduled_start
            .cmp(&a.scheduled_start)
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Records read or written per request while merging: between two requests the page answers
/// (each request completes in its own task), so a large import never freezes it for long.
pub(super) const BATCH: usize = 400;

/// Every record of `store` with its key, read [`BATCH`] at a time: the page answers between
/// batches, and the transaction stays open because each batch is asked for as the previous one
/// arrives.
pub(super) async fn read_batches(
    store: &idb::ObjectStore,
    mut each: impl FnMut(&str, JsValue) -> Result<(), StorageError>,
) -> Result<(), StorageError> {
    let keys: Vec<String> = store
        .get_all_keys(None, None)?
        .await?
        .into_iter()
        .filter_map(|k| k.as_string())
        .collect();
    for batch in keys.chunks(BATCH) {
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
            continue;
        };
        let range = idb::KeyRange::bound(
            &JsValue::from_str(first),
            &JsValue::from_str(last),
            Some(false),
            Some(false),
        )?;
        let values = store
            .get_all(Some(idb::Query::KeyRange(range)), None)?
            .await?;
        for (key, value) in batch.iter().zip(values) {
            each(key, value)?;
        }
    }
    Ok(())
}

/// Puts a record as JSON text. The request completes with the transaction, whose commit the
/// caller awaits; it is returned for a caller that waits for this write on its own.
pub(super) fn put_json<T: serde::Serialize>(
    store: &idb::ObjectStore,
    key: &str,
    value: &T,
) -> Result<idb::request::PutStoreRequest, StorageError> {
    put_text(store, key, &encode(key, value)?)
}

/// A record as the JSON text storage keeps.
pub(super) fn encode<T: serde::Serialize>(key: &str, value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|e| StorageError(format!("could not encode {key}: {e}")))
}

/// Puts JSON text under `key`.
pub(super) fn put_text(
    store: &idb::ObjectStore,
    key: &str,
    text: &str,
) -> Result<idb::request::PutStoreRequest, StorageError> {
    put_value(store, key, &JsValue::from_str(text))
}

/// Puts `value` under `key`: a record's text, or a bucket of incidents (`buckets.rs`).
pub(super) fn put_value(
    store: &idb::ObjectStore,
    key: &str,
    value: &JsValue,
) -> Result<idb::request::PutStoreRequest, StorageError> {
    Ok(store.put(value, Some(&JsValue::from_str(key)))?)
}

pub(super) async fn get_json<T: DeserializeOwned>(
    store: &idb::ObjectStore,
    key: &str,
) -> Result<Option<T>, StorageError> {
    let Some(value) = store.get(JsValue::from_str(key))?.await? else {
        return Ok(None);
    };
    decode(&value, key).map(Some)
}

pub(super) async fn all_json<T: DeserializeOwned>(
    store: &idb::ObjectStore,
) -> Result<Vec<T>, StorageError> {
    let values = store.get_all(None, None)?.await?;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| decode(v, &format!("{}[{i}]", store.name())))
        .collect()
}

pub(super) fn decode<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, StorageError> {
    let text = value
        .as_string()
        .ok_or_else(|| StorageError(format!("stored {what} is not text")))?;
    decode_text(&text, what)
}

/// A record from the JSON text storage keeps; `what` names it in the error.
pub(super) fn decode_text<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, StorageError> {
    serde_json::from_str(text)
        .map_err(|e| StorageError(format!("stored {what} could not be read: {e}")))
}

/// The ids of the incidents the first screen of `bundle` (a whole workspace) shows: every open
/// one and the [`FIRST_PAST`] latest past ones (newest first); `None` for a workspace read
/// whole when it opens (fewer than [`READ_WHOLE_BELOW`] incidents).
pub fn first_screen(bundle: &Bundle) -> Option<Vec<String>> {
    if bundle.incidents.len() < READ_WHOLE_BELOW as usize {
        return None;
    }
    // Deleted incidents are not listed: they would take the places of listed ones.
    let hidden = incident_core::merge::hidden_incidents(bundle);
    let mut past: Vec<&Incident> = bundle
        .incidents
        .iter()
        .filter(|i| !i.is_open() && !hidden.contains(i.id.as_str()))
        .collect();
    incident_core::sort::by(&mut past, |a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    bundle
        .incidents
        .iter()
        .filter(|i| i.is_open())
        .chain(past.into_iter().take(FIRST_PAST))
        .map(|i| i.id.clone())
        .collect::<Vec<_>>()
        .into()
}

/// Adds `id` to the stored list of the first screen's incidents (when there is one).
pub(super) async fn add_to_first_screen(
    meta: &idb::ObjectStore,
    id: &str,
) -> Result<(), StorageError> {
    if let Some(mut ids) = get_json::<Vec<String>>(meta, FIRST_SCREEN).await? {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
            put_json(meta, FIRST_SCREEN, &ids)?;
        }
    }
    Ok(())
}

/// `shown`'s incidents made whole with `all` (every stored incident, read after them). An
/// incident in both is the shown copy when the two are equal or the stored one is covered by it
/// (an edit made while the rest was read); when each has something the other lacks (another
/// tab's edit whose announcement came before this tab listened), the two merged (the core
/// merge). The others are added.
pub fn complete(shown: &mut Bundle, all: Vec<Incident>) {
    let mut kept: std::collections::HashMap<String, Incident> =
        std::mem::take(&mut shown.incidents)
            .into_iter()
            .map(|i| (i.id.clone(), i))
            .collect();
    let mut out = Vec::with_capacity(all.len() + kept.len());
    for stored in all {
        out.push(match kept.remove(&stored.id) {
            Some(on_screen) if on_screen == stored => on_screen,
            Some(on_screen) => incident_core::merge::merge_incident_copies(&stored, &on_screen),
            None => stored,
        });
    }
    out.extend(kept.into_values());
    shown.incidents = out;
    sort_for_screen(shown);
}
