//! Workspaces stored by earlier versions, in a real headless Chromium: each is brought up to the
//! current stored format when it opens, and nothing in it is lost.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use app::platform::db::Storage;
use incident_core::sample::{generate, SampleOptions};
use wasm_bindgen_test::*;

mod common;

use common::raw::{bucket_key, put_raw, raw_incidents, raw_values, store_as_version};
use common::{now, unique_db};

wasm_bindgen_test_configure!(run_in_browser);

/// The workspace in database `name`, opened as the app opens it: migrated, then read.
async fn opened(name: &str) -> incident_core::Bundle {
    let storage = Storage::open(name).await.unwrap();
    storage.migrate().await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    storage.close();
    loaded
}

/// A workspace stored by schema 5 (one record per incident) opens as schema 6: every incident is
/// in its bucket with the text it had, the old records are gone, and nothing else changes.
#[wasm_bindgen_test]
async fn a_schema_5_store_is_put_in_buckets() {
    let text = include_str!("../../tests/fixtures/v5/real-4.json");
    let file: serde_json::Value = serde_json::from_str(text).unwrap();
    let name = unique_db("v5");
    store_as_version(&name, &file, "5").await;
    let before = raw_values(&name, "incidents").await;
    assert_eq!(before.len(), file["incidents"].as_array().unwrap().len());
    let loaded = opened(&name).await;
    let old = incident_core::parse_bundle(text).unwrap();
    assert_eq!(loaded.schema_version, incident_core::SCHEMA_VERSION);
    assert_eq!(loaded.settings, old.settings);
    let mut ids: Vec<&str> = loaded.incidents.iter().map(|i| i.id.as_str()).collect();
    let mut old_ids: Vec<&str> = old.incidents.iter().map(|i| i.id.as_str()).collect();
    incident_core::sort::ascending(&mut ids);
    incident_core::sort::ascending(&mut old_ids);
    assert_eq!(ids, old_ids);
    for i in &old.incidents {
        assert_eq!(loaded.incidents.iter().find(|l| l.id == i.id), Some(i));
    }
    let stored = raw_incidents(&name).await;
    assert_eq!(stored.len(), before.len());
    for (key, id, text) in &stored {
        assert_eq!(key, &bucket_key(id));
        assert!(before.contains(text), "{id}: the text it had");
    }
    let current = incident_core::SCHEMA_VERSION.to_string();
    assert!(raw_values(&name, "meta").await.contains(&current));
    // Opened again, nothing more to do: the same buckets.
    let storage = Storage::open(&name).await.unwrap();
    storage.migrate().await.unwrap();
    storage.close();
    assert_eq!(raw_incidents(&name).await, stored);
}

/// A workspace stored by schema 1 (before the demo was marked) is brought to schema 2 when it
/// opens: one that began as the first-run sample (its device `sample-1`) is the demo, any other
/// is a real workspace. Its records are kept as they were.
#[wasm_bindgen_test]
async fn a_schema_1_store_is_migrated_and_the_demo_stays_marked() {
    let bundle = generate(&SampleOptions {
        incidents: 4,
        seed: 1,
        now: now(),
    });
    for (device, sample) in [("sample-1", true), ("laptop-ana", false)] {
        let name = unique_db(&format!("v1-{device}"));
        Storage::open(&name).await.unwrap().close();
        // What schema 1 stored: no `sample` key.
        let settings = serde_json::to_string(&bundle.settings).unwrap();
        put_raw(&name, "meta", "settings", &settings).await;
        put_raw(&name, "meta", "device_id", &format!("\"{device}\"")).await;
        put_raw(&name, "meta", "schema_version", "1").await;
        for i in &bundle.incidents {
            put_raw(
                &name,
                "incidents",
                &i.id,
                &serde_json::to_string(i).unwrap(),
            )
            .await;
        }
        let storage = Storage::open(&name).await.unwrap();
        storage.migrate().await.unwrap();
        let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
        storage.close();
        assert_eq!(loaded.sample, sample, "{device}");
        assert_eq!(loaded.schema_version, incident_core::SCHEMA_VERSION);
        assert_eq!(loaded.incidents.len(), bundle.incidents.len());
        // The mark and the version are stored, not derived again at every open.
        let meta = raw_values(&name, "meta").await;
        assert!(meta.contains(&sample.to_string()), "{device}: {meta:?}");
        let current = incident_core::SCHEMA_VERSION.to_string();
        assert!(meta.contains(&current), "{device}: {meta:?}");
        // Its export says what it is.
        let text = loaded.to_json_pretty();
        assert_eq!(text.contains("\n  \"sample\": true,"), sample, "{device}");
    }
}

/// A workspace stored by schema 2 (records as that version wrote them, without public titles) is
/// brought to schema 3 when it opens: each incident that had published keeps the title the public
/// read as its public title, one that had not gets none, and nothing else changes.
#[wasm_bindgen_test]
async fn a_schema_2_store_is_migrated_and_published_titles_are_kept() {
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/v2/real-4.json")).unwrap();
    let name = unique_db("v2");
    let incidents = file["incidents"].as_array().unwrap();
    for i in incidents {
        assert!(i.get("public_title").is_none(), "not a schema 2 record");
    }
    store_as_version(&name, &file, "2").await;
    let loaded = opened(&name).await;
    assert_eq!(loaded.schema_version, incident_core::SCHEMA_VERSION);
    assert!(!loaded.sample);
    let mut published = 0;
    for raw in incidents {
        let i = loaded
            .incidents
            .iter()
            .find(|i| i.id == raw["id"].as_str().unwrap())
            .unwrap();
        let public = raw["updates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["public"] == true);
        published += usize::from(public);
        assert_eq!(
            i.public_title.as_deref(),
            public.then(|| raw["title"].as_str().unwrap())
        );
        assert_eq!(i.title, raw["title"].as_str().unwrap());
    }
    assert!(published > 0 && published < incidents.len());
    // Stored, not derived again at every open: the records and the version say schema 3.
    let stored = raw_incidents(&name).await;
    assert_eq!(
        stored
            .iter()
            .filter(|(_, _, t)| t.contains("\"public_title\":\""))
            .count(),
        published
    );
    let current = incident_core::SCHEMA_VERSION.to_string();
    assert!(raw_values(&name, "meta").await.contains(&current));
}

/// A workspace stored by schema 3 (settings without uptime weights) is brought to schema 4 when
/// it opens: the weights read as what the site always counted by, and nothing else changes.
#[wasm_bindgen_test]
async fn a_schema_3_store_is_migrated_and_counts_uptime_as_before() {
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/v3/real-4.json")).unwrap();
    assert!(
        file["settings"].get("uptime_weights").is_none(),
        "not schema 3 settings"
    );
    let name = unique_db("v3");
    store_as_version(&name, &file, "3").await;
    let loaded = opened(&name).await;
    assert_eq!(loaded.schema_version, incident_core::SCHEMA_VERSION);
    assert_eq!(
        loaded.settings.uptime_weights,
        incident_core::model::UptimeWeights::default()
    );
    let old =
        incident_core::parse_bundle(include_str!("../../tests/fixtures/v3/real-4.json")).unwrap();
    assert_eq!(loaded.incidents.len(), old.incidents.len());
    assert_eq!(loaded.settings.organization, old.settings.organization);
    let current = incident_core::SCHEMA_VERSION.to_string();
    assert!(raw_values(&name, "meta").await.contains(&current));
}

/// A workspace stored by schema 4 (settings without a site language) opens (as the current schema) with the
/// status site in English, what it spoke before; its weights and records are untouched.
#[wasm_bindgen_test]
async fn a_schema_4_store_is_migrated_and_its_site_stays_english() {
    let text = include_str!("../../tests/fixtures/v4/real-4.json");
    let file: serde_json::Value = serde_json::from_str(text).unwrap();
    assert!(
        file["settings"].get("site_language").is_none(),
        "not schema 4 settings"
    );
    let name = unique_db("v4");
    store_as_version(&name, &file, "4").await;
    let loaded = opened(&name).await;
    assert_eq!(loaded.schema_version, incident_core::SCHEMA_VERSION);
    assert_eq!(
        loaded.settings.site_language,
        incident_core::model::SiteLanguage::English
    );
    let old = incident_core::parse_bundle(text).unwrap();
    assert_eq!(loaded.settings.uptime_weights, old.settings.uptime_weights);
    assert_eq!(loaded.incidents.len(), old.incidents.len());
    let current = incident_core::SCHEMA_VERSION.to_string();
    assert!(raw_values(&name, "meta").await.contains(&current));
    // The status site it previews speaks English.
    let site = incident_core::public::project(&loaded, now());
    let files = status_pages::site::render_site(
        &site,
        &status_pages::site::RenderOptions { base_url: None },
    )
    .unwrap();
    let index = files.iter().find(|f| f.path == "index.html").unwrap();
    assert!(String::from_utf8_lossy(&index.bytes).contains("<html lang=\"en\">"));
}

/// A store that holds buckets but no version (a later version wrote into a database another
/// tab had just deleted) still opens: its buckets are kept as they are, nothing is lost; and an
/// old record beside them (an id that was its own record) is put in its bucket.
#[wasm_bindgen_test]
async fn a_store_with_buckets_and_no_version_opens() {
    let name = unique_db("unversioned");
    let bundle = generate(&SampleOptions {
        incidents: 30,
        seed: 31,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    storage.close();
    let db = common::raw::raw_db(&name).await;
    let tx = db
        .transaction(&["meta"], idb::TransactionMode::ReadWrite)
        .unwrap();
    tx.object_store("meta")
        .unwrap()
        .delete(wasm_bindgen::JsValue::from_str("schema_version"))
        .unwrap();
    tx.commit().unwrap().await.unwrap();
    db.close();
    let mut apart = bundle.incidents[0].clone();
    apart.id = "kept-as-its-own-record".to_owned();
    put_raw(
        &name,
        "incidents",
        &apart.id,
        &serde_json::to_string(&apart).unwrap(),
    )
    .await;
    let storage = Storage::open(&name).await.unwrap();
    storage.migrate().await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    storage.close();
    assert_eq!(loaded.incidents.len(), bundle.incidents.len() + 1);
    assert!(loaded.incidents.contains(&apart));
    for i in &bundle.incidents {
        assert!(loaded.incidents.contains(i), "{}", i.id);
    }
    for (key, id, _) in raw_incidents(&name).await {
        assert_eq!(key, bucket_key(&id));
    }
}
