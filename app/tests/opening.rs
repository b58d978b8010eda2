//! Opening a large workspace in a real headless Chromium: its first screen's incidents first
//! (`Storage::load_first`), the rest after (`Storage::load_incidents`), joined without losing an
//! edit made meanwhile (`db::complete`).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use app::platform::db::Storage;
use incident_core::sample::{generate, SampleOptions};
use wasm_bindgen_test::*;

mod common;

use common::{now, unique_db};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_large_workspace_opens_with_its_first_screen_then_reads_the_rest() {
    use app::platform::db::{complete, first_screen, READ_WHOLE_BELOW};
    use incident_core::ops::{add_note, Actor};
    let name = unique_db("first");
    let bundle = generate(&SampleOptions {
        incidents: READ_WHOLE_BELOW as usize + 200,
        seed: 21,
        now: now(),
    });
    let storage = Storage::open(&name).await.unwrap();
    storage.save_bundle(&bundle).await.unwrap();
    let whole = storage.load_bundle(now()).await.unwrap().expect("stored");

    // Nothing known about the first screen yet: the whole workspace is read.
    let (read, whole_read) = storage.load_first(now()).await.unwrap().expect("stored");
    assert!(whole_read);
    assert_eq!(read, whole);

    // Once known, only the first screen's incidents: every open one and the latest past ones.
    let ids = first_screen(&whole).expect("a large workspace");
    let open: Vec<&str> = whole
        .incidents
        .iter()
        .filter(|i| i.is_open())
        .map(|i| i.id.as_str())
        .collect();
    assert!(!open.is_empty());
    assert!(open.iter().all(|id| ids.iter().any(|i| i == id)));
    storage
        .keep_first_screen(
            &ids,
            &whole.incidents.iter().map(|i| i.id.clone()).collect(),
        )
        .await
        .unwrap();
    let (first, whole_read) = storage.load_first(now()).await.unwrap().expect("stored");
    assert_eq!(first.incidents.len(), ids.len());
    assert!(!whole_read);
    assert_eq!(first.settings, whole.settings);
    assert_eq!(first.maintenances, whole.maintenances);
    assert_eq!(first.tombstones, whole.tombstones);
    // The list's first page is the same as the whole workspace's: newest first.
    let past = |b: &incident_core::Bundle| -> Vec<String> {
        b.incidents
            .iter()
            .filter(|i| !i.is_open())
            .take(50)
            .map(|i| i.id.clone())
            .collect()
    };
    assert_eq!(past(&first), past(&whole));

    // An old incident edited now opens on the first screen from then on.
    let old = whole.incidents.last().unwrap().clone();
    assert!(!ids.contains(&old.id));
    let mut edited = old.clone();
    let actor = Actor {
        person: None,
        device: "laptop".to_owned(),
        now: now(),
    };
    add_note(&mut edited, "Looked at again", &actor).unwrap();
    let stored = storage.put_incident_merged(&edited).await.unwrap();
    let (first, _) = storage.load_first(now()).await.unwrap().expect("stored");
    assert!(first.incidents.iter().any(|i| i == &stored));
    // This tab, done reading, keeps its list again (made before that edit): the incident
    // another tab stored since stays on it.
    let known = whole.incidents.iter().map(|i| i.id.clone()).collect();
    let mut declared = old.clone();
    declared.id = "declared-in-another-tab".to_owned();
    storage.put_incident_merged(&declared).await.unwrap();
    storage.keep_first_screen(&ids, &known).await.unwrap();
    let (first, _) = storage.load_first(now()).await.unwrap().expect("stored");
    assert!(first.incidents.iter().any(|i| i.id == declared.id));
    let total = whole.incidents.len() + 1;

    // Another tab edits an incident on this screen, and this tab missed its word: the stored
    // copy is newer than the shown one.
    let mut shown = first.clone();
    let open: Vec<String> = shown
        .incidents
        .iter()
        .filter(|i| i.is_open())
        .map(|i| i.id.clone())
        .collect();
    assert!(open.len() >= 2, "the sample has several open incidents");
    let mut elsewhere = shown
        .incidents
        .iter()
        .find(|i| i.id == open[1])
        .unwrap()
        .clone();
    let other_tab = Actor {
        device: "laptop~other-tab".to_owned(),
        ..actor.clone()
    };
    add_note(&mut elsewhere, "Noted in another tab", &other_tab).unwrap();
    storage.put_incident_merged(&elsewhere).await.unwrap();

    // The rest, read after, a batch at a time: every stored incident, once.
    let all = storage.load_incidents().await.unwrap();
    assert_eq!(all.len(), total);
    let mut ids: Vec<&str> = all.iter().map(|i| i.id.as_str()).collect();
    incident_core::sort::ascending(&mut ids);
    ids.dedup();
    assert_eq!(ids.len(), all.len());

    // Made whole with the rest: a copy edited on screen meanwhile keeps its edit, the other
    // tab's edit is there too, and nothing is missing or doubled.
    let on_screen = shown
        .incidents
        .iter_mut()
        .find(|i| i.id == open[0])
        .unwrap();
    add_note(on_screen, "Typed while the rest was read", &actor).unwrap();
    let typed = on_screen.clone();
    complete(&mut shown, all);
    assert_eq!(shown.incidents.len(), total);
    let notes = |id: &str| -> Vec<String> {
        shown
            .incidents
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .timeline
            .iter()
            .filter_map(|e| match &e.kind {
                incident_core::EventKind::Note { text } => Some(text.clone()),
                _ => None,
            })
            .collect()
    };
    assert!(notes(&open[0]).contains(&"Typed while the rest was read".to_owned()));
    assert!(notes(&open[1]).contains(&"Noted in another tab".to_owned()));
    let mut expected = storage.load_bundle(now()).await.unwrap().expect("stored");
    for i in &mut expected.incidents {
        if i.id == typed.id {
            *i = incident_core::merge::merge_incident_copies(i, &typed);
        }
    }
    assert_eq!(shown.incidents, expected.incidents);
}
