//! Writing the site: the one place that writes output files. A site is complete or absent: it is
//! written into a fresh folder beside `--out` and swapped in only when every file is written, so
//! a failed or killed build leaves the previous site as it was.
//!
//! The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so there is no moment without a site
//! at `--out`; elsewhere (or on a filesystem without it) two renames, with a gap of one system
//! call. Builds into the same parent folder take turns (an advisory lock on that folder), so a
//! second build never removes the first one's staging folder. The previous site is handed back
//! to the caller as a [`Retired`] folder: removing ~10,000 files costs as much as writing them,
//! so the CLI removes it after it has answered (see `main.rs`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::render::OutFile;

pub use status_pages::site::{MARKER, MARKER_TEXT};

/// Test hook: fail after writing this many files, as a full disk would (see the atomicity test).
const FAIL_AFTER_ENV: &str = "SITE_GEN_FAIL_AFTER_FILES";

fn sibling(out: &Path, tag: &str) -> Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("--out {} must name a folder", out.display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{name}.{tag}-");
    Ok((
        parent.join(format!("{prefix}{}", std::process::id())),
        prefix,
    ))
}

/// What earlier builds left beside `out`: a killed build's staging folder (`.<name>.new-<pid>`,
/// removed now) and previous sites not yet removed (`.<name>.old-<pid>`, returned).
fn leftovers(out: &Path) -> Vec<Retired> {
    let parent = parent_of(out);
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut old = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.new-")) {
            let _ = fs::remove_dir_all(e.path());
        } else if n.starts_with(&format!(".{name}.old-")) {
            old.push(Retired(e.path()));
        }
    }
    old
}

/// The previous site, moved aside by a build; it is no longer served and can be removed at
/// leisure ([`Retired::remove`]). A build that finds one left over removes it first.
#[derive(Debug)]
#[must_use = "the previous site stays on disk until removed"]
pub struct Retired(pub PathBuf);

impl Retired {
    /// Removes the previous site's folder (subfolders in parallel).
    pub fn remove(self) {
        remove_tree(&self.0);
    }
}

/// Writes `files` as the site at `out`, replacing what was there only once all are written.
/// Returns the previous site, moved aside, and any earlier one still waiting for removal.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<Vec<Retired>> {
    if out.exists() {
        if !out.is_dir() {
            bail!("--out {} is a file, not a folder", out.display());
        }
        let not_empty = fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some();
        if not_empty && !out.join(MARKER).is_file() {
            bail!(
                "refusing to replace {}: it is not empty and was not written by site-gen (no {MARKER} file in it)",
                out.display()
            );
        }
    }
    let parent = parent_of(out);
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let _lock = lock_folder(&parent)?;
    let mut retired = leftovers(out);
    let (staging, _) = sibling(out, "new")?;
    match write_all(&staging, files).and_then(|()| swap(&staging, out)) {
        Ok(previous) => {
            retired.extend(previous);
            Ok(retired)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Waits for other builds writing into `dir` (an advisory lock on the folder itself, released
/// when the returned handle is dropped or the process ends). Where a folder cannot be opened as
/// a file (not Unix), builds do not wait for each other.
fn lock_folder(dir: &Path) -> Result<Option<fs::File>> {
    let Ok(handle) = fs::File::open(dir) else {
        return Ok(None);
    };
    match handle.try_lock() {
        Ok(()) => Ok(Some(handle)),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "another build is writing into {}; waiting for it",
                dir.display()
            );
            handle
                .lock()
                .with_context(|| format!("cannot lock {}", dir.display()))?;
            Ok(Some(handle))
        }
        // A filesystem without locks: go on, as before locks existed.
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// The folders `files` go in; refuses a path that would leave the site.
fn folders<'a>(
    files: impl IntoIterator<Item = &'a OutFile>,
) -> Result<std::collections::BTreeSet<PathBuf>> {
    let mut dirs = std::collections::BTreeSet::new();
    for f in files {
        if f.path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            bail!("refusing to write outside the site: {:?}", f.path);
        }
        if let Some(dir) = Path::new(&f.path).parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    Ok(dirs)
}

/// What [`update_site`] did.
#[derive(Debug, Default)]
pub struct Updated {
    /// Files written (new or changed).
    pub written: usize,
    /// Files of the previous build that this one no longer has, removed.
    pub removed: usize,
    /// Previous sites moved aside (a first, whole write only).
    pub retired: Vec<Retired>,
}

/// Brings the site at `out` to `files`, writing only what changed since the last call: `known`
/// holds each file's checksum as last written (empty: nothing known, so the whole site is
/// written as [`write_site`] does, all or nothing). Each changed file is written beside itself
/// and renamed into place, so a reader never sees half a file; files no longer built are
/// removed. `same` says which files the render knows to be the last call's, unchanged (they are
/// neither checksummed nor compared). For `serve`, whose preview is rebuilt on every change:
/// unchanged files keep their bytes and times. If a write fails, `known` is emptied, so the
/// next call writes everything.
pub fn update_site(
    out: &Path,
    files: &[OutFile],
    same: &[bool],
    known: &mut std::collections::BTreeMap<String, u64>,
) -> Result<Updated> {
    use rayon::prelude::*;
    if known.is_empty() || !out.join(MARKER).is_file() {
        let retired = write_site(out, files)?;
        *known = files
            .par_iter()
            .map(|f| (f.path.clone(), status_pages::checksum(&f.bytes)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        return Ok(Updated {
            written: files.len(),
            removed: 0,
            retired,
        });
    }
    // A file the render says is the last one's, unchanged, was written by the last call (a
    // failed call forgets every checksum): it is neither checksummed nor looked up.
    let changed: Vec<(&OutFile, u64)> = files
        .par_iter()
        .enumerate()
        .filter(|(n, _)| !same.get(*n).copied().unwrap_or(false))
        .map(|(_, f)| (f, status_pages::checksum(&f.bytes)))
        .filter(|(f, sum)| known.get(&f.path) != Some(sum))
        .collect();
    let result = (|| -> Result<usize> {
        // Only the changed files' folders: every other file was written, checked, before.
        for dir in folders(changed.iter().map(|(f, _)| *f))? {
            let dir = out.join(dir);
            fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        changed.par_iter().try_for_each(|(f, _)| -> Result<()> {
            let path = out.join(&f.path);
            let tmp = out.join(format!("{}.tmp-{}", f.path, std::process::id()));
            fs::write(&tmp, &f.bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
            fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
        })?;
        for (f, sum) in &changed {
            known.insert(f.path.clone(), *sum);
        }
        // Every file is known now; any other known file is no longer built (paths are unique,
        // so when the counts agree there is none, and the paths need not be compared).
        if known.len() == files.len() {
            return Ok(0);
        }
        let now: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = known
            .keys()
            .filter(|k| !now.contains(k.as_str()))
            .cloned()
            .collect();
        for path in &gone {
            let _ = fs::remove_file(out.join(path));
            known.remove(path);
        }
        Ok(gone.len())
    })();
    match result {
        Ok(removed) => Ok(Updated {
            written: changed.len(),
            removed,
            retired: Vec::new(),
        }),
        Err(e) => {
            known.clear();
            Err(e)
        }
    }
}

fn write_all(staging: &Path, files: &[OutFile]) -> Result<()> {
    use rayon::prelude::*;
    fs::create_dir_all(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let fail_after: Option<usize> = std::env::var(FAIL_AFTER_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    let dirs = folders(files)?;
    // Folders in parallel too (`create_dir_all` tolerates a parent made by another thread).
    dirs.par_iter().try_for_each(|dir| -> Result<()> {
        let dir = staging.join(dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))
    })?;
    // Creating thousands of small files is bound by system calls: spread them over the cores.
    files
        .par_iter()
        .enumerate()
        .try_for_each(|(n, f)| -> Result<()> {
            if fail_after.is_some_and(|limit| n >= limit) {
                bail!(
                    "cannot write {}: simulated failure ({FAIL_AFTER_ENV})",
                    f.path
                );
            }
            let path = staging.join(&f.path);
            let mut file = fs::File::create(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            file.write_all(&f.bytes)
                .with_context(|| format!("cannot write {}", path.display()))
        })?;
    fs::write(staging.join(MARKER), MARKER_TEXT)
        .with_context(|| format!("cannot write {}", staging.join(MARKER).display()))?;
    Ok(())
}

/// Removes a folder tree, its subfolders in parallel.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() {
                if let Ok(sub) = fs::read_dir(p) {
                    let inner: Vec<PathBuf> = sub.flatten().map(|e| e.path()).collect();
                    inner.par_iter().for_each(|q| {
                        let _ = if q.is_dir() {
                            fs::remove_dir_all(q)
                        } else {
                            fs::remove_file(q)
                        };
                    });
                }
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Moves the finished site into place and returns the previous one, moved aside.
fn swap(staging: &Path, out: &Path) -> Result<Option<Retired>> {
    if !out.exists() {
        fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
        return Ok(None);
    }
    let (mut old, _) = sibling(out, "old")?;
    // A folder of that name can only be from an earlier process with the same id.
    let base = old.as_os_str().to_owned();
    for n in 1.. {
        if !old.exists() {
            break;
        }
        let mut name = base.clone();
        name.push(format!(".{n}"));
        old = PathBuf::from(name);
    }
    if exchange(staging, out) {
        // `staging` now holds the previous site.
        return match fs::rename(staging, &old) {
            Ok(()) => Ok(Some(Retired(old))),
            Err(_) => Ok(Some(Retired(staging.to_path_buf()))),
        };
    }
    fs::rename(out, &old)
        .with_context(|| format!("cannot move the previous site {} aside", out.display()))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site into {}", out.display()));
    }
    Ok(Some(Retired(old)))
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}
