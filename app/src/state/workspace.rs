//! The workspace: opened (the sample on the very first run), and every write of it. Each write
//! goes to IndexedDB first (merged there with what another tab stored), then into the signal the
//! screens read, then is announced to the other tabs; `Err` leaves everything as it was.

use std::collections::BTreeSet;

use incident_core::describe::conflict::Authors;
use incident_core::merge::{hidden_settings, live_settings};
use incident_core::model::{Component, Person, RecordKind};
use incident_core::ops::Actor;
use incident_core::sample::{generate, SampleOptions};
use incident_core::settings_edit::{self, Setup};
use incident_core::{Bundle, Incident, Maintenance, Settings, Timestamp, Tombstone};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::channel::{self, Change};
use crate::platform::db::{complete, first_screen, Storage, StorageError, DEMO_DB, TEAM_DB};
use crate::platform::ids;
use crate::platform::local::{self, LocalKey};
use crate::platform::{clock, page};
use crate::{SAMPLE_INCIDENTS, SAMPLE_SEED};

/// Which workspace this browser opens: the team's real one or the demo. Kept apart, each in a
/// database of its own, and never merged into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Team,
    Demo,
}

/// The workspace this browser chose, if it chose one.
pub(crate) fn kind() -> Option<Kind> {
    match local::get(&LocalKey::Mode).as_deref() {
        Some("team") => Some(Kind::Team),
        Some("demo") => Some(Kind::Demo),
        _ => None,
    }
}

fn choose(kind: Kind) {
    let _ = local::set(
        &LocalKey::Mode,
        match kind {
            Kind::Team => "team",
            Kind::Demo => "demo",
        },
    );
}

/// The database of the chosen workspace (the demo's before any choice: where every workspace
/// was kept until the two were apart).
fn db() -> &'static str {
    match kind() {
        Some(Kind::Team) => TEAM_DB,
        Some(Kind::Demo) | None => DEMO_DB,
    }
}

/// What opening found.
#[derive(Debug)]
pub(crate) enum Opened {
    /// The workspace, whether the demo's sample was stored now, and whether it is whole (if
    /// not, [`read_rest`] reads the rest of its incidents).
    Ready(Box<Bundle>, bool, bool),
    /// Nothing chosen and nothing stored: the first screen asks what to do.
    Choose,
}

/// Opens the chosen workspace. The demo is made on its first open (the sample); a team's
/// workspace only by setting it up or joining; before any choice, a browser that holds a
/// workspace from before the choice existed opens it (the demo), and one that holds none is
/// asked. Nothing is stored before the answer.
pub(crate) async fn open(now: Timestamp) -> Result<Opened, StorageError> {
    let chosen = kind();
    let storage = Storage::open(db()).await?;
    // A workspace stored by an earlier version is brought up to this one's format first.
    storage.migrate().await?;
    // A large workspace opens with its first screen's incidents; the rest is read after.
    if let Some((bundle, whole)) = storage.load_first(now).await? {
        if let (true, Some((ids, known))) = (whole, first_screen_of(&bundle)) {
            // Best effort: without the list, the next opening reads everything first.
            let _ = storage.keep_first_screen(&ids, &known).await;
        }
        storage.close();
        if chosen.is_none() {
            choose(Kind::Demo);
        }
        return Ok(Opened::Ready(Box::new(bundle), false, whole));
    }
    if chosen != Some(Kind::Demo) {
        storage.close();
        return Ok(Opened::Choose);
    }
    // The sample's present is the start of the hour: two people who open the demo in the same
    // hour get the same sample, so their copies merge like copies of one workspace.
    let hour = now.unix_millis() - now.unix_millis().rem_euclid(3_600_000);
    let sample = generate(&SampleOptions {
        incidents: SAMPLE_INCIDENTS,
        seed: SAMPLE_SEED,
        now: Timestamp::from_unix_millis(hour).unwrap_or(now),
    });
    storage.save_bundle(&sample).await?;
    // Read back what was stored, so the screen shows what a reload will show.
    let stored = storage.load_bundle(now).await?.unwrap_or(sample);
    storage.close();
    Ok(Opened::Ready(Box::new(stored), true, true))
}

/// The first screen's ids of `bundle` (a whole workspace, when large: [`first_screen`]) and the
/// ids of every incident it holds, for [`Storage::keep_first_screen`].
fn first_screen_of(bundle: &Bundle) -> Option<(Vec<String>, std::collections::HashSet<String>)> {
    let ids = first_screen(bundle)?;
    Some((ids, bundle.incidents.iter().map(|i| i.id.clone()).collect()))
}

/// Reads every stored incident after the first screen's (a large workspace opens with those
/// only, [`open`]) and makes the workspace whole ([`complete`]: an incident already on screen
/// keeps its copy, or is merged with the stored one when each has something the other lacks;
/// the others are added). `whole` turns true then; the screens and the sync that need every
/// incident wait for it.
pub(crate) async fn read_rest(
    workspace: RwSignal<Bundle>,
    whole: RwSignal<bool>,
) -> Result<(), StorageError> {
    let storage = Storage::open(db()).await?;
    let all = storage.load_incidents().await;
    let all = match all {
        Ok(all) => all,
        Err(e) => {
            storage.close();
            return Err(e);
        }
    };
    workspace.update(|b| complete(b, all));
    whole.set(true);
    // For the next opening (best effort: without it, that opening reads everything first).
    if let Some((ids, known)) = workspace.with_untracked(first_screen_of) {
        let _ = storage.keep_first_screen(&ids, &known).await;
    }
    storage.close();
    Ok(())
}

/// Opens the demo from now on (made on its first open).
pub(crate) fn explore_demo() {
    choose(Kind::Demo);
    page::restart();
}

/// Leaves the demo for the team's workspace (or the first screen, when there is none yet).
pub(crate) fn leave_demo() {
    choose(Kind::Team);
    page::restart();
}

/// Sets up the team's workspace from the first screen's answers; it opens from now on.
pub(crate) async fn create_team(setup: &Setup) -> Result<(), String> {
    let device = format!("team-{}", ids::new_id());
    let actor = Actor {
        person: None,
        device: device.clone(),
        now: clock::now(),
    };
    let settings = settings_edit::new_workspace(setup, &actor).map_err(|r| r.0)?;
    store_team(&Bundle::new(settings, device, actor.now)).await
}

/// Makes a colleague's export this browser's team workspace (under a device id of its own, so
/// the two copies' edits are told apart). Sample data is refused.
pub(crate) async fn join_team(mut incoming: Bundle) -> Result<(), String> {
    if incoming.sample {
        return Err("this file is sample data (Cygni's demo, made up), not a team's workspace. Choose \u{201c}Explore the demo\u{201d} to look around, or ask your colleague for an export of your team's workspace.".to_owned());
    }
    incoming.device_id = format!("team-{}", ids::new_id());
    store_team(&incoming).await
}

async fn store_team(bundle: &Bundle) -> Result<(), String> {
    let storage = Storage::open(TEAM_DB).await.map_err(|e| e.to_string())?;
    let existing = storage.load_bundle(clock::now()).await;
    let result = match existing {
        Ok(None) => storage.save_bundle(bundle).await.map_err(|e| e.to_string()),
        Ok(Some(_)) => Err(
            "this browser already holds a team workspace: open it, or reset it in Settings first."
                .to_owned(),
        ),
        Err(e) => Err(e.to_string()),
    };
    storage.close();
    result?;
    choose(Kind::Team);
    page::restart();
    Ok(())
}

/// Deletes the chosen workspace from this browser: the demo starts again from a fresh sample, a
/// team's workspace from the first screen. Other tabs are told.
pub(crate) async fn reset() -> Result<(), StorageError> {
    Storage::delete_database(db()).await?;
    channel::announce(&Change::Reset);
    page::restart();
    Ok(())
}

/// Who acts now in this tab: the chosen person, this tab's device id, the time.
pub(crate) fn actor(workspace: RwSignal<Bundle>, me: RwSignal<Option<String>>) -> Actor {
    Actor {
        person: me.get_untracked(),
        device: tab_device(workspace),
        now: clock::now(),
    }
}

/// Who wrote what, for conflicts in words: learnt from the workspace's incidents; the copies
/// of this browser (any tab) are the person chosen here. Learnt only when there are
/// `conflicts` to name: it reads every incident's timeline (at 10,000 incidents, half of the
/// time it took to open an incident, which almost never has a conflict).
pub(crate) fn authors(b: &Bundle, me: Option<&str>, conflicts: usize) -> Authors {
    if conflicts == 0 {
        return Authors::default();
    }
    Authors::of(b).with(&b.device_id, me)
}

/// This tab's device id in `workspace`.
pub(crate) fn tab_device(workspace: RwSignal<Bundle>) -> String {
    channel::tab_device(&workspace.with_untracked(|b| b.device_id.clone()))
}

/// Saves `incident` (merged with what another tab stored), then puts it into the workspace and
/// tells the other tabs; `Err` leaves both as they were.
pub(crate) async fn save_incident(
    workspace: RwSignal<Bundle>,
    incident: Incident,
) -> Result<(), String> {
    let storage = Storage::open(db()).await.map_err(|e| e.to_string())?;
    let result = storage
        .put_incident_merged(&incident)
        .await
        .map_err(|e| e.to_string());
    storage.close();
    let stored = result?;
    channel::announce(&Change::Incident(stored.id.clone()));
    show(workspace, stored);
    Ok(())
}

/// Saves a maintenance window (merged with what another tab stored), then puts it into the
/// workspace and tells the other tabs; `Err` leaves both as they were.
pub(crate) async fn save_maintenance(
    workspace: RwSignal<Bundle>,
    maintenance: Maintenance,
) -> Result<(), String> {
    let storage = Storage::open(db()).await.map_err(|e| e.to_string())?;
    let result = storage
        .put_maintenance_merged(&maintenance)
        .await
        .map_err(|e| e.to_string());
    storage.close();
    let stored = result?;
    channel::announce(&Change::Workspace);
    workspace.update(
        |b| match b.maintenances.iter_mut().find(|m| m.id == stored.id) {
            Some(slot) => *slot = stored,
            None => b.maintenances.insert(0, stored),
        },
    );
    Ok(())
}

/// Stores a new incident and opens its page; `busy` is set while saving, `saved` runs once it
/// is stored, `failed` hears why nothing was stored.
pub(crate) fn save_and_open(
    workspace: RwSignal<Bundle>,
    incident: Incident,
    busy: RwSignal<bool>,
    saved: impl FnOnce() + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    busy.set(true);
    let id = incident.id.clone();
    spawn_local(async move {
        match save_incident(workspace, incident).await {
            Ok(()) => {
                saved();
                page::go(&crate::route::Route::Incident(id).href());
            }
            Err(e) => failed(e),
        }
        busy.set(false);
    });
}

/// Puts a stored incident into the workspace on screen.
fn show(workspace: RwSignal<Bundle>, incident: Incident) {
    workspace.update(
        |b| match b.incidents.iter_mut().find(|i| i.id == incident.id) {
            Some(slot) => *slot = incident,
            None => b.incidents.insert(0, incident),
        },
    );
}

/// Stores a deletion (of an incident or a settings record) beside the workspace, puts it into
/// the workspace and tells the other tabs, which reload.
pub(crate) async fn store_tombstone(
    workspace: RwSignal<Bundle>,
    tombstone: Tombstone,
) -> Result<(), StorageError> {
    let storage = Storage::open(db()).await?;
    let result = storage.put_tombstone(&tombstone).await;
    storage.close();
    result?;
    channel::announce(&Change::Workspace);
    workspace.update(|b| b.tombstones.push(tombstone));
    Ok(())
}

/// Deletes an incident: a tombstone stored beside the workspace (the incident stays, hidden, so
/// copies merge), other tabs told; `failed` hears why not.
pub(crate) fn delete_incident(
    workspace: RwSignal<Bundle>,
    incident: &Incident,
    failed: impl FnOnce(String) + 'static,
) {
    let tombstone =
        incident_core::merge::delete_incident(incident, &tab_device(workspace), clock::now());
    spawn_local(async move {
        if let Err(e) = store_tombstone(workspace, tombstone).await {
            failed(format!("Not deleted: {e}"));
        }
    });
}

/// Stores `settings` (merged with another tab's), puts what was stored into the workspace and
/// tells the other tabs; returns what was stored.
pub(crate) async fn save_settings(
    workspace: RwSignal<Bundle>,
    settings: Settings,
) -> Result<Settings, String> {
    let storage = Storage::open(db()).await.map_err(|e| e.to_string())?;
    let result = storage
        .put_settings_merged(&settings)
        .await
        .map_err(|e| e.to_string());
    storage.close();
    let stored = result?;
    channel::announce(&Change::Settings);
    workspace.update(|b| b.settings = stored.clone());
    Ok(stored)
}

/// Merges an import's result into what is stored now (not over it: another tab may have stored
/// work since the preview was computed), in one transaction; then shows the stored workspace and
/// tells the other tabs. `progress` hears how many incidents are done. The incidents the import
/// leaves as this page holds them (most of them, when a file overlaps the workspace) are
/// neither compared with what is stored nor written (`Storage::merge_in`'s `unchanged`).
pub(crate) async fn merge_import(
    workspace: RwSignal<Bundle>,
    mut merged: Bundle,
    progress: impl Fn(usize),
) -> Result<(), StorageError> {
    let unchanged = workspace.with_untracked(|held| take_unchanged(&mut merged, held));
    let set_aside: std::collections::HashSet<String> =
        unchanged.iter().map(|i| i.id.clone()).collect();
    let storage = Storage::open(db()).await?;
    let result = storage.merge_in(merged, unchanged, progress).await;
    storage.close();
    let mut result = result?;
    // Those set aside as the page's current copies: another tab's edit it heard of during the
    // save stays on screen (nothing stored of them was touched).
    workspace.update(|held| {
        let mut current: std::collections::HashMap<String, Incident> =
            std::mem::take(&mut held.incidents)
                .into_iter()
                .filter(|i| set_aside.contains(&i.id))
                .map(|i| (i.id.clone(), i))
                .collect();
        for incident in &mut result.incidents {
            if let Some(now) = current.remove(&incident.id) {
                *incident = now;
            }
        }
        crate::platform::db::sort_for_screen(&mut result);
        *held = result;
    });
    channel::announce(&Change::Workspace);
    Ok(())
}

/// Takes out of `merged` the incidents equal to `held`'s copies (moved, not copied).
fn take_unchanged(merged: &mut Bundle, held: &Bundle) -> Vec<Incident> {
    let held: std::collections::HashMap<&str, &Incident> =
        held.incidents.iter().map(|i| (i.id.as_str(), i)).collect();
    let (same, changed): (Vec<Incident>, Vec<Incident>) = std::mem::take(&mut merged.incidents)
        .into_iter()
        .partition(|i| held.get(i.id.as_str()).is_some_and(|h| *h == i));
    merged.incidents = changed;
    same
}

/// Applies what other tabs store to this tab's workspace, as they announce it.
pub(crate) fn follow_other_tabs(workspace: RwSignal<Bundle>, whole: RwSignal<bool>) {
    channel::listen(move |change| {
        spawn_local(async move {
            let Ok(storage) = Storage::open(db()).await else {
                return;
            };
            match change {
                Change::Workspace => {
                    if let Ok(Some(bundle)) = storage.load_bundle(clock::now()).await {
                        workspace.set(bundle);
                        whole.set(true);
                    }
                }
                Change::Settings => {
                    if let Ok(Some(settings)) = storage.get_settings().await {
                        workspace.update(|b| b.settings = settings);
                    }
                }
                Change::Reset => {
                    // The workspace was deleted in another tab: this one starts again too.
                    storage.close();
                    page::restart();
                    return;
                }
                Change::Incident(id) => {
                    if let Ok(Some(incident)) = storage.get_incident(&id).await {
                        show(workspace, incident);
                    }
                }
            }
            storage.close();
        });
    });
}

/// The people a picker offers: those not removed from the workspace, and `keep` (the current
/// choice) even if removed, so that a picker never shows a choice as unset.
pub(crate) fn offered_people(b: &Bundle, keep: Option<&str>) -> Vec<Person> {
    let hidden = hidden_settings(&b.settings, &b.tombstones);
    b.settings
        .people
        .iter()
        .filter(|p| Some(p.id.as_str()) == keep || !hidden.contains(&(RecordKind::Person, &p.id)))
        .cloned()
        .collect()
}

/// The components a picker offers: those not removed from the workspace.
pub(crate) fn offered_components(b: &Bundle) -> Vec<Component> {
    live_settings(&b.settings, &b.tombstones).components.clone()
}

/// The removed settings records, by kind and id.
pub(crate) fn removed_records(b: &Bundle) -> BTreeSet<(RecordKind, String)> {
    hidden_settings(&b.settings, &b.tombstones)
        .into_iter()
        .map(|(k, id)| (k, id.to_owned()))
        .collect()
}
