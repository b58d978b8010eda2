//! The whole status site rendered in a real headless Chromium by the wasm build of the renderer
//! (`status_pages::site`, one thread): the same files as the host build, by the listing both
//! compare with (`tests/fixtures/site/listing.txt`, kept by `status-pages/tests/site.rs`).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(target_arch = "wasm32")]

use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{listing, render_site, RenderOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_renders_the_same_site_as_the_host() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 3,
        now,
    });
    let site = project(&bundle, now);
    let opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    let files = render_site(&site, &opts).unwrap();
    // Publish renders the same site a step at a time (the page answers in between).
    let stepped = status_pages::site::Steps::new(&site, &opts, 5)
        .finish()
        .unwrap();
    assert!(stepped == files);
    let expected = include_str!("../../tests/fixtures/site/listing.txt");
    let got = listing(&files);
    // Line by line, so a difference names its file.
    for (g, e) in got.lines().zip(expected.lines()) {
        assert_eq!(g, e);
    }
    assert_eq!(got.lines().count(), expected.lines().count());
}
