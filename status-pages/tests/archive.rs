//! The site as one zip (the workspace's Publish): read back by the zip crate's reader, every file
//! is there with the same bytes, at the zip's root.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(feature = "archive")]

use std::io::Read;

use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::archive::Archive;
use status_pages::site::{render_site, RenderOptions};

#[test]
fn a_zip_of_the_site_holds_every_file_as_rendered() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 40,
        seed: 9,
        now,
    });
    let files = render_site(&project(&bundle, now), &RenderOptions::default()).unwrap();
    let mut archive = Archive::new(now);
    for f in &files {
        archive.add(f).unwrap();
    }
    let bytes = archive.finish().unwrap();
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    assert!(bytes.len() < total / 2, "the zip is deflated");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len(), files.len());
    for f in &files {
        let mut entry = zip.by_name(&f.path).unwrap();
        let mut got = Vec::new();
        entry.read_to_end(&mut got).unwrap();
        assert!(got == f.bytes, "{} differs in the zip", f.path);
        let modified = entry.last_modified().unwrap();
        assert_eq!(
            (modified.year(), modified.month(), modified.day()),
            (2026, 11, 1)
        );
    }
    assert!(zip.by_name("index.html").is_ok());
}
