//! Import: a file chosen or dropped is read as bytes, checked and compared with the workspace a
//! batch of incidents at a time (the page answering in between), and previewed; applying the
//! preview merges it into what is stored now (`state::workspace::merge_import`).

use std::sync::Arc;

use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::stage::Stage;
use crate::platform::files;
use crate::state::incoming;

/// Files above this size are refused before they are read.
const MAX_IMPORT_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// Reads, checks and compares `file` with `workspace`, ending in a preview or a refusal.
pub(super) fn import(workspace: RwSignal<Bundle>, stage: RwSignal<Stage>, file: web_sys::File) {
    let name = file.name();
    if stage.with_untracked(|s| matches!(s, Stage::Reading(_))) {
        // One import at a time: a second file would race the first to the preview.
        return;
    }
    if file.size() > MAX_IMPORT_BYTES {
        stage.set(Stage::Refused {
            file: name,
            problems: vec![format!(
                "$: the file is {:.0} MB; imports are limited to {:.0} MB",
                file.size() / 1e6,
                MAX_IMPORT_BYTES / 1e6
            )],
        });
        return;
    }
    stage.set(Stage::Reading(format!("Reading {name}…")));
    spawn_local(async move {
        let refuse = |problem: String| Stage::Refused {
            file: name.clone(),
            problems: vec![problem],
        };
        let started = files::millis();
        let bytes = match files::read_bytes(&file).await {
            Ok(bytes) => bytes,
            Err(e) => {
                stage.set(refuse(format!("$: the file could not be read: {e}")));
                return;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                stage.set(refuse(format!(
                    "$: the file is not UTF-8 text (byte {} is not), so it is not a bundle",
                    e.utf8_error().valid_up_to()
                )));
                return;
            }
        };
        let t = files::timing("read", started);
        let megabytes = text.len() as f64 / 1e6;
        stage.set(Stage::Reading(format!(
            "Checking {name} ({megabytes:.1} MB)…"
        )));
        let checked = incoming::check(&text, |done, total| {
            stage.set(Stage::Reading(format!(
                "Checking {name} ({megabytes:.1} MB): {done} of {total} incidents…"
            )));
        })
        .await;
        drop(text);
        let t = files::timing("parse", t);
        let incoming = match checked {
            Ok(incoming) => incoming,
            Err(problems) => {
                stage.set(Stage::Refused {
                    file: name,
                    problems,
                });
                return;
            }
        };
        let count = incoming.incidents.len();
        stage.set(Stage::Reading(format!(
            "Comparing {count} incidents with your workspace…"
        )));
        let compared = incoming::compare(workspace, incoming, |percent| {
            stage.set(Stage::Reading(format!(
                "Comparing {count} incidents with your workspace: {percent}%…"
            )));
        })
        .await;
        files::timing("preview", t);
        match compared {
            // The demo and a real workspace never mix, either way round.
            Err(why) => stage.set(refuse(format!("$: {why}"))),
            Ok(preview) => stage.set(Stage::Preview {
                file: name,
                preview: Arc::new(preview),
            }),
        }
    });
}

/// Merges the previewed import into the workspace.
pub(super) fn apply(workspace: RwSignal<Bundle>, stage: RwSignal<Stage>) {
    let Some((file, total)) = stage.with_untracked(|s| match s {
        Stage::Preview { file, preview } => Some((file.clone(), preview.merged.incidents.len())),
        _ => None,
    }) else {
        return;
    };
    let saving = Stage::Reading(format!("Saving the merged workspace ({total} incidents)…"));
    // Taken out of the screen's state, not copied.
    let Some(Stage::Preview { preview, .. }) = stage.try_update(|s| std::mem::replace(s, saving))
    else {
        return;
    };
    let merged = incoming::merged_of(preview);
    spawn_local(async move {
        let saved = incoming::apply(workspace, merged, |done| {
            stage.set(Stage::Reading(format!(
                "Saving the merged workspace: {done} of {total} incidents…"
            )));
        })
        .await;
        match saved {
            Ok(()) => stage.set(Stage::Done(format!("{file} imported and merged."))),
            Err(e) => stage.set(Stage::Refused {
                file,
                problems: vec![e.to_string()],
            }),
        }
    });
}
