//! A bundle from outside (a file imported, another device's file in the sync folder), checked
//! and compared with the workspace a batch of incidents at a time, the page answering in
//! between; then merged into what is stored (`workspace::merge_import`). The import and the sync
//! folder go through these same steps, so a file merges the same way whichever way it came.

use std::sync::Arc;

use ::site_worker::protocol::{Reply, Request};
use incident_core::merge::{refuse_mix, MergePreview, PreviewJob};
use incident_core::validate::BundleParser;
use incident_core::Bundle;
use leptos::prelude::*;

use crate::platform::db::StorageError;
use crate::platform::files::{self, yield_to_page};
use crate::platform::site_worker;
use crate::state::workspace::merge_import;

/// Incidents checked or compared between two chances for the page to answer (some 30–50 ms of
/// work each in Chromium on one laptop core).
pub(crate) const BATCH: usize = 1000;

/// `text` as a bundle, or every problem with its place; `progress` is told (done, total)
/// incidents after each batch.
pub(crate) async fn check(
    text: &str,
    progress: impl Fn(usize, usize),
) -> Result<Bundle, Vec<String>> {
    yield_to_page().await;
    let mut parser = BundleParser::new(text);
    let total = parser.remaining();
    while parser.step(BATCH) {
        progress(total - parser.remaining(), total);
        yield_to_page().await;
    }
    match parser.finish_current() {
        Some(read) => read.map_err(|problems| problems.iter().map(ToString::to_string).collect()),
        None => located(text).await,
    }
}

/// A file the fast reader could not take (an older schema version, or a record that does not
/// fit the types), checked in the site worker: migrated, or every problem said with its place.
/// The located path and its second copy of every record's reader live only in the worker's
/// module; the worker is let go after, as a large file grows it.
async fn located(text: &str) -> Result<Bundle, Vec<String>> {
    let id = site_worker::next_id();
    let request = Request::Check {
        id,
        text: text.to_owned(),
    };
    let asked = site_worker::ask(&request, id, |_, _| {}).await;
    site_worker::rest();
    let failed = |why: &str| Err(vec![format!("$: this file could not be checked: {why}")]);
    match asked {
        Ok((Reply::Checked { bundle, .. }, _)) => *bundle,
        Ok((Reply::Failed { error, .. }, _)) | Err(error) => failed(&error),
        Ok(_) => failed("the site worker answered something else"),
    }
}

/// What merging `incoming` into the workspace would change, or why it may not (the demo and a
/// real workspace never mix); `progress` is told the percentage compared. `incoming` is used
/// up: its incidents go into the preview's merged bundle without being copied.
pub(crate) async fn compare(
    workspace: RwSignal<Bundle>,
    incoming: Bundle,
    progress: impl Fn(usize),
) -> Result<MergePreview, String> {
    if let Some(why) = workspace.with_untracked(|local| refuse_mix(local, &incoming)) {
        return Err(why);
    }
    yield_to_page().await;
    let mut job = workspace.with_untracked(|local| PreviewJob::new(local, incoming, BATCH));
    let batches = job.remaining();
    while workspace.with_untracked(|local| job.step(local)) {
        progress(100 * (batches - job.remaining()) / batches.max(1));
        yield_to_page().await;
    }
    Ok(workspace.with_untracked(|local| job.finish(local)))
}

/// The merged workspace of a preview no one else holds now: moved out, not copied (it can be
/// as large as the workspace); copied only if it is still shared.
pub(crate) fn merged_of(preview: Arc<MergePreview>) -> Bundle {
    Arc::try_unwrap(preview).map_or_else(|shared| shared.merged.clone(), |p| p.merged)
}

/// Whether a person should look before `preview` is merged: it deletes or removes something
/// shown now, or brings conflicts whose two values differ.
pub(crate) fn asks_a_person(preview: &MergePreview) -> bool {
    !preview.deleted_incidents.is_empty()
        || !preview.deleted_maintenances.is_empty()
        || !preview.removed_settings.is_empty()
        || preview.conflicts.iter().any(|c| {
            let (_, view) = incident_core::describe::conflict::of_preview(
                c,
                &preview.merged,
                &incident_core::describe::conflict::Authors::default(),
            );
            !view.agreed
        })
}

/// Merges a compared bundle into what is stored now; values both sides wrote alike are settled
/// here, for every copy.
pub(crate) async fn apply(
    workspace: RwSignal<Bundle>,
    mut merged: Bundle,
    progress: impl Fn(usize),
) -> Result<(), StorageError> {
    incident_core::conflict::settle_agreements(&mut merged);
    yield_to_page().await;
    let started = files::millis();
    let saved = merge_import(workspace, merged, progress).await;
    files::timing("save", started);
    saved
}
