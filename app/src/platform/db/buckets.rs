//! How the `incidents` store keeps incidents from schema 6 on: in at most 256 buckets, each a
//! plain object from incident id to that incident's JSON text, stored under the key `#00` to
//! `#ff`. The bucket of an incident is chosen by its id alone (FNV-1a, 32 bits, of the id's
//! UTF-8 bytes, modulo 256), so it never changes; `#` is not in an id's alphabet, so a bucket's
//! key is never an id (schema 5 and earlier kept one record per id).
//!
//! An id may be a name a plain object inherits (`toString`, `constructor`, `__proto__`: ids are
//! letters, digits, `-` and `_`), so a bucket is only ever asked for its own properties, and
//! `__proto__` is defined, not assigned (assigning it would set the object's prototype).
//!
//! Why: the browser stores and reads a few hundred values of some hundred kB much faster than
//! ten thousand of some kB. In Chromium, 10,000 incidents of 8 kB: stored in 0.2 s instead of
//! 0.8, read back in 0.1 s instead of 0.55. An edit still writes one bucket (at 10,000
//! incidents about 40 of them, 250 kB), never the workspace, and each incident's text is kept
//! as it is, so a record is compared, read or replaced without touching its neighbours.

use incident_core::Incident;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::records::{decode_text, encode, read_batches, StorageError, BATCH};

/// How many buckets there are at most.
pub(super) const BUCKETS: u32 = 256;

/// The bucket `id` is kept in (0 to 255).
pub(super) fn bucket_of(id: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % BUCKETS
}

/// The key bucket `n` is stored under.
pub(super) fn bucket_key(n: u32) -> String {
    format!("#{n:02x}")
}

/// The key of the bucket `id` is kept in.
pub(super) fn key_of(id: &str) -> String {
    bucket_key(bucket_of(id))
}

/// A stored value as a bucket; `what` names it in the error.
pub(super) fn as_bucket(value: JsValue, what: &str) -> Result<Object, StorageError> {
    if value.is_object() && !Array::is_array(&value) {
        Ok(value.unchecked_into())
    } else {
        Err(StorageError(format!(
            "stored incidents {what} could not be read: not a bucket of incidents"
        )))
    }
}

/// The bucket stored under `key`, or a new empty one.
pub(super) async fn get(store: &idb::ObjectStore, key: &str) -> Result<Object, StorageError> {
    match store.get(JsValue::from_str(key))?.await? {
        Some(value) => as_bucket(value, key),
        None => Ok(Object::new()),
    }
}

/// The JSON text of incident `id` in `bucket`, if it holds it.
pub(super) fn text(bucket: &Object, id: &str) -> Result<Option<String>, StorageError> {
    let key = JsValue::from_str(id);
    if !Object::has_own(bucket, &key) {
        return Ok(None);
    }
    let value = Reflect::get(bucket, &key).map_err(|_| unreadable(id))?;
    value.as_string().map(Some).ok_or_else(|| unreadable(id))
}

fn unreadable(id: &str) -> StorageError {
    StorageError(format!("stored incident {id} is not text"))
}

/// Whether `bucket` holds incident `id`.
pub(super) fn holds(bucket: &Object, id: &str) -> bool {
    Object::has_own(bucket, &JsValue::from_str(id))
}

/// Keeps `text` as incident `id`'s in `bucket` (in memory: [`put`] stores the bucket).
pub(super) fn set(bucket: &Object, id: &str, text: &str) -> Result<(), StorageError> {
    let failed = || StorageError(format!("could not keep incident {id}"));
    let (key, value) = (JsValue::from_str(id), JsValue::from_str(text));
    if id == "__proto__" {
        // The one name a plain object inherits as an accessor: defined as an own property.
        let descriptor = Object::new();
        for (field, v) in [
            ("value", value),
            ("writable", JsValue::TRUE),
            ("enumerable", JsValue::TRUE),
            ("configurable", JsValue::TRUE),
        ] {
            Reflect::set(&descriptor, &JsValue::from_str(field), &v).map_err(|_| failed())?;
        }
        Object::define_property(bucket, &key, &descriptor);
        return Ok(());
    }
    Reflect::set(bucket, &key, &value)
        .map(|_| ())
        .map_err(|_| failed())
}

/// Stores `bucket` under `key`.
pub(super) fn put(
    store: &idb::ObjectStore,
    key: &str,
    bucket: &Object,
) -> Result<idb::request::PutStoreRequest, StorageError> {
    super::records::put_value(store, key, bucket)
}

/// The ids a bucket holds.
pub(super) fn ids(bucket: &Object) -> Vec<String> {
    Object::keys(bucket)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// Every (id, JSON text) a bucket holds.
pub(super) fn entries(bucket: &Object) -> Result<Vec<(String, String)>, StorageError> {
    Object::entries(bucket)
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            let id = pair.get(0).as_string().unwrap_or_default();
            match pair.get(1).as_string() {
                Some(text) => Ok((id, text)),
                None => Err(unreadable(&id)),
            }
        })
        .collect()
}

/// Buckets filled in memory and then stored, one put each: a whole workspace's incidents
/// written into an empty store (`save_bundle`, the move from one record each).
#[derive(Default)]
pub(super) struct Fill(std::collections::BTreeMap<u32, Object>);

impl Fill {
    /// Keeps `text` as incident `id`'s, in its bucket.
    pub(super) fn add(&mut self, id: &str, text: &str) -> Result<(), StorageError> {
        set(self.0.entry(bucket_of(id)).or_default(), id, text)
    }

    /// Stores every bucket filled.
    pub(super) fn put(self, store: &idb::ObjectStore) -> Result<(), StorageError> {
        for (n, bucket) in &self.0 {
            put(store, &bucket_key(*n), bucket)?;
        }
        Ok(())
    }
}

/// Every incident of `values` (buckets, stored under `keys`, read in one transaction), decoded
/// into `out`.
pub(super) fn decode_all(
    keys: &[JsValue],
    values: Vec<JsValue>,
    out: &mut Vec<Incident>,
) -> Result<(), StorageError> {
    for (key, value) in keys.iter().zip(values) {
        let bucket = as_bucket(value, &key.as_string().unwrap_or_default())?;
        for (id, text) in entries(&bucket)? {
            out.push(decode_text(&text, &id)?);
        }
    }
    Ok(())
}

/// The incidents of `bucket` for which `skip` says no, decoded into `out`.
fn decode_but(
    bucket: &Object,
    skip: impl Fn(&str) -> bool,
    out: &mut Vec<Incident>,
) -> Result<(), StorageError> {
    for id in ids(bucket) {
        if !skip(&id) {
            if let Some(text) = text(bucket, &id)? {
                out.push(decode_text(&text, &id)?);
            }
        }
    }
    Ok(())
}

/// Schema 5 to 6: the incidents of `store`, kept one per key (the id) until then, put in their
/// buckets, each text as it was; the old records are removed. A value that is a bucket already
/// (a store a later version wrote into, its version not yet stored) is kept with what it holds.
/// In the caller's transaction.
pub(super) async fn into_buckets(store: &idb::ObjectStore) -> Result<(), StorageError> {
    let keys = store.get_all_keys(None, None)?.await?;
    let values = store.get_all(None, None)?.await?;
    let mut filled = Fill::default();
    for (key, value) in keys.iter().zip(values) {
        let key = key.as_string().unwrap_or_default();
        let held = match value.as_string() {
            Some(text) => vec![(key, text)],
            None => entries(&as_bucket(value, &key)?)?,
        };
        for (id, text) in held {
            filled.add(&id, &text)?;
        }
    }
    store.clear()?;
    filled.put(store)
}

/// `merge_records` for the incidents, which are kept in buckets (`buckets.rs`): every stored
/// bucket is read first; the incoming incidents then go through bucket by bucket, each bucket
/// written once if anything in it changed, the first write of every [`BATCH`] incidents awaited
/// (as there). An incident stored with the same text is left alone; one stored differently is
/// merged with the stored copy (the core merge) and written if that changes it. `unchanged`
/// (what the caller holds as the import leaves it) is neither compared nor written where it is
/// stored. Returns every stored incident afterwards, those only the store has too.
pub(super) async fn merge_incidents(
    store: &idb::ObjectStore,
    mut records: Vec<Incident>,
    unchanged: Vec<Incident>,
    progress: &dyn Fn(usize),
) -> Result<Vec<Incident>, StorageError> {
    use std::collections::{BTreeMap, HashMap, HashSet};
    let mut stored: HashMap<String, js_sys::Object> = HashMap::new();
    read_batches(store, |key, value| {
        stored.insert(key.to_owned(), as_bucket(value, key)?);
        Ok(())
    })
    .await?;
    // What the caller holds as the import leaves it is skipped where it is stored; one that is
    // not stored (a write of that page's that failed) is stored like the import's own.
    let mut kept = Vec::with_capacity(unchanged.len());
    for incident in unchanged {
        let held = stored
            .get(&key_of(&incident.id))
            .is_some_and(|bucket| holds(bucket, &incident.id));
        if held {
            kept.push(incident);
        } else {
            records.push(incident);
        }
    }
    let skip: HashSet<&str> = kept.iter().map(|i| i.id.as_str()).collect();
    let total = records.len() + kept.len();
    // Moved into their buckets' groups, not copied.
    let mut groups: BTreeMap<u32, Vec<Incident>> = BTreeMap::new();
    for record in records {
        groups
            .entry(bucket_of(&record.id))
            .or_default()
            .push(record);
    }
    let mut out = Vec::with_capacity(total);
    let mut first = None;
    let mut in_step = 0;
    // Incidents done (what `progress` is told), those skipped first.
    let mut done = kept.len();
    for (n, group) in groups {
        let key = bucket_key(n);
        let bucket = stored.remove(&key).unwrap_or_else(js_sys::Object::new);
        let incoming: HashSet<String> = group.iter().map(|i| i.id.clone()).collect();
        in_step += group.len();
        done += group.len();
        let mut changed = false;
        for record in group {
            let encoded = encode(&record.id, &record)?;
            let result = match text(&bucket, &record.id)? {
                Some(old) if old == encoded => record,
                Some(old) => {
                    let old: Incident = decode_text(&old, &record.id)?;
                    let merged = incident_core::merge::merge_incident_copies(&old, &record);
                    if merged != old {
                        set(&bucket, &merged.id, &encode(&merged.id, &merged)?)?;
                        changed = true;
                    }
                    merged
                }
                None => {
                    set(&bucket, &record.id, &encoded)?;
                    changed = true;
                    record
                }
            };
            out.push(result);
        }
        // Those only the store has (another tab's, stored since the preview was made).
        decode_but(
            &bucket,
            |id| incoming.contains(id) || skip.contains(id),
            &mut out,
        )?;
        if changed {
            first.get_or_insert(put(store, &key, &bucket)?);
        }
        if in_step >= BATCH {
            in_step = 0;
            // The step's first write, awaited: the page answers, the transaction stays active.
            if let Some(request) = first.take() {
                request.await?;
            }
            progress(done);
        }
    }
    if let Some(request) = first.take() {
        request.await?;
    }
    progress(done);
    for bucket in stored.values() {
        decode_but(bucket, |id| skip.contains(id), &mut out)?;
    }
    drop(skip);
    out.extend(kept);
    Ok(out)
}
