//! The live preview is the site's own page: the same render, made whole for a sandboxed frame.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::{project, PublicSite};
use incident_core::sample::{self, SampleOptions};
use incident_core::Timestamp;
use scraper::{Html, Selector};
use status_pages::{pages, preview, PreviewPage};

const BASE: &str = "https://status.cygni.example/";

fn site() -> PublicSite {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = sample::generate(&SampleOptions {
        incidents: 150,
        seed: 11,
        now,
    });
    project(&bundle, now)
}

fn one(doc: &Html, css: &str) -> String {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {css}"))
        .html()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_owned))
}

/// The preview's `<main>` and `<header>` are the site page's, byte for byte; only the head
/// differs (inline style, base address, policy).
fn same_body(preview_html: &str, site_html: &[u8]) {
    let p = Html::parse_document(preview_html);
    let s = Html::parse_document(std::str::from_utf8(site_html).unwrap());
    for part in ["header", "main", "footer"] {
        assert_eq!(
            one(&p, part),
            one(&s, part),
            "the preview's <{part}> differs"
        );
    }
}

#[test]
fn status_page_preview_is_the_site_page_made_whole() {
    let site = site();
    let html = preview(&site, BASE, PreviewPage::Status).unwrap().unwrap();
    let doc = Html::parse_document(&html);

    let ctx = pages::Context::new(&site, BASE);
    same_body(&html, &pages::index(&ctx).unwrap().bytes);

    // Whole without the site: the stylesheet inline, no link to it.
    let style = one(&doc, "head style");
    assert!(style.contains(".wrap"), "the site's stylesheet is inline");
    assert!(attr(&doc, "link[rel=stylesheet]", "href").is_none());
    // Links say where they will lead, and open nowhere inside the frame.
    assert_eq!(attr(&doc, "base", "href").as_deref(), Some(BASE));
    assert_eq!(attr(&doc, "base", "target").as_deref(), Some("_blank"));
    // Still no script: the policy falls back to default-src 'none' for scripts.
    let csp = attr(&doc, "meta[http-equiv=Content-Security-Policy]", "content").unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "{csp}");
}

#[test]
fn incident_and_postmortem_previews_are_the_site_pages() {
    let site = site();
    let ctx = pages::Context::new(&site, BASE);
    let with_pm = site
        .incidents
        .iter()
        .find(|i| i.postmortem.is_some())
        .expect("the sample has published post-mortems");
    let html = preview(&site, BASE, PreviewPage::Incident(&with_pm.id))
        .unwrap()
        .unwrap();
    same_body(&html, &pages::incident(&ctx, with_pm).unwrap().bytes);
    let doc = Html::parse_document(&html);
    assert_eq!(
        attr(&doc, "base", "href").unwrap(),
        format!("{BASE}incidents/{}/", with_pm.id)
    );

    let html = preview(&site, BASE, PreviewPage::Postmortem(&with_pm.id))
        .unwrap()
        .unwrap();
    same_body(&html, &pages::postmortem(&ctx, with_pm).unwrap().bytes);
    let doc = Html::parse_document(&html);
    assert_eq!(
        attr(&doc, "base", "href").unwrap(),
        format!("{BASE}postmortems/{}/", with_pm.id)
    );
}

#[test]
fn pages_not_on_the_site_have_no_preview() {
    let site = site();
    assert!(
        preview(&site, BASE, PreviewPage::Incident("no-such-incident"))
            .unwrap()
            .is_none()
    );
    let without_pm = site
        .incidents
        .iter()
        .find(|i| i.postmortem.is_none())
        .expect("some incidents have no published post-mortem");
    assert!(
        preview(&site, BASE, PreviewPage::Postmortem(&without_pm.id))
            .unwrap()
            .is_none()
    );
    assert!(preview(&site, BASE, PreviewPage::Incident(&without_pm.id))
        .unwrap()
        .is_some());
}

#[test]
fn the_site_pages_keep_their_strict_head() {
    let site = site();
    let ctx = pages::Context::new(&site, BASE);
    let file = pages::index(&ctx).unwrap();
    let doc = Html::parse_document(std::str::from_utf8(&file.bytes).unwrap());
    assert!(
        attr(&doc, "base", "href").is_none(),
        "no <base> on the site"
    );
    // The site's own stylesheet, by a name of its version.
    assert!(attr(&doc, "link[rel=stylesheet]", "href")
        .is_some_and(|h| h.starts_with("assets/style.css?v=")));
    let csp = attr(&doc, "meta[http-equiv=Content-Security-Policy]", "content").unwrap();
    assert!(
        csp.contains("base-uri 'none'") && csp.contains("style-src 'self'"),
        "{csp}"
    );
}
