//! Export, from the list and before a reset: the whole workspace, the incidents shown, or only
//! what the public may see, written a batch of incidents at a time (a 10,000-incident export is
//! ~90 MB of text), the page answering in between.

use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::clock;
use crate::platform::files::{self, yield_to_page};

/// Incidents written between two chances for the page to answer.
const BATCH: usize = 1000;

/// Where an export stands.
#[derive(Debug, Clone)]
pub(crate) enum Exporting {
    Idle,
    Running(String),
    Failed(String),
}

/// `cygni-incidents-20261126T031500Z.json`, or `cygni-public-20261126T031500Z.json` for the
/// part the public may see (two files never mistaken for each other).
pub(crate) fn export_name(now: incident_core::Timestamp, public_only: bool) -> String {
    format!(
        "cygni-{}-{}.json",
        if public_only { "public" } else { "incidents" },
        now.datetime().format("%Y%m%dT%H%M%SZ")
    )
}

/// Exports `workspace` (only the incidents at `positions` when given; only the public part when
/// `public_only`) as a download, telling `exporting` how far it is.
pub(crate) fn export(
    workspace: RwSignal<Bundle>,
    positions: Option<Vec<usize>>,
    public_only: bool,
    exporting: RwSignal<Exporting>,
) {
    if matches!(exporting.get_untracked(), Exporting::Running(_)) {
        return;
    }
    let now = clock::now();
    let bundle = workspace.with_untracked(|b| {
        let mut b = b.clone();
        if let Some(positions) = positions {
            b.incidents = positions
                .iter()
                .filter_map(|&k| b.incidents.get(k).cloned())
                .collect();
        }
        if public_only {
            b = incident_core::public::public_bundle(&b);
        }
        b.exported_at = now;
        b
    });
    if public_only {
        // The publish check first, the page answering while it reads.
        exporting.set(Exporting::Running(
            "Checking what the public would read…".into(),
        ));
        spawn_local(async move {
            yield_to_page().await;
            let mut bundle = bundle;
            let settings = workspace.with_untracked(|b| b.settings.clone());
            let found = crate::state::publish::check_public_part(&mut bundle, settings, now).await;
            if super::publish_check::confirmed("the public export", &found) {
                exporting.set(Exporting::Idle);
                run_export(bundle, now, public_only, exporting);
            } else {
                exporting.set(Exporting::Idle);
            }
        });
    } else {
        run_export(bundle, now, public_only, exporting);
    }
}

/// Writes `bundle` as the download, a batch of incidents at a time.
fn run_export(
    bundle: Bundle,
    now: incident_core::Timestamp,
    public_only: bool,
    exporting: RwSignal<Exporting>,
) {
    let total = bundle.incidents.len();
    exporting.set(Exporting::Running(format!("Exporting {total} incidents…")));
    spawn_local(async move {
        yield_to_page().await;
        let started = files::millis();
        let parts = js_sys::Array::new();
        for (n, part) in bundle.to_json_pretty_parts(BATCH).enumerate() {
            // A blob per piece: the browser encodes each piece now, not all 90 MB at the end.
            match files::blob_of(&part) {
                Ok(blob) => parts.push(&blob),
                Err(e) => {
                    exporting.set(Exporting::Failed(format!(
                        "The export could not be written: {e}"
                    )));
                    return;
                }
            };
            exporting.set(Exporting::Running(format!(
                "Exporting: {} of {total} incidents…",
                (n * BATCH).min(total)
            )));
            yield_to_page().await;
        }
        files::timing("export", started);
        match files::download_parts(&export_name(now, public_only), &parts, "application/json") {
            Ok(()) => exporting.set(Exporting::Idle),
            Err(e) => exporting.set(Exporting::Failed(format!("The export failed: {e}"))),
        }
    });
}
