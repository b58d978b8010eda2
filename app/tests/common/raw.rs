//! The browser's database as another program would read and write it: the tests of the stored
//! format and of its migrations.

#![allow(clippy::unwrap_used, dead_code)] // a test that cannot unwrap has failed; each file uses some
use app::platform::db::Storage;

/// The workspace database `name`, opened as another program would (no schema of ours).
pub(crate) async fn raw_db(name: &str) -> idb::Database {
    idb::Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap()
}

/// Every stored value's text in `store`, in key order.
pub(crate) async fn raw_values(name: &str, store: &str) -> Vec<String> {
    let db = raw_db(name).await;
    let tx = db
        .transaction(&[store], idb::TransactionMode::ReadOnly)
        .unwrap();
    let values = tx
        .object_store(store)
        .unwrap()
        .get_all(None, None)
        .unwrap()
        .await
        .unwrap();
    db.close();
    // A text as it is; a bucket of incidents (an object) as JSON.
    values
        .into_iter()
        .map(|v| {
            v.as_string()
                .unwrap_or_else(|| js_sys::JSON::stringify(&v).unwrap().into())
        })
        .collect()
}

/// The key of the bucket the incidents store keeps incident `id` in, worked out here as the
/// stored format says (FNV-1a, 32 bits, of the id's bytes, modulo 256, as `#` and two hex
/// digits): the keys browsers already hold must never change.
pub(crate) fn bucket_key(id: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("#{:02x}", hash % 256)
}

/// Every stored incident's (key of its bucket, id, JSON text), as another program would read
/// them.
pub(crate) async fn raw_incidents(name: &str) -> Vec<(String, String, String)> {
    let db = raw_db(name).await;
    let tx = db
        .transaction(&["incidents"], idb::TransactionMode::ReadOnly)
        .unwrap();
    let store = tx.object_store("incidents").unwrap();
    let keys = store.get_all_keys(None, None).unwrap().await.unwrap();
    let values = store.get_all(None, None).unwrap().await.unwrap();
    db.close();
    let mut out = Vec::new();
    for (key, bucket) in keys.iter().zip(values) {
        let bucket: js_sys::Object = wasm_bindgen::JsCast::dyn_into(bucket).unwrap();
        for pair in js_sys::Object::entries(&bucket).iter() {
            let pair: js_sys::Array = wasm_bindgen::JsCast::dyn_into(pair).unwrap();
            out.push((
                key.as_string().unwrap(),
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_string().unwrap(),
            ));
        }
    }
    out
}

/// Writes `text` as the stored text of incident `id`, in its bucket, as another program might.
pub(crate) async fn put_raw_incident(name: &str, id: &str, text: &str) {
    let db = raw_db(name).await;
    let tx = db
        .transaction(&["incidents"], idb::TransactionMode::ReadWrite)
        .unwrap();
    let store = tx.object_store("incidents").unwrap();
    let key = wasm_bindgen::JsValue::from_str(&bucket_key(id));
    let bucket = store.get(key.clone()).unwrap().await.unwrap().unwrap();
    js_sys::Reflect::set(
        &bucket,
        &wasm_bindgen::JsValue::from_str(id),
        &wasm_bindgen::JsValue::from_str(text),
    )
    .unwrap();
    store.put(&bucket, Some(&key)).unwrap();
    tx.commit().unwrap().await.unwrap();
    db.close();
}

/// Stores `file` (a bundle's JSON) in the database `name` as schema `version` wrote a real
/// workspace: its settings, device and incidents record by record.
pub(crate) async fn store_as_version(name: &str, file: &serde_json::Value, version: &str) {
    Storage::open(name).await.unwrap().close();
    put_raw(name, "meta", "settings", &file["settings"].to_string()).await;
    put_raw(name, "meta", "device_id", &file["device_id"].to_string()).await;
    put_raw(name, "meta", "sample", "false").await;
    put_raw(name, "meta", "schema_version", version).await;
    for i in file["incidents"].as_array().unwrap() {
        put_raw(name, "incidents", i["id"].as_str().unwrap(), &i.to_string()).await;
    }
}

/// Writes `text` as the stored value of `key` in `store`, as another program might.
pub(crate) async fn put_raw(name: &str, store: &str, key: &str, text: &str) {
    let db = raw_db(name).await;
    let tx = db
        .transaction(&[store], idb::TransactionMode::ReadWrite)
        .unwrap();
    tx.object_store(store)
        .unwrap()
        .put(
            &wasm_bindgen::JsValue::from_str(text),
            Some(&wasm_bindgen::JsValue::from_str(key)),
        )
        .unwrap();
    tx.commit().unwrap().await.unwrap();
    db.close();
}
