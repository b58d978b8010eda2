//! Site-wide files kept from the last render (`site-gen serve`): a month of the history or of
//! the uptime made from exactly what it was made from last time is the last render's file.
//! What a file is made from is written out as text, each incident in it by its version (a
//! number that changes whenever its public view or the pages' frame does), so a kept file is
//! always byte for byte what rendering it again would give (tested against whole renders).

// Without `again` (the browser) nothing is ever kept: only the versions are made.
#![cfg_attr(not(feature = "again"), allow(dead_code))]

use std::collections::HashMap;
use std::sync::Mutex;

use crate::{OutFile, RenderError};

/// What each group of kept files was made from, by its first path, with where its files are in
/// the last render's list.
pub(crate) type Inputs = HashMap<String, (String, Vec<usize>)>;

/// One group of files this render made or kept: their paths, what they were made from, and
/// whether they are the last render's.
#[derive(Debug)]
pub(crate) struct Made {
    pub(crate) paths: Vec<String>,
    pub(crate) inputs: String,
    pub(crate) kept: bool,
}

/// What a render may keep from the last one, and what it made.
#[derive(Debug)]
pub(crate) struct Kept<'a> {
    /// Each incident's version, in the site's order.
    versions: &'a [u64],
    last_files: &'a [OutFile],
    last_inputs: &'a Inputs,
    made: Mutex<Vec<Made>>,
}

impl<'a> Kept<'a> {
    pub(crate) fn new(
        versions: &'a [u64],
        last_files: &'a [OutFile],
        last_inputs: &'a Inputs,
    ) -> Self {
        Kept {
            versions,
            last_files,
            last_inputs,
            made: Mutex::new(Vec::new()),
        }
    }

    /// The version of the site's incident at `n`.
    pub(crate) fn version(&self, n: usize) -> u64 {
        self.versions.get(n).copied().unwrap_or(u64::MAX)
    }

    /// The files at `paths`, made from `inputs`: the last render's when it made them from the
    /// same, else what `render` makes.
    pub(crate) fn files(
        &self,
        paths: Vec<String>,
        inputs: String,
        render: impl FnOnce() -> Result<Vec<OutFile>, RenderError>,
    ) -> Result<Vec<OutFile>, RenderError> {
        let last = paths
            .first()
            .and_then(|first| self.last_inputs.get(first))
            .filter(|(was, at)| *was == inputs && at.len() == paths.len())
            .and_then(|(_, at)| {
                at.iter()
                    .zip(&paths)
                    .map(|(&n, path)| self.last_files.get(n).filter(|f| f.path == *path).cloned())
                    .collect::<Option<Vec<OutFile>>>()
            });
        let (files, kept) = match last {
            Some(files) => (files, true),
            None => (render()?, false),
        };
        // A group is kept only as the paths it was made at.
        let kept_as_made =
            files.len() == paths.len() && files.iter().zip(&paths).all(|(f, p)| f.path == *p);
        if kept_as_made {
            if let Ok(mut made) = self.made.lock() {
                made.push(Made {
                    paths,
                    inputs,
                    kept,
                });
            }
        }
        Ok(files)
    }

    /// What this render made and kept.
    pub(crate) fn into_made(self) -> Vec<Made> {
        self.made.into_inner().unwrap_or_default()
    }
}
