//! The site worker's work, on the host: a preview from the part of the workspace the page reads
//! is the page the renderer makes from the whole workspace; a publish sends every file of the
//! site, as one zip or in batches of bytes, the same files `status_pages::site` renders; and
//! requests and replies survive their trip as JSON text.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::io::Read;

use incident_core::public::{self, scoped_part};
use incident_core::sample::{self, SampleOptions};
use incident_core::{Bundle, Timestamp};
use site_worker::protocol::{Page, Reply, Request};
use site_worker::work::Work;
use status_pages::site::{render_site, RenderOptions};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn bundle() -> Bundle {
    sample::generate(&SampleOptions {
        incidents: 300,
        seed: 5,
        now: now(),
    })
}

fn clock() -> f64 {
    0.0
}

/// Sends `request` through JSON text, as the page does, and collects the replies.
fn ask(work: &mut Work, request: &Request) -> Vec<(Reply, Vec<u8>)> {
    let text = serde_json::to_string(request).unwrap();
    let mut got = Vec::new();
    let mut out = |reply: Reply, bytes: Vec<u8>| {
        let back: Reply = serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap();
        assert_eq!(back, reply);
        got.push((reply, bytes));
    };
    work.handle(serde_json::from_str(&text).unwrap(), &mut out);
    got
}

fn preview(work: &mut Work, page: Page, draft: Option<incident_core::model::Incident>) -> String {
    let replies = ask(
        work,
        &Request::Preview {
            id: 7,
            page,
            now: now(),
            draft,
        },
    );
    match &replies[..] {
        [(Reply::Preview { id: 7, html, base }, bytes)] => {
            assert!(bytes.is_empty());
            assert!(
                base.starts_with("https://") && base.ends_with('/'),
                "{base}"
            );
            html.clone().unwrap().unwrap()
        }
        other => panic!("one preview expected, got {other:?}"),
    }
}

#[test]
fn a_preview_from_the_part_is_the_page_from_the_whole_workspace() {
    let b = bundle();
    let whole = public::project(&b, now());
    let base = status_pages::base_url(&whole, None);
    let mut work = Work::new(clock);
    let status = Page::Status;
    ask(
        &mut work,
        &Request::Part {
            part: scoped_part(&b, now(), status.scope(), None),
        },
    );
    let shown = preview(&mut work, status.clone(), None);
    let expected = status_pages::preview(&whole, &base, status.preview_page())
        .unwrap()
        .unwrap();
    assert_eq!(shown, expected);

    // An incident's page, with a draft update typed into it.
    let id = whole.incidents[3].id.clone();
    let mut draft = b.incidents.iter().find(|i| i.id == id).unwrap().clone();
    let mut update = draft.updates.iter().find(|u| u.public).unwrap().clone();
    update.id = "typed-now".to_owned();
    update.at = now();
    update.message = "Typed a moment ago, not yet posted.".to_owned();
    draft.updates.push(update);
    let page = Page::Incident(id.clone());
    ask(
        &mut work,
        &Request::Part {
            part: scoped_part(&b, now(), page.scope(), Some(&id)),
        },
    );
    let shown = preview(&mut work, page.clone(), Some(draft.clone()));
    let with_draft = public::project_with(&b, now(), Some(&draft));
    let expected = status_pages::preview(&with_draft, &base, page.preview_page())
        .unwrap()
        .unwrap();
    assert_eq!(shown, expected);
    assert!(shown.contains("Typed a moment ago, not yet posted."));
}

#[test]
fn a_preview_before_any_part_says_so() {
    let mut work = Work::new(clock);
    let replies = ask(
        &mut work,
        &Request::Preview {
            id: 1,
            page: Page::Status,
            now: now(),
            draft: None,
        },
    );
    assert!(
        matches!(&replies[..], [(Reply::Preview { id: 1, html: Err(e), .. }, _)] if e.contains("before the workspace"))
    );
}

/// A publish (request `id`) of the sample's public part: the files the site should have, and
/// the worker's replies.
fn publish(id: u64, zip: bool) -> (Vec<status_pages::OutFile>, Vec<(Reply, Vec<u8>)>) {
    let public = public::public_bundle(&bundle());
    let site = public::project(&public, now());
    let expected = render_site(&site, &RenderOptions::default()).unwrap();
    let mut work = Work::new(clock);
    let replies = ask(
        &mut work,
        &Request::Publish {
            id,
            now: now(),
            public,
            zip,
        },
    );
    (expected, replies)
}

#[test]
fn a_publish_as_a_zip_holds_every_file_of_the_site() {
    let (expected, replies) = publish(3, true);
    let progress: Vec<(usize, usize)> = replies
        .iter()
        .filter_map(|(r, _)| match r {
            Reply::Progress { done, total, .. } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    assert!(progress.len() >= 2, "{progress:?}");
    assert!(progress.windows(2).all(|w| w[0].0 <= w[1].0));
    let (last, bytes) = replies.last().unwrap();
    assert_eq!(
        last,
        &Reply::Zip {
            id: 3,
            files: expected.len()
        }
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(zip.len(), expected.len());
    for f in expected.iter().step_by(7) {
        let mut got = Vec::new();
        zip.by_name(&f.path).unwrap().read_to_end(&mut got).unwrap();
        assert_eq!(got, f.bytes, "{}", f.path);
    }
}

#[test]
fn a_publish_as_files_sends_each_file_whole_in_batches() {
    let (expected, replies) = publish(4, false);
    let mut files = Vec::new();
    for (reply, bytes) in &replies {
        if let Reply::Files { id, paths, lengths } = reply {
            assert_eq!(*id, 4);
            assert_eq!(lengths.iter().sum::<usize>(), bytes.len());
            let mut at = 0;
            for (p, n) in paths.iter().zip(lengths) {
                files.push(status_pages::OutFile::new(p.clone(), &bytes[at..at + n]));
                at += n;
            }
        }
    }
    assert_eq!(files, expected);
    assert_eq!(
        replies.last().unwrap().0,
        Reply::Done {
            id: 4,
            files: expected.len()
        }
    );
}

/// A file the page's fast reader leaves to the worker: an older schema version comes back
/// migrated (what `parse_bundle` reads), and a file with a record of the wrong shape comes back
/// with each problem and its place, nothing read.
#[test]
fn a_check_migrates_an_older_file_and_places_every_problem() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let mut work = Work::new(clock);
    let v4 = fixture("v4/real-4.json");
    let replies = ask(
        &mut work,
        &Request::Check {
            id: 3,
            text: v4.clone(),
        },
    );
    match &replies[..] {
        [(Reply::Checked { id: 3, bundle }, bytes)] => {
            let b = bundle.as_ref().as_ref().unwrap();
            assert!(bytes.is_empty());
            assert_eq!(b, &incident_core::parse_bundle(&v4).unwrap());
            assert_eq!(b.schema_version, incident_core::SCHEMA_VERSION);
        }
        other => panic!("one checked bundle expected, got {other:?}"),
    }
    let text = serde_json::to_string(&bundle()).unwrap();
    let broken = text.replacen("\"severity\":\"", "\"severity\":\"X", 1);
    let replies = ask(
        &mut work,
        &Request::Check {
            id: 4,
            text: broken,
        },
    );
    match &replies[..] {
        [(Reply::Checked { id: 4, bundle }, _)] => {
            let problems = bundle.as_ref().as_ref().unwrap_err();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].starts_with(
                    "$.settings.playbook.severities[0].severity: unknown variant `Xsev1`"
                ),
                "{problems:?}"
            );
        }
        other => panic!("one list of problems expected, got {other:?}"),
    }
}
