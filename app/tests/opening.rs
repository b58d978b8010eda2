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
    let (read, unread) = storage.load_first(now()).await.unwrap().expect("stored");
    assert_eq!(unread, 0);
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
    storage.keep_first_screen(&ids).await.unwrap();
    let (first, unread) = storage.load_first(now()).await.unwrap().expect("stored");
    assert_eq!(first.incidents.len(), ids.len());
    assert_eq!(unread, whole.incidents.len() - ids.len());
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

    // The rest, read after: every stored incident.
    let all = storage.load_incidents().await.unwrap();
    assert_eq!(all.len(), whole.incidents.len());

    // Made whole with the rest, a copy edited on screen meanwhile is kept (not the older
    // stored one) and nothing is missing or doubled.
    let mut shown = first.clone();
    let on_screen = shown.incidents.iter_mut().find(|i| i.is_open()).unwrap();
    add_note(on_screen, "Typed while the rest was read", &actor).unwrap();
    let typed = on_screen.clone();
    complete(&mut shown, all);
    assert_eq!(shown.incidents.len(), whole.incidents.len());
    assert!(shown.incidents.iter().any(|i| i == &typed));
    let mut expected = storage.load_bundle(now()).await.unwrap().expect("stored");
    for i in &mut expected.incidents {
        if i.id == typed.id {
            *i = typed.clone();
        }
    }
    assert_eq!(shown.incidents, expected.incidents);
}
