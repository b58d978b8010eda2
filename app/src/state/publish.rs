//! *Publish*: the whole public site built here, in the browser, from the public part of the
//! workspace (`public::public_bundle`, what the public export holds) by the renderer site-gen
//! uses (`status_pages::site`, in the site worker: `platform::site_worker`), so the files are
//! byte for byte those of `site-gen build` of the public export with the same now and base URL.
//! Then either one zip downloaded or every file written into a folder the person chose
//! (remembered in this browser, `platform::folder`). The check runs in steps, the page answering
//! in between; the build runs off the page's thread; both say how far they are.

use incident_core::{Bundle, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;

use ::site_worker::protocol::{Reply, Request};
use status_pages::site::{MARKER, MARKER_TEXT};
use status_pages::OutFile;
use web_sys::FileSystemDirectoryHandle as Dir;

use crate::platform::files::{self, yield_to_page};
use crate::platform::{clock, folder, site_worker};

/// Incidents the publish check reads between two chances for the page to answer.
const BATCH: usize = 100;
/// The longest the work runs before the page may answer again, in milliseconds.
const SLICE_MS: f64 = 40.0;
/// The key under which this browser remembers the folder it publishes into.
const FOLDER_KEY: &str = "publish:cygni-team";

/// Where a publish stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Publishing {
    Idle,
    /// What is being done, and how far (done, of total).
    Running(String, usize, usize),
    Done(String),
    Failed(String),
}

/// Where the site goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// One zip, downloaded.
    Zip,
    /// The folder this browser remembers, or one the person chooses now.
    Folder { choose: bool },
}

/// `cygni-status-site-20261126T031500Z.zip`: the build's now in the name.
pub(crate) fn zip_name(now: Timestamp) -> String {
    format!(
        "cygni-status-site-{}.zip",
        now.datetime().format("%Y%m%dT%H%M%SZ")
    )
}

/// The build's now: the clock to the whole second (what the zip's name and `--now` can say).
pub(crate) fn publish_now() -> Timestamp {
    let ms = clock::now().unix_millis();
    Timestamp::from_unix_millis(ms - ms.rem_euclid(1000)).unwrap_or_else(clock::now)
}

/// The name of the folder this browser publishes into, if it remembers one.
pub(crate) async fn remembered_folder() -> Option<String> {
    folder::remembered(FOLDER_KEY)
        .await
        .ok()
        .flatten()
        .map(|d| folder::name(&d))
}

/// Forgets the folder (its files stay).
pub(crate) async fn forget_folder() -> Result<(), String> {
    folder::forget(FOLDER_KEY).await
}

/// The public part of `workspace` as of `now`, or why it may not be published (`Ok(None)`: the
/// person chose not to). The publish check reads it against the workspace's own settings (the
/// public part has no people, whose names are what the check looks for); `confirm` is asked
/// when it finds anything. The page answers between the steps.
async fn public_part(
    workspace: RwSignal<Bundle>,
    now: Timestamp,
    confirm: impl FnOnce(&[incident_core::publish_check::Finding]) -> bool,
) -> Result<Option<Bundle>, String> {
    if workspace.with_untracked(|b| b.sample) {
        return Err("This is the demo: its incidents are made up, and they must never reach a public status site. Publish from your team's workspace (the first screen's Set up our workspace).".to_owned());
    }
    let started = files::millis();
    let mut public = workspace.with_untracked(incident_core::public::public_bundle);
    public.exported_at = now;
    let t = files::timing("publish-public-part", started);
    yield_to_page().await;
    let settings = workspace.with_untracked(|b| b.settings.clone());
    let found = check_public_part(&mut public, settings, now).await;
    files::timing("publish-check", t);
    Ok(confirm(&found).then_some(public))
}

/// The publish check of a public part (what the site would publish), against the workspace's
/// own `settings` (the public part has no people, whose names are what the check looks for), at
/// the paths of the public part; a few incidents at a time (a tenth of a millisecond each), the
/// page answering in between. Publish and the public export ask it.
pub(crate) async fn check_public_part(
    public: &mut Bundle,
    settings: incident_core::Settings,
    now: Timestamp,
) -> Vec<incident_core::publish_check::Finding> {
    let own = std::mem::replace(&mut public.settings, settings);
    let mut check = incident_core::publish_check::PublicCheck::new(public, now);
    let mut slice = clock::millis();
    while check.step(BATCH) {
        if spent(&mut slice) {
            yield_to_page().await;
        }
    }
    let found = check.finish();
    public.settings = own;
    found
}

/// Builds the site of the workspace's public part at `now` and sends it to `target`, telling
/// `status` how far it is.
pub(crate) fn publish(
    workspace: RwSignal<Bundle>,
    now: Timestamp,
    target: Target,
    confirm: impl FnOnce(&[incident_core::publish_check::Finding]) -> bool + 'static,
    status: RwSignal<Publishing>,
) {
    if matches!(status.get_untracked(), Publishing::Running(..)) {
        return;
    }
    status.set(Publishing::Running(
        "Taking the public part of the workspace".into(),
        0,
        1,
    ));
    spawn_local(async move {
        // The folder first, while the click still lets the browser ask for one.
        let dir = match target {
            Target::Zip => None,
            Target::Folder { choose } => match the_folder(choose).await {
                Ok(Some(dir)) => Some(dir),
                Ok(None) => return status.set(Publishing::Idle),
                Err(e) => return status.set(Publishing::Failed(e)),
            },
        };
        yield_to_page().await;
        let result = match public_part(workspace, now, confirm).await {
            Err(e) => Err(e),
            Ok(None) => Ok(None),
            Ok(Some(public)) => match dir {
                None => to_zip(public, now, status).await,
                Some(dir) => to_folder(public, now, dir, status).await,
            },
        };
        status.set(match result {
            Ok(Some(done)) => Publishing::Done(done),
            Ok(None) => Publishing::Idle,
            Err(e) => Publishing::Failed(e),
        });
    });
}

/// Whether the page should be let answer now (the slice since `since` is used up).
fn spent(since: &mut f64) -> bool {
    let now = clock::millis();
    if now - *since > SLICE_MS {
        *since = now;
        true
    } else {
        false
    }
}

/// The site of `public` at `now`, built by the site worker (off the page's thread): one zip of
/// so many files, or the files themselves.
enum Built {
    Zip(js_sys::Uint8Array, usize),
    Files(Vec<OutFile>),
}

async fn build(
    public: Bundle,
    now: Timestamp,
    zip: bool,
    status: RwSignal<Publishing>,
) -> Result<Built, String> {
    let id = site_worker::next_id();
    let request = Request::Publish {
        id,
        now,
        public,
        zip,
    };
    let files: Rc<RefCell<Vec<OutFile>>> = Rc::default();
    let kept = files.clone();
    let each = move |reply: &Reply, bytes: Option<&js_sys::Uint8Array>| match reply {
        Reply::Progress {
            what, done, total, ..
        } => {
            status.try_set(Publishing::Running(what.clone(), *done, *total));
        }
        Reply::Timing { step, ms, .. } => files::timing_ms(step, *ms as f64),
        Reply::Files { paths, lengths, .. } => {
            let Some(bytes) = bytes else { return };
            let mut at = 0u32;
            let mut kept = kept.borrow_mut();
            for (path, n) in paths.iter().zip(lengths) {
                let end = at + *n as u32;
                kept.push(OutFile::new(path.clone(), bytes.subarray(at, end).to_vec()));
                at = end;
            }
        }
        _ => {}
    };
    let answer = site_worker::ask(&request, id, each).await;
    drop(request);
    // The worker grew to hold the whole site: let it go, unless a preview is waiting on it.
    site_worker::rest();
    let (last, bytes) = answer?;
    match last {
        Reply::Zip { files: n, .. } => bytes
            .map(|b| Built::Zip(b, n))
            .ok_or_else(|| "the site worker sent no zip".to_owned()),
        Reply::Done { files: n, .. } => {
            let files = std::mem::take(&mut *files.borrow_mut());
            if files.len() == n {
                Ok(Built::Files(files))
            } else {
                Err(format!(
                    "the site worker sent {} of the site's {n} files",
                    files.len()
                ))
            }
        }
        Reply::Failed { error, .. } => Err(format!("The site could not be built: {error}")),
        other => Err(format!("the site worker answered out of turn: {other:?}")),
    }
}

async fn to_zip(
    public: Bundle,
    now: Timestamp,
    status: RwSignal<Publishing>,
) -> Result<Option<String>, String> {
    status.set(Publishing::Running("Building the site".into(), 0, 1));
    let Built::Zip(bytes, count) = build(public, now, true, status).await? else {
        return Err("the site worker sent files, not a zip".to_owned());
    };
    let name = zip_name(now);
    files::download_parts(&name, &js_sys::Array::of1(&bytes), "application/zip")?;
    Ok(Some(format!(
        "{name} is downloaded: {count} files of the site as of {} UTC. Unzip it where your site is hosted.",
        now.utc_minute()
    )))
}

/// The folder to write into: the remembered one, else (or when `choose`) one the person picks;
/// `None` when they cancelled. Asks for permission again when the browser wants it. The folder
/// is remembered once a site is written into it.
async fn the_folder(choose: bool) -> Result<Option<Dir>, String> {
    let kept = if choose {
        None
    } else {
        folder::remembered(FOLDER_KEY).await?
    };
    let dir = match kept {
        Some(d) => d,
        None => match folder::pick("cygni-publish").await? {
            Some(d) => d,
            None => return Ok(None),
        },
    };
    if !folder::permitted(&dir, true).await? {
        return Err(format!(
            "The browser was not allowed to write into the folder {}.",
            folder::name(&dir)
        ));
    }
    Ok(Some(dir))
}

async fn to_folder(
    public: Bundle,
    now: Timestamp,
    dir: Dir,
    status: RwSignal<Publishing>,
) -> Result<Option<String>, String> {
    let name = folder::name(&dir);
    let before = folder::list(&dir).await?;
    // A folder is a site's when a site was written there (by this or by site-gen, whose marker
    // this is) or when it holds nothing but hidden entries (`.git`). Files of the person's own
    // beside the site (`.git`, `CNAME`, a README at the top) are never removed.
    let theirs = before.iter().find(|p| !p.starts_with('.'));
    if let (Some(first), false) = (theirs, before.iter().any(|p| p == MARKER)) {
        return Err(format!(
            "The folder {name} holds files that are not a status site ({first} and more). Choose an empty folder, or one a site was published into: publishing replaces the site's files in it.",
        ));
    }
    status.set(Publishing::Running("Building the site".into(), 0, 1));
    let Built::Files(files) = build(public, now, false, status).await? else {
        return Err("the site worker sent a zip, not files".to_owned());
    };
    let started = files::millis();
    let total = files.len();
    for (n, f) in files.iter().enumerate() {
        folder::write(&dir, &f.path, &f.bytes).await?;
        if n % 20 == 0 {
            status.set(Publishing::Running(
                format!("Writing into {name}"),
                n + 1,
                total,
            ));
        }
    }
    folder::write(&dir, MARKER, MARKER_TEXT.as_bytes()).await?;
    // What the new site no longer has, inside the folders the site writes (`incidents/`, `api/`,
    // …): files, then folders left with nothing of the site. Hidden entries and anything at the
    // top that the site does not write are the person's own and stay.
    let kept: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let site_folders: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.split_once('/').map(|(top, _)| top))
        .collect();
    let ours = |path: &str| {
        path.split_once('/')
            .is_some_and(|(top, rest)| site_folders.contains(top) && !rest.is_empty())
            && !path.split('/').any(|part| part.starts_with('.'))
    };
    let keeps = |path: &str| {
        if !ours(path) {
            return true;
        }
        match path.strip_suffix('/') {
            Some(_) => kept
                .range(path..)
                .next()
                .is_some_and(|k| k.starts_with(path)),
            None => kept.contains(path),
        }
    };
    let mut gone: Vec<&str> = Vec::new();
    for path in before.iter().filter(|p| !keeps(p)) {
        // Sorted: a folder comes before what it holds, which goes with it.
        if gone.iter().any(|g| g.ends_with('/') && path.starts_with(g)) {
            continue;
        }
        folder::remove(&dir, path).await?;
        gone.push(path);
    }
    let removed = before
        .iter()
        .filter(|p| !p.ends_with('/') && !keeps(p))
        .count();
    folder::remember(FOLDER_KEY, &dir).await?;
    files::timing("publish-folder", started);
    Ok(Some(format!(
        "The site is published into the folder {name}: {total} files as of {} UTC{}.",
        now.utc_minute(),
        match removed {
            0 => String::new(),
            1 => ", and the one file no longer on it removed".to_owned(),
            n => format!(", and {n} files no longer on it removed"),
        }
    )))
}
