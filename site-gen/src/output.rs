//! Writing the site: the one place that writes output files. A site is complete or absent: it is
//! written into a fresh folder beside `--out` and swapped in only when every file is written, so
//! a failed or killed build leaves the previous site as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::render::OutFile;

/// The file that marks a folder as a site written by site-gen (so `build` never replaces a
/// folder that holds anything else).
pub const MARKER: &str = ".site-gen";
const MARKER_TEXT: &str =
    "Written by Cygni site-gen. This folder is replaced as a whole by each build.\n";

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

/// Removes what a killed earlier build left beside `out` (`.<name>.new-<pid>`, `.<name>.old-<pid>`).
fn remove_leftovers(out: &Path) {
    let Some(parent) = out.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    }) else {
        return;
    };
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.new-")) || n.starts_with(&format!(".{name}.old-")) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Writes `files` as the site at `out`, replacing what was there only once all are written.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<()> {
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
    remove_leftovers(out);
    let (staging, _) = sibling(out, "new")?;
    let result = write_all(&staging, files).and_then(|()| swap(&staging, out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(staging: &Path, files: &[OutFile]) -> Result<()> {
    use rayon::prelude::*;
    fs::create_dir_all(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let fail_after: Option<usize> = std::env::var(FAIL_AFTER_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
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
    for dir in &dirs {
        let dir = staging.join(dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
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

/// Moves the finished site into place: the old one aside, the new one in, the old one away.
fn swap(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let (old, _) = sibling(out, "old")?;
        fs::rename(out, &old)
            .with_context(|| format!("cannot move the previous site {} aside", out.display()))?;
        if let Err(e) = fs::rename(staging, out) {
            let _ = fs::rename(&old, out);
            return Err(e)
                .with_context(|| format!("cannot move the new site into {}", out.display()));
        }
        remove_tree(&old);
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    }
    Ok(())
}
