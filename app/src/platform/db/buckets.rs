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

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::records::StorageError;

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
