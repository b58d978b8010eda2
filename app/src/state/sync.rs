//! The sync folder: a team's workspace linked to a folder every member's computer sees (a synced
//! drive, a network share, a git checkout). Browsers with the File System Access API only;
//! the others keep export and import.
//!
//! Layout (docs/sync.md): `workspace/<device>.json`, each browser's whole workspace, written
//! only by that browser; `public/<device>.json`, its public part (what `site-gen build
//! <folder>/public/` builds the site from). On every stored change (after a pause in typing)
//! this browser writes its two files; while the page is visible it looks for the other
//! browsers' files every few seconds and merges each one that changed exactly as an import
//! does (`state::incoming`): merged by itself when it only adds and updates, shown for a
//! person to look at first when it deletes or brings conflicts. A file that is not a complete
//! bundle (half-written by a sync client) is left with a message; nothing stored changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use incident_core::merge::MergePreview;
use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::FileSystemDirectoryHandle as Dir;

use crate::platform::files::{self, yield_to_page};
use crate::platform::{clock, folder, page};
use crate::state::incoming;

const FOLDER_KEY: &str = "sync:cygni-team";
const WORKSPACE_DIR: &str = "workspace";
const PUBLIC_DIR: &str = "public";
/// How long after the last change the files are written, in milliseconds.
const DEBOUNCE_MS: u64 = 1200;
/// How often the other browsers' files are looked for while the page is visible.
const POLL_MS: u64 = 3000;

/// The sync folder as the screens see it.
#[derive(Clone, Copy)]
pub(crate) struct Sync {
    /// Whether this workspace may have one (the demo may not).
    pub(crate) allowed: bool,
    /// The linked folder's name.
    pub(crate) folder: RwSignal<Option<String>>,
    /// A folder kept from before whose permission the browser must ask again (from a click).
    pub(crate) asks_again: RwSignal<Option<String>>,
    /// What was done last, for a person to read.
    pub(crate) line: RwSignal<Option<String>>,
    /// What could not be done (a file left unread, a write that failed), and the file it is
    /// about (cleared when that file merges).
    pub(crate) problem: RwSignal<Option<String>>,
    problem_of: StoredValue<Option<String>>,
    /// Another browser's file that deletes or brings conflicts: shown before it is merged.
    pub(crate) review: RwSignal<Option<(String, Arc<MergePreview>)>>,
    dir: StoredValue<Option<Dir>, LocalStorage>,
    /// Per file of another browser: (last changed, size) when last read.
    seen: StoredValue<HashMap<String, (f64, f64)>, LocalStorage>,
    /// The text last written, so an unchanged workspace is not written again.
    written: StoredValue<(u64, u64), LocalStorage>,
    /// A write is under way; `again`: the workspace changed meanwhile.
    writing: StoredValue<bool>,
    again: StoredValue<bool>,
    busy: RwSignal<bool>,
    generation: StoredValue<u64>,
    workspace: RwSignal<Bundle>,
    /// Whether every stored incident has been read: until then nothing is written to the
    /// folder (it would hold part of the workspace) nor merged from it.
    whole: RwSignal<bool>,
}

/// The sync folder given by the frame.
pub(crate) fn use_sync() -> Sync {
    expect_context::<Sync>()
}

/// Starts the sync folder of `workspace` (if this browser linked one) and gives it to the
/// screens.
pub(crate) fn provide_sync(workspace: RwSignal<Bundle>, whole: RwSignal<bool>) {
    let sync = Sync {
        allowed: folder::supported() && !workspace.with_untracked(|b| b.sample),
        folder: RwSignal::new(None),
        asks_again: RwSignal::new(None),
        line: RwSignal::new(None),
        problem: RwSignal::new(None),
        problem_of: StoredValue::new(None),
        review: RwSignal::new(None),
        dir: StoredValue::new_local(None),
        seen: StoredValue::new_local(HashMap::new()),
        written: StoredValue::new_local((0, 0)),
        writing: StoredValue::new(false),
        again: StoredValue::new(false),
        busy: RwSignal::new(false),
        generation: StoredValue::new(0),
        workspace,
        whole,
    };
    provide_context(sync);
    if !sync.allowed {
        return;
    }
    spawn_local(async move {
        if let Ok(Some(dir)) = folder::remembered(FOLDER_KEY).await {
            if folder::permitted(&dir, false).await.unwrap_or(false) {
                use_folder(sync, dir);
            } else {
                sync.asks_again.set(Some(folder::name(&dir)));
            }
        }
    });
    // Every stored change, written after a pause.
    Effect::new(move |_| {
        workspace.track();
        let generation = sync.generation.with_value(|g| g + 1);
        sync.generation.set_value(generation);
        set_timeout(
            move || {
                if sync.generation.get_value() == generation {
                    spawn_local(write(sync));
                }
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    });
    set_interval(
        move || {
            if page::visible() {
                spawn_local(read_others(sync));
            }
        },
        Duration::from_millis(POLL_MS),
    );
}

fn use_folder(sync: Sync, dir: Dir) {
    sync.folder.set(Some(folder::name(&dir)));
    sync.asks_again.set(None);
    sync.dir.set_value(Some(dir));
    sync.written.set_value((0, 0));
    sync.seen.set_value(HashMap::new());
    spawn_local(async move {
        write(sync).await;
        read_others(sync).await;
    });
}

/// Links a folder the person chooses now (from a click).
pub(crate) async fn link(sync: Sync) -> Result<(), String> {
    let Some(dir) = folder::pick("cygni-sync").await? else {
        return Ok(());
    };
    // The sync folder holds the whole workspace, internal words and all: never a folder a
    // status site is published into (and served from).
    let top = folder::files_in(&dir, "").await?;
    if top.iter().any(|f| f.name == status_pages::site::MARKER) {
        return Err(format!(
            "The folder {} holds a published status site. The sync folder holds the whole workspace, internal notes and all, so it must be a folder of its own that is never served to the public.",
            folder::name(&dir)
        ));
    }
    if !folder::permitted(&dir, true).await? {
        return Err(format!(
            "The browser was not allowed to use the folder {}.",
            folder::name(&dir)
        ));
    }
    folder::remember(FOLDER_KEY, &dir).await?;
    use_folder(sync, dir);
    Ok(())
}

/// Asks the browser again for the folder kept from before (from a click).
pub(crate) async fn resume(sync: Sync) -> Result<(), String> {
    let Some(dir) = folder::remembered(FOLDER_KEY).await? else {
        sync.asks_again.set(None);
        return Ok(());
    };
    if folder::permitted(&dir, true).await? {
        use_folder(sync, dir);
        Ok(())
    } else {
        Err("The browser was not allowed to use the folder.".to_owned())
    }
}

/// Unlinks the folder (its files stay; the other browsers go on with theirs).
pub(crate) async fn unlink(sync: Sync) -> Result<(), String> {
    folder::forget(FOLDER_KEY).await?;
    sync.dir.set_value(None);
    sync.folder.set(None);
    sync.asks_again.set(None);
    sync.line.set(None);
    sync.problem.set(None);
    sync.review.set(None);
    Ok(())
}

/// Writes this browser's two files, when the workspace changed since they were last written;
/// one write at a time (a change during a write is written after it).
async fn write(sync: Sync) {
    if sync.writing.get_value() {
        sync.again.set_value(true);
        return;
    }
    sync.writing.set_value(true);
    loop {
        sync.again.set_value(false);
        write_once(sync).await;
        if !sync.again.get_value() {
            break;
        }
    }
    sync.writing.set_value(false);
}

async fn write_once(sync: Sync) {
    let Some(dir) = sync.dir.get_value() else {
        return;
    };
    if !sync.whole.get_untracked() {
        // Written once the rest is read (that changes the workspace, which writes it).
        return;
    }
    let result = async {
        // One copy, then the text a batch of incidents at a time (the page answers in between).
        let whole = sync.workspace.with_untracked(Clone::clone);
        let (text, sum) = encoded(&whole).await?;
        if sync.written.get_value() == sum {
            return Ok(false);
        }
        let file = format!("{}.json", whole.device_id);
        yield_to_page().await;
        let mut public = incident_core::public::public_bundle(&whole);
        public.exported_at = whole.exported_at;
        drop(whole);
        let (public_text, _) = encoded(&public).await?;
        folder::write_blob(&dir, &format!("{WORKSPACE_DIR}/{file}"), &text).await?;
        folder::write_blob(&dir, &format!("{PUBLIC_DIR}/{file}"), &public_text).await?;
        sync.written.set_value(sum);
        Ok::<bool, String>(true)
    }
    .await;
    match result {
        Ok(false) => {}
        Ok(true) => {
            clear_problem(sync, None);
            sync.line.set(Some(format!(
                "Written to the folder at {} UTC.",
                clock::now().utc_hhmm()
            )));
        }
        Err(e) => say_problem(
            sync,
            None,
            format!("This browser's changes could not be written to the sync folder: {e}"),
        ),
    }
}

/// `bundle` as its export's text (pretty JSON, readable in a diff), made a batch of incidents
/// at a time with the page answering in between: one blob, and a checksum of the text.
async fn encoded(bundle: &Bundle) -> Result<(web_sys::Blob, (u64, u64)), String> {
    let parts = js_sys::Array::new();
    let (mut hash, mut len): (u64, u64) = (0xcbf2_9ce4_8422_2325, 0);
    for part in bundle.to_json_pretty_parts(incoming::BATCH) {
        for b in part.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        len += part.len() as u64;
        parts.push(&files::blob_of(&part)?.into());
        yield_to_page().await;
    }
    let blob = web_sys::Blob::new_with_blob_sequence(&parts).map_err(|e| format!("{e:?}"))?;
    Ok((blob, (hash, len)))
}

/// Takes back what was said could not be done, when it was about `path` (`None`: this
/// browser's own files or the folder).
fn clear_problem(sync: Sync, path: Option<&str>) {
    if sync.problem_of.with_value(|p| p.as_deref() == path) {
        sync.problem.set(None);
    }
}

/// Says what could not be done; `path`: the other browser's file it is about.
fn say_problem(sync: Sync, path: Option<&str>, text: String) {
    sync.problem_of.set_value(path.map(str::to_owned));
    sync.problem.set(Some(text));
}

/// Reads the other browsers' files that changed since last read, one at a time, and merges each.
async fn read_others(sync: Sync) {
    let Some(dir) = sync.dir.get_value() else {
        return;
    };
    // Merged once the rest is read (the next look, a few seconds later).
    if !sync.whole.get_untracked()
        || sync.busy.get_untracked()
        || sync.review.with_untracked(Option::is_some)
    {
        return;
    }
    sync.busy.set(true);
    let own = sync
        .workspace
        .with_untracked(|b| format!("{}.json", b.device_id));
    let listed = folder::files_in(&dir, WORKSPACE_DIR).await;
    let files = match listed {
        Ok(files) => files,
        Err(e) => {
            say_problem(sync, None, e);
            sync.busy.set(false);
            return;
        }
    };
    for f in files {
        if f.name == own || f.name.starts_with('.') || !f.name.ends_with(".json") {
            continue;
        }
        let mark = (f.modified, f.size);
        if sync.seen.with_value(|s| s.get(&f.name) == Some(&mark)) {
            continue;
        }
        sync.seen.update_value(|s| {
            s.insert(f.name.clone(), mark);
        });
        merge_file(sync, &dir, &f.name).await;
        if sync.review.with_untracked(Option::is_some) {
            break;
        }
    }
    sync.busy.set(false);
}

async fn merge_file(sync: Sync, dir: &Dir, name: &str) {
    let path = format!("{WORKSPACE_DIR}/{name}");
    let left = |why: String| {
        say_problem(
            sync,
            Some(&path),
            format!("{path} in the sync folder was not merged: {why}. It is read again when it changes; nothing in this workspace changed."),
        );
    };
    let text = match folder::read(dir, &path).await {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return left("it is not UTF-8 text".into()),
        },
        Ok(None) => return,
        Err(e) => return left(e),
    };
    let incoming = match incoming::check(&text, |_, _| {}).await {
        Ok(b) => b,
        Err(problems) => {
            let first = problems.first().cloned().unwrap_or_default();
            return left(format!("it is not a complete bundle ({first})"));
        }
    };
    drop(text);
    let preview = match incoming::compare(sync.workspace, incoming, |_| {}).await {
        Ok(p) => p,
        Err(why) => return left(why),
    };
    // Deletions of what this browser does not show change nothing on screen, but are kept: a
    // copy brought back later from elsewhere stays deleted.
    let new_deletions = sync
        .workspace
        .with_untracked(|b| b.tombstones != preview.merged.tombstones);
    if preview.is_noop() && !new_deletions {
        clear_problem(sync, Some(&path));
        return;
    }
    if incoming::asks_a_person(&preview) {
        sync.review.set(Some((path, Arc::new(preview))));
        return;
    }
    apply(sync, path, preview.merged).await;
}

/// Merges a file's changes into the workspace (by itself, or after a person looked).
pub(crate) async fn apply(sync: Sync, path: String, merged: Bundle) {
    match incoming::apply(sync.workspace, merged, |_| {}).await {
        Ok(()) => {
            clear_problem(sync, Some(&path));
            sync.line.set(Some(format!(
                "Merged {path} from the sync folder at {} UTC.",
                clock::now().utc_hhmm()
            )));
        }
        Err(e) => say_problem(
            sync,
            Some(&path),
            format!("{path} could not be merged: {e}"),
        ),
    }
}

/// The person looked at the file waiting for review: merge it, or leave it until it changes.
pub(crate) fn settle_review(sync: Sync, merge: bool) {
    // Taken out, not copied (the merged workspace may hold thousands of incidents).
    let Some((path, preview)) = sync.review.try_update(Option::take).flatten() else {
        return;
    };
    if merge {
        spawn_local(apply(sync, path, incoming::merged_of(preview)));
    } else {
        sync.line.set(Some(format!(
            "{path} was not merged; it is offered again when it changes."
        )));
    }
}
