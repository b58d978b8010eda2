//! Moving a workspace between people: export as one file, import with a preview of what will
//! change, then one merge (`incident_core::merge`) stored in one transaction. A file that is not
//! a valid bundle is refused with every problem and its location; nothing stored changes.

use incident_core::merge::{MergePreview, PreviewJob};
use incident_core::validate::BundleParser;
use incident_core::Bundle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::clock;
use crate::storage::{Storage, DEFAULT_DB};

/// Incidents checked, compared or exported between two chances for the page to answer (some
/// 30–50 ms of work each in Chromium on one laptop core).
const BATCH: usize = 1000;

/// Files above this size are refused before they are read.
const MAX_IMPORT_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// `cygni-incidents-20261126T031500Z.json`
pub fn export_name(now: incident_core::Timestamp) -> String {
    format!(
        "cygni-incidents-{}.json",
        now.datetime().format("%Y%m%dT%H%M%SZ")
    )
}

/// Offers `text` as a file download named `name`, of type `mime`.
pub(crate) fn download_as(name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_parts(
        name,
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
        mime,
    )
}

/// Offers `parts` (strings or blobs), joined, as a file download named `name`, of type `mime`.
fn download_parts(name: &str, parts: &js_sys::Array, mime: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("the download could not start: {e:?}");
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_blob_sequence_and_options(parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_owned())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Lets the page answer (input, a progress line) before the next step: a message to itself,
/// which runs as a new task without the 4 ms that nested `setTimeout`s are held back.
async fn yield_to_page() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        }
        Err(_) => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Logs how long a step took (read by scripts/bench-app.js).
fn timing(step: &str, since: f64) -> f64 {
    let now = js_sys::Date::now();
    web_sys::console::log_1(&format!("cygni-timing {step} {:.0} ms", now - since).into());
    now
}

#[derive(Clone)]
enum Exporting {
    Idle,
    Running(String),
    Failed(String),
}

#[derive(Clone)]
enum Stage {
    Idle,
    Reading(String),
    Refused {
        file: String,
        problems: Vec<String>,
    },
    Preview {
        file: String,
        preview: Box<MergePreview>,
    },
    Done(String),
}

#[component]
pub fn Transfer(
    workspace: RwSignal<Bundle>,
    /// The positions in the workspace of the incidents the list shows (after its filters).
    shown: Signal<Vec<usize>>,
) -> impl IntoView {
    let stage = RwSignal::new(Stage::Idle);
    // The export's own line, so an import preview on screen stays while an export runs.
    let exporting = RwSignal::new(Exporting::Idle);
    let public_only = RwSignal::new(false);

    // Exports the whole workspace, or only the incidents shown; optionally only what is public.
    // Written a batch of incidents at a time (a 10,000-incident export is ~90 MB of text), the
    // page answering in between.
    let export_with = move |only_shown: bool| {
        if matches!(exporting.get_untracked(), Exporting::Running(_)) {
            return;
        }
        let now = clock::now();
        let positions = shown.get_untracked();
        let bundle = workspace.with_untracked(|b| {
            let mut b = b.clone();
            if only_shown {
                b.incidents = positions
                    .iter()
                    .filter_map(|&k| b.incidents.get(k).cloned())
                    .collect();
            }
            if public_only.get_untracked() {
                b = incident_core::public::public_bundle(&b);
            }
            b.exported_at = now;
            b
        });
        let total = bundle.incidents.len();
        exporting.set(Exporting::Running(format!("Exporting {total} incidents…")));
        spawn_local(async move {
            yield_to_page().await;
            let started = js_sys::Date::now();
            let parts = js_sys::Array::new();
            for (n, part) in bundle.to_json_pretty_parts(BATCH).enumerate() {
                // A blob per piece: the browser encodes each piece now, not all 90 MB at the end.
                let piece = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&part));
                match web_sys::Blob::new_with_str_sequence(&piece) {
                    Ok(blob) => parts.push(&blob),
                    Err(e) => {
                        exporting.set(Exporting::Failed(format!(
                            "The export could not be written: {e:?}"
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
            timing("export", started);
            match download_parts(&export_name(now), &parts, "application/json") {
                Ok(()) => exporting.set(Exporting::Idle),
                Err(e) => exporting.set(Exporting::Failed(format!("The export failed: {e}"))),
            }
        });
    };
    let export = move |_| export_with(false);
    let export_shown = move |_| export_with(true);
    let total = move || {
        workspace.with(|b| b.incidents.len() - incident_core::merge::hidden_incidents(b).len())
    };

    // A file chosen in the picker or dropped on the page.
    let import = move |file: web_sys::File| {
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
            let started = js_sys::Date::now();
            // Bytes, not a JS string: copying them in is a memcpy, where decoding 60 MB of
            // UTF-16 froze the page for a third of a second.
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let mut bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    // A byte-order mark (Windows editors write one) is not part of the JSON.
                    if bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
                    }
                    bytes
                }
                Err(e) => {
                    stage.set(Stage::Refused {
                        file: name,
                        problems: vec![format!("$: the file could not be read: {e:?}")],
                    });
                    return;
                }
            };
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    stage.set(Stage::Refused {
                        file: name,
                        problems: vec![format!(
                            "$: the file is not UTF-8 text (byte {} is not), so it is not a bundle",
                            e.utf8_error().valid_up_to()
                        )],
                    });
                    return;
                }
            };
            let t = timing("read", started);
            let megabytes = text.len() as f64 / 1e6;
            stage.set(Stage::Reading(format!(
                "Checking {name} ({megabytes:.1} MB)…"
            )));
            yield_to_page().await;
            // A batch of incidents at a time, the page answering in between.
            let mut parser = BundleParser::new(&text);
            let total = parser.remaining();
            while parser.step(BATCH) {
                stage.set(Stage::Reading(format!(
                    "Checking {name} ({megabytes:.1} MB): {} of {total} incidents…",
                    total - parser.remaining()
                )));
                yield_to_page().await;
            }
            let parsed = parser.finish();
            let t = timing("parse", t);
            let incoming = match parsed {
                Ok(incoming) => incoming,
                Err(problems) => {
                    stage.set(Stage::Refused {
                        file: name,
                        problems: problems.iter().map(|p| p.to_string()).collect(),
                    });
                    return;
                }
            };
            drop(text);
            let count = incoming.incidents.len();
            stage.set(Stage::Reading(format!(
                "Comparing {count} incidents with your workspace…"
            )));
            yield_to_page().await;
            let mut job =
                workspace.with_untracked(|local| PreviewJob::new(local, &incoming, BATCH));
            let batches = job.remaining();
            while workspace.with_untracked(|local| job.step(local, &incoming)) {
                stage.set(Stage::Reading(format!(
                    "Comparing {count} incidents with your workspace: {}%…",
                    100 * (batches - job.remaining()) / batches.max(1)
                )));
                yield_to_page().await;
            }
            let preview = workspace.with_untracked(|local| job.finish(local, &incoming));
            timing("preview", t);
            stage.set(Stage::Preview {
                file: name,
                preview: Box::new(preview),
            });
        });
    };

    let import = StoredValue::new_local(import);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        import.with_value(|f| f(file));
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            import.with_value(|f| f(file));
        }
    };

    let apply = move |_| {
        let Stage::Preview { file, preview } = stage.get_untracked() else {
            return;
        };
        let merged = preview.merged;
        stage.set(Stage::Reading(format!(
            "Saving the merged workspace ({} incidents)…",
            merged.incidents.len()
        )));
        spawn_local(async move {
            yield_to_page().await;
            let started = js_sys::Date::now();
            let saved = async {
                let storage = Storage::open(DEFAULT_DB).await?;
                // Merged into what is stored now, not written over it: another tab may have
                // stored work since the preview was computed.
                let total = merged.incidents.len();
                let r = storage
                    .merge_in(&merged, |done| {
                        stage.set(Stage::Reading(format!(
                            "Saving the merged workspace: {done} of {total} incidents…"
                        )));
                    })
                    .await;
                storage.close();
                r
            }
            .await;
            timing("save", started);
            match saved {
                Ok(stored) => {
                    workspace.set(stored);
                    crate::sync::announce(crate::sync::WORKSPACE);
                    stage.set(Stage::Done(format!("{file} imported and merged.")));
                }
                Err(e) => stage.set(Stage::Refused {
                    file,
                    problems: vec![e.to_string()],
                }),
            }
        });
    };

    let persisted = use_context::<crate::offline::Persisted>();
    let persisted = move || persisted.and_then(|p| p.0.get());
    view! {
        <section class=move || if dragging.get() { "transfer dragging" } else { "transfer" } aria-label="Export and import"
            data-testid="drop-zone"
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <button type="button" data-testid="export" on:click=export>"Export workspace"</button>
            {move || {
                let n = shown.with(Vec::len);
                (n < total()).then(|| view! {
                    <button type="button" data-testid="export-shown" on:click=export_shown>{format!("Export the {n} shown")}</button>
                })
            }}
            <label class="check"><input type="checkbox" data-testid="export-public" prop:checked=move || public_only.get()
                on:change=move |ev| public_only.set(event_target_checked(&ev)) />" Only what the public may see"</label>
            <label class="filebtn">
                "Import a file… (or drop it here)"
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            {move || (persisted() == Some(false)).then(|| view! {
                <p class="muted" data-testid="storage-note">"This browser may clear the workspace when the disk runs low (it has not promised to keep it). Export it now and then, or install the app: browsers keep an installed app's data."</p>
            })}
            {move || match exporting.get() {
                Exporting::Idle => ().into_any(),
                Exporting::Running(step) => view! { <p role="status" data-testid="export-progress">{step}</p> }.into_any(),
                Exporting::Failed(text) => view! { <p class="error" role="alert" data-testid="export-error">{text}</p> }.into_any(),
            }}
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Reading(step) => view! { <p role="status" data-testid="import-progress">{step}</p> }.into_any(),
                Stage::Done(text) => view! { <p role="status" class="done" data-testid="import-done">{text}</p> }.into_any(),
                Stage::Refused { file, problems } => view! {
                    <div class="error" role="alert" data-testid="import-error">
                        <strong>{format!("{file} was not imported; nothing in the workspace changed.")}</strong>
                        <ul>{problems.into_iter().take(20).map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        <button type="button" on:click=move |_| stage.set(Stage::Idle)>"Dismiss"</button>
                    </div>
                }.into_any(),
                Stage::Preview { file, preview } => {
                    let p = &preview;
                    let deleted = |n: usize| if n > 0 { format!(", {n} deleted") } else { String::new() };
                    let summary = format!(
                        "{} new incidents, {} updated, {} unchanged{}; {} new and {} updated maintenances{}{}{}; {} conflicts.",
                        p.new_incidents.len(),
                        p.updated_incidents.len(),
                        p.unchanged_incidents.len(),
                        deleted(p.deleted_incidents.len()),
                        p.new_maintenances.len(),
                        p.updated_maintenances.len(),
                        deleted(p.deleted_maintenances.len()),
                        if p.settings_changed { "; settings change" } else { "" },
                        if p.removed_settings.is_empty() { String::new() } else { format!("; removes {}", p.removed_settings.join(", ")) },
                        p.conflicts.len()
                    );
                    // What the import deletes, by title, from the workspace as it is.
                    let gone: Vec<String> = workspace.with_untracked(|b| {
                        p.deleted_incidents.iter().take(20).map(|id| {
                            b.incidents.iter().find(|i| &i.id == id).map_or_else(|| id.clone(), |i| i.title.clone())
                        }).collect()
                    });
                    let conflicts: Vec<String> = p.conflicts.iter().take(20).map(|c| {
                        format!("{}: {}", c.title.clone().unwrap_or_else(|| c.record.clone()), c.message)
                    }).collect();
                    view! {
                        <div class="preview" role="dialog" aria-label="Import preview" data-testid="import-preview">
                            <strong>{format!("Importing {file} will change:")}</strong>
                            <p data-testid="import-summary">{summary}</p>
                            {(!gone.is_empty()).then(|| view! {
                                <p>"Deleted on the other copy, so hidden here too:"</p>
                                <ul data-testid="import-deleted">{gone.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                            })}
                            {(!conflicts.is_empty()).then(|| view! {
                                <p>"Both sides changed these; the losing value is kept in the incident's timeline:"</p>
                                <ul>{conflicts.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                            })}
                            <div class="buttons">
                                <button type="button" class="primary" data-testid="import-apply" on:click=apply>"Merge into my workspace"</button>
                                <button type="button" data-testid="import-cancel" on:click=move |_| stage.set(Stage::Idle)>"Cancel"</button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
