//! IndexedDB storage in a real headless Chromium: a bundle stored and read back, by a new
//! connection, is the same bundle; replacing it leaves no trace of the old one.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use app::platform::db::Storage;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use wasm_bindgen_test::*;

mod common;

use common::raw::{bucket_key, put_raw, put_raw_incident, raw_incidents, raw_values};
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
        .merge_in(imported.clone(), Vec::new(), |done| {
            steps.borrow_mut().push(done)
        })
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
    let again = storage
        .merge_in(imported.clone(), Vec::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(again.incidents, loaded.incidents);
}

/// The incidents an import leaves as the page holds them are neither read nor written: what is
/// stored for them stays as it is (even where the page's copy is behind, another tab's edit not
/// heard of yet), and they come back as given; the import's own incidents are stored as always,
/// and so is one the page holds that was never stored (a write of its that failed).
#[wasm_bindgen_test]
async fn an_import_leaves_the_incidents_it_does_not_change_alone() {
    let name = unique_db("unchanged");
    let base = generate(&SampleOptions {
        incidents: 40,
        seed: 23,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&base).await.unwrap();
    let before = raw_incidents(&name).await;
    let mut imported = base.clone();
    let mut unchanged = imported.incidents.split_off(10);
    unchanged[0].title = "as this page holds it".to_owned();
    let mut never_stored = base.incidents[1].clone();
    never_stored.id = "held-but-never-stored".to_owned();
    unchanged.push(never_stored.clone());
    let mut fresh = base.incidents[0].clone();
    fresh.id = "new-in-the-import".to_owned();
    imported.incidents.push(fresh.clone());
    let result = storage
        .merge_in(imported, unchanged.clone(), |_| {})
        .await
        .unwrap();
    assert_eq!(result.incidents.len(), base.incidents.len() + 2);
    let shown = result
        .incidents
        .iter()
        .find(|i| i.id == unchanged[0].id)
        .unwrap();
    assert_eq!(shown.title, "as this page holds it");
    let after = raw_incidents(&name).await;
    for (key, id, text) in &before {
        assert!(
            after.contains(&(key.clone(), id.clone(), text.clone())),
            "{id} was written"
        );
    }
    assert_eq!(after.len(), before.len() + 2);
    assert_eq!(storage.get_incident(&fresh.id).await.unwrap(), Some(fresh));
    assert_eq!(
        storage.get_incident(&never_stored.id).await.unwrap(),
        Some(never_stored)
    );
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
    let err = storage
        .merge_in(bundle.clone(), Vec::new(), |_| {})
        .await
        .unwrap_err();
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

/// Schema 6 keeps the incidents in buckets, each an object from id to the incident's JSON text,
/// under a key that depends on the id alone: far fewer values than incidents, and each incident
/// read back as it was stored.
#[wasm_bindgen_test]
async fn incidents_are_kept_in_buckets_under_keys_that_never_change() {
    let name = unique_db("buckets");
    let bundle = generate(&SampleOptions {
        incidents: 1500,
        seed: 17,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    storage.close();
    let stored = raw_incidents(&name).await;
    assert_eq!(stored.len(), bundle.incidents.len());
    for (key, id, text) in &stored {
        assert_eq!(key, &bucket_key(id), "{id}");
        let incident: incident_core::Incident = serde_json::from_str(text).unwrap();
        assert_eq!(
            Some(&incident),
            bundle.incidents.iter().find(|i| &i.id == id)
        );
    }
    let buckets: std::collections::BTreeSet<&str> =
        stored.iter().map(|(k, _, _)| k.as_str()).collect();
    assert!(buckets.len() <= 256, "{}", buckets.len());
    assert!(buckets.len() > 200, "the ids spread over the buckets");
    assert_eq!(raw_values(&name, "incidents").await.len(), buckets.len());
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
    put_raw_incident(&name, &last, "{\"not\": \"an incident\"}").await;

    let storage = Storage::open(&name).await.unwrap();
    let err = storage
        .merge_in(imported.clone(), Vec::new(), |_| {})
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

/// Ids are letters, digits, `-` and `_`, so an incident may be called what every plain object
/// inherits (`__proto__`, `toString`): stored, merged and read back like any other.
#[wasm_bindgen_test]
async fn an_incident_named_like_an_objects_own_properties_is_kept() {
    let name = unique_db("proto");
    let mut bundle = generate(&SampleOptions {
        incidents: 6,
        seed: 29,
        now: now(),
    });
    let names = ["__proto__", "toString", "constructor", "hasOwnProperty"];
    for (incident, id) in bundle.incidents.iter_mut().zip(names) {
        incident.id = id.to_owned();
    }
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    assert_eq!(loaded, bundle);
    for id in names {
        assert!(storage.get_incident(id).await.unwrap().is_some(), "{id}");
    }
    // Not stored yet: an edit and an import store it; they do not read what objects inherit.
    let mut value_of = bundle.incidents[4].clone();
    value_of.id = "valueOf".to_owned();
    assert_eq!(storage.get_incident("valueOf").await.unwrap(), None);
    let stored = storage.put_incident_merged(&value_of).await.unwrap();
    assert_eq!(stored, value_of);
    let mut imported = bundle.clone();
    let mut is_prototype_of = bundle.incidents[5].clone();
    is_prototype_of.id = "isPrototypeOf".to_owned();
    imported.incidents.push(is_prototype_of.clone());
    let result = storage
        .merge_in(imported, Vec::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(result.incidents.len(), bundle.incidents.len() + 2);
    storage.close();
    let storage = Storage::open(&name).await.unwrap();
    let loaded = storage.load_bundle(now()).await.unwrap().expect("stored");
    assert_eq!(loaded.incidents, result.incidents);
    assert!(loaded.incidents.contains(&is_prototype_of));
    let ids: Vec<String> = raw_incidents(&name)
        .await
        .into_iter()
        .map(|(_, id, _)| id)
        .collect();
    for id in names.iter().chain(&["valueOf", "isPrototypeOf"]) {
        assert_eq!(ids.iter().filter(|i| i == id).count(), 1, "{id}");
    }
}
