//! IndexedDB storage in a real headless Chromium: a bundle stored and read back, by a new
//! connection, is the same bundle; replacing it leaves no trace of the old one.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use app::platform::db::Storage;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use wasm_bindgen_test::*;

mod common;

use common::{now, unique_db};

wasm_bindgen_test_configure!(run_in_browser);

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
    use incident_core::ops::{add_note, Actor};
    let name = unique_db("put");
    let bundle = generate(&SampleOptions {
        incidents: 10,
        seed: 13,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    let mut changed = bundle.incidents[4].clone();
    let tab = Actor {
        person: None,
        device: format!("{}~tab", bundle.device_id),
        now: now(),
    };
    add_note(&mut changed, "Noted while the page was open", &tab).unwrap();
    let stored = storage.put_incident_merged(&changed).await.unwrap();
    // The change merged with the stored copy (in the merge's canonical order), the note in it.
    assert_eq!(
        stored,
        incident_core::merge::merge_incident_copies(&bundle.incidents[4], &changed)
    );
    assert!(stored.timeline.iter().any(|e| matches!(
        &e.kind,
        incident_core::EventKind::Note { text } if text == "Noted while the page was open"
    )));
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    let mut expected = bundle.clone();
    expected.incidents[4] = stored;
    assert_eq!(loaded, expected);
}

#[wasm_bindgen_test]
async fn an_import_merges_with_what_another_tab_stored_since_its_preview() {
    use incident_core::merge::merge;
    use incident_core::ops::{add_note, Actor};
    let name = unique_db("merge-in");
    // More incidents than one batch of reads and writes.
    let base = generate(&SampleOptions {
        incidents: 900,
        seed: 21,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&base).await.unwrap();

    // The import's result, computed from the workspace as it was when the preview showed: a
    // copy from a device whose id sorts first, with one incident retitled and one new.
    let mut theirs = base.clone();
    theirs.device_id = "a-laptop".to_owned();
    let at = Timestamp::parse("2026-11-01T12:05:00Z").unwrap();
    let them = Actor {
        person: None,
        device: "a-laptop".to_owned(),
        now: at,
    };
    add_note(&mut theirs.incidents[1], "Seen on their laptop", &them).unwrap();
    let mut fresh = base.incidents[0].clone();
    fresh.id = "declared-on-their-laptop".to_owned();
    theirs.incidents.push(fresh);
    let imported = merge(&base, &theirs);

    // Meanwhile another tab notes something on the same incident and declares a new one.
    let tab = Actor {
        person: None,
        device: format!("{}~tab2", base.device_id),
        now: at,
    };
    let mut noted = base.incidents[1].clone();
    add_note(&mut noted, "Written in the other tab", &tab).unwrap();
    storage.put_incident_merged(&noted).await.unwrap();
    let mut other = base.incidents[2].clone();
    other.id = "declared-in-the-other-tab".to_owned();
    storage.put_incident_merged(&other).await.unwrap();

    let steps = std::cell::RefCell::new(Vec::new());
    let result = storage
        .merge_in(imported.clone(), |done| steps.borrow_mut().push(done))
        .await
        .unwrap();
    // Progress after each batch, up to every incident of the import.
    let steps = steps.into_inner();
    assert!(steps.len() > 1, "{steps:?}");
    assert!(steps.is_sorted(), "{steps:?}");
    assert_eq!(steps.last(), Some(&imported.incidents.len()));
    storage.close();
    let storage = Storage::open(&name).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    // What the screen is given is what a reload shows.
    assert_eq!(result.incidents, loaded.incidents);
    assert_eq!(result.settings, loaded.settings);
    assert_eq!(result.tombstones, loaded.tombstones);
    assert_eq!(result.maintenances, loaded.maintenances);
    // Both people's work and the other tab's are there; the workspace keeps its device id.
    assert_eq!(loaded.device_id, base.device_id);
    assert_eq!(loaded.incidents.len(), base.incidents.len() + 2);
    let ids: Vec<&str> = loaded.incidents.iter().map(|i| i.id.as_str()).collect();
    assert!(ids.contains(&"declared-on-their-laptop"));
    assert!(ids.contains(&"declared-in-the-other-tab"));
    let one = loaded
        .incidents
        .iter()
        .find(|i| i.id == base.incidents[1].id)
        .unwrap();
    let notes = serde_json::to_string(&one.timeline).unwrap();
    assert!(notes.contains("Seen on their laptop"), "{notes}");
    assert!(notes.contains("Written in the other tab"), "{notes}");

    // The same import again changes nothing.
    let again = storage.merge_in(imported.clone(), |_| {}).await.unwrap();
    assert_eq!(again.incidents, loaded.incidents);
}

#[wasm_bindgen_test]
async fn a_workspace_stored_by_a_newer_version_is_refused_not_misread() {
    let name = unique_db("newer");
    let bundle = generate(&SampleOptions {
        incidents: 3,
        seed: 31,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    storage.close();
    // What a newer build would leave behind.
    put_raw(&name, "meta", "schema_version", "99").await;
    let storage = Storage::open(&name).await.unwrap();
    let err = storage.load_bundle(now()).await.unwrap_err();
    assert!(err.0.contains("newer version of Cygni"), "{err}");
    assert!(err.0.contains("Reload the page"), "{err}");
    // An import (from a page left open) is refused the same way, and writes nothing.
    let err = storage.merge_in(bundle.clone(), |_| {}).await.unwrap_err();
    assert!(err.0.contains("newer version of Cygni"), "{err}");
    // So is every single write of a page left open: a note, a deletion, settings, a first run.
    let stored_before = raw_values(&name, "incidents").await;
    let mut changed = bundle.incidents[0].clone();
    changed.title = "edited by an old tab".into();
    let refused = [
        storage.put_incident_merged(&changed).await.map(|_| ()),
        storage
            .put_tombstone(&incident_core::merge::delete_incident(
                &changed,
                "old-tab",
                now(),
            ))
            .await,
        storage
            .put_settings_merged(&bundle.settings)
            .await
            .map(|_| ()),
        storage.save_bundle(&bundle).await,
    ];
    for (n, r) in refused.into_iter().enumerate() {
        let err = r.expect_err(&format!("write {n} was not refused"));
        assert!(err.0.contains("newer version of Cygni"), "write {n}: {err}");
    }
    assert_eq!(raw_values(&name, "incidents").await, stored_before);
    assert!(raw_values(&name, "tombstones").await.is_empty());
}

/// The workspace database `name`, opened as another program would (no schema of ours).
async fn raw_db(name: &str) -> idb::Database {
    idb::Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap()
}

/// Every stored value's text in `store`, in key order.
async fn raw_values(name: &str, store: &str) -> Vec<String> {
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
    values.into_iter().map(|v| v.as_string().unwrap()).collect()
}

/// Stores `file` (a bundle's JSON) in the database `name` as schema `version` wrote a real
/// workspace: its settings, device and incidents record by record.
async fn store_as_version(name: &str, file: &serde_json::Value, version: &str) {
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
async fn put_raw(name: &str, store: &str, key: &str, text: &str) {
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

#[wasm_bindgen_test]
async fn an_import_that_fails_halfway_stores_nothing() {
    let name = unique_db("abort");
    let base = generate(&SampleOptions {
        incidents: 900,
        seed: 41,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&base).await.unwrap();
    storage.close();
    // Every incident retitled, so every batch writes; the last one's stored copy is unreadable.
    let mut imported = base.clone();
    let later = incident_core::model::Stamp {
        at: Timestamp::parse("2026-11-01T13:00:00Z").unwrap(),
        device: "importer".to_owned(),
    };
    for i in &mut imported.incidents {
        i.title.push_str(" (imported)");
        incident_core::merge::touch(&mut i.stamps, "title", later.clone());
    }
    let last = imported.incidents.last().unwrap().id.clone();
    put_raw(&name, "incidents", &last, "{\"not\": \"an incident\"}").await;

    let storage = Storage::open(&name).await.unwrap();
    let err = storage
        .merge_in(imported.clone(), |_| {})
        .await
        .unwrap_err();
    assert!(err.0.contains(&last), "{err}");
    // The batches written before the failure were rolled back.
    for i in &base.incidents[..base.incidents.len() - 1] {
        let stored = storage.get_incident(&i.id).await.unwrap().unwrap();
        assert_eq!(stored.title, i.title);
    }
}

#[wasm_bindgen_test]
async fn a_tombstone_is_kept_under_the_key_it_always_had() {
    use app::platform::db::tombstone_key;
    use incident_core::{RecordKind, Tombstone};
    let t = |kind| Tombstone {
        kind,
        id: "x-1".to_owned(),
        deleted_at: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
        device: "laptop".to_owned(),
    };
    // The keys browsers already hold: a renamed variant must not change them.
    let keys: Vec<String> = [
        RecordKind::Incident,
        RecordKind::Maintenance,
        RecordKind::ActionItem,
        RecordKind::Component,
        RecordKind::ComponentGroup,
        RecordKind::Person,
        RecordKind::OncallSchedule,
    ]
    .into_iter()
    .map(|k| tombstone_key(&t(k)))
    .collect();
    assert_eq!(
        keys,
        [
            "Incident:x-1:2026-11-01T12:00:00Z:laptop",
            "Maintenance:x-1:2026-11-01T12:00:00Z:laptop",
            "ActionItem:x-1:2026-11-01T12:00:00Z:laptop",
            "Component:x-1:2026-11-01T12:00:00Z:laptop",
            "ComponentGroup:x-1:2026-11-01T12:00:00Z:laptop",
            "Person:x-1:2026-11-01T12:00:00Z:laptop",
            "OncallSchedule:x-1:2026-11-01T12:00:00Z:laptop",
        ]
    );
    // Storing a deletion again replaces it.
    let name = unique_db("tombstone-key");
    let storage = Storage::open(&name).await.unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 3,
        seed: 2,
        now: now(),
    });
    storage.save_bundle(&bundle).await.unwrap();
    storage
        .put_tombstone(&t(RecordKind::Incident))
        .await
        .unwrap();
    storage
        .put_tombstone(&t(RecordKind::Incident))
        .await
        .unwrap();
    storage.close();
    assert_eq!(raw_values(&name, "tombstones").await.len(), 1);
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
    let storage = Storage::open(&name).await.unwrap();
    storage.migrate().await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    storage.close();
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
    let stored = raw_values(&name, "incidents").await;
    assert_eq!(
        stored
            .iter()
            .filter(|t| t.contains("\"public_title\":\""))
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
    let storage = Storage::open(&name).await.unwrap();
    storage.migrate().await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    storage.close();
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

/// A workspace stored by schema 4 (settings without a site language) opens as schema 5 with the
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
    let storage = Storage::open(&name).await.unwrap();
    storage.migrate().await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    storage.close();
    assert_eq!(loaded.schema_version, 5);
    assert_eq!(
        loaded.settings.site_language,
        incident_core::model::SiteLanguage::English
    );
    let old = incident_core::parse_bundle(text).unwrap();
    assert_eq!(loaded.settings.uptime_weights, old.settings.uptime_weights);
    assert_eq!(loaded.incidents.len(), old.incidents.len());
    assert!(raw_values(&name, "meta").await.contains(&"5".to_owned()));
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
