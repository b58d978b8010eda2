//! Import: a file chosen or dropped is read as bytes, checked and compared with the workspace a
//! batch of incidents at a time (the page answering in between), and previewed; applying the
//! preview merges it into what is stored now (`state::workspace::merge_import`).

use incident_core::merge::{refuse_mix, PreviewJob};
use incident_core::validate::BundleParser;
use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::stage::{Stage, BATCH};
use crate::platform::files::{self, yield_to_page};
use crate::state::workspace::merge_import;

/// Files above this size are refused before they are read.
const MAX_IMPORT_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// Reads, checks and compares `file` with `workspace`, ending in a preview or a refusal.
pub(super) fn import(workspace: RwSignal<Bundle>, stage: RwSignal<Stage>, file: web_sys::File) {
    let name = file.name();
    if matches!(stage.get_untracked(), Stage::Reading(_)) {
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
        let checked = check(&name, text, stage).await;
        let t = files::timing("parse", t);
        let Some(incoming) = checked else {
            return;
        };
        // The demo and a real workspace never mix, either way round.
        if let Some(why) = workspace.with_untracked(|local| refuse_mix(local, &incoming)) {
            stage.set(refuse(format!("$: {why}")));
            return;
        }
        let count = incoming.incidents.len();
        stage.set(Stage::Reading(format!(
            "Comparing {count} incidents with your workspace…"
        )));
        yield_to_page().await;
        let mut job = workspace.with_untracked(|local| PreviewJob::new(local, &incoming, BATCH));
        let batches = job.remaining();
        while workspace.with_untracked(|local| job.step(local, &incoming)) {
            stage.set(Stage::Reading(format!(
                "Comparing {count} incidents with your workspace: {}%…",
                100 * (batches - job.remaining()) / batches.max(1)
            )));
            yield_to_page().await;
        }
        let preview = workspace.with_untracked(|local| job.finish(local, &incoming));
        files::timing("preview", t);
        stage.set(Stage::Preview {
            file: name,
            preview: Box::new(preview),
        });
    });
}

/// Checks `text` as a bundle a batch of incidents at a time; a refusal is put on `stage`.
async fn check(name: &str, text: String, stage: RwSignal<Stage>) -> Option<Bundle> {
    let megabytes = text.len() as f64 / 1e6;
    stage.set(Stage::Reading(format!(
        "Checking {name} ({megabytes:.1} MB)…"
    )));
    yield_to_page().await;
    let mut parser = BundleParser::new(&text);
    let total = parser.remaining();
    while parser.step(BATCH) {
        stage.set(Stage::Reading(format!(
            "Checking {name} ({megabytes:.1} MB): {} of {total} incidents…",
            total - parser.remaining()
        )));
        yield_to_page().await;
    }
    match parser.finish() {
        Ok(incoming) => Some(incoming),
        Err(problems) => {
            stage.set(Stage::Refused {
                file: name.to_owned(),
                problems: problems.iter().map(|p| p.to_string()).collect(),
            });
            None
        }
    }
}

/// Merges the previewed import into the workspace.
pub(super) fn apply(workspace: RwSignal<Bundle>, stage: RwSignal<Stage>) {
    let Stage::Preview { file, preview } = stage.get_untracked() else {
        return;
    };
    let mut merged = preview.merged;
    // Values both sides wrote alike are nothing to decide: settled here, for every copy.
    incident_core::conflict::settle_agreements(&mut merged);
    stage.set(Stage::Reading(format!(
        "Saving the merged workspace ({} incidents)…",
        merged.incidents.len()
    )));
    spawn_local(async move {
        yield_to_page().await;
        let started = files::millis();
        let total = merged.incidents.len();
        let saved = merge_import(workspace, &merged, |done| {
            stage.set(Stage::Reading(format!(
                "Saving the merged workspace: {done} of {total} incidents…"
            )));
        })
        .await;
        files::timing("save", started);
        match saved {
            Ok(()) => stage.set(Stage::Done(format!("{file} imported and merged."))),
            Err(e) => stage.set(Stage::Refused {
                file,
                problems: vec![e.to_string()],
            }),
        }
    });
}
