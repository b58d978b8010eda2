//! IndexedDB storage in a real headless Chromium: a bundle stored and read back, by a new
//! connection, is the same bundle; replacing it leaves no trace of the old one.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use app::storage::Storage;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn unique_db(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn empty_database_has_no_workspace() {
    let storage = Storage::open(&unique_db("empty")).await.unwrap();
    assert_eq!(storage.load_bundle(now()).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn stores_and_reloads_a_bundle() {
    let name = unique_db("roundtrip");
    let bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 11,
        now: now(),
    });
    {
        let storage = Storage::open(&name).await.unwrap();
        storage.save_bundle(&bundle).await.unwrap();
        storage.close();
    }
    // A new connection, as after a page reload.
    let storage = Storage::open(&name).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    assert_eq!(loaded, bundle);

    // Replacing the workspace removes what the new one does not have.
    let smaller = generate(&SampleOptions {
        incidents: 5,
        seed: 12,
        now: now(),
    });
    storage.save_bundle(&smaller).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    assert_eq!(loaded.incidents.len(), 5);
    assert_eq!(loaded, smaller);
}

#[wasm_bindgen_test]
async fn put_incident_changes_only_that_incident() {
    let name = unique_db("put");
    let bundle = generate(&SampleOptions {
        incidents: 10,
        seed: 13,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    let mut changed = bundle.incidents[4].clone();
    changed.title = "Renamed while the page was open".to_owned();
    storage.put_incident(&changed).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    let mut expected = bundle.clone();
    expected.incidents[4] = changed;
    assert_eq!(loaded, expected);
}
