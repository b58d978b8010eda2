//! The post-mortem page: its title, then the incident's facts, then the text.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::{project, PublicPostmortem};
use incident_core::sample::{self, SampleOptions};
use incident_core::Timestamp;
use scraper::{Html, Selector};
use status_pages::pages;

fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

#[test]
fn the_title_comes_first_then_the_facts_then_the_text() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = sample::generate(&SampleOptions {
        incidents: 80,
        seed: 4,
        now,
    });
    let mut site = project(&bundle, now);
    let base = "https://status.cygni.example/";
    let at = site
        .incidents
        .iter()
        .position(|i| i.postmortem.is_some() && i.resolved_at.is_some())
        .unwrap();

    // Written with its own top heading: that heading is the page's one <h1>, above the facts.
    site.incidents[at].postmortem = Some(PublicPostmortem {
        markdown: "# Why checkout <b>failed</b>\n\n## Root Cause\n\nA `pool` limit.\n".to_owned(),
        published_at: now,
        follow_ups: Vec::new(),
    });
    let i = site.incidents[at].clone();
    let ctx = pages::Context::new(&site, base);
    let file = pages::postmortem(&ctx, &i).unwrap();
    let html = String::from_utf8(file.bytes).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(texts(&doc, "h1"), vec!["Why checkout <b>failed</b>"]);
    let h1 = html.find("<h1").unwrap();
    let facts = html.find("<dl class=\"facts\">").unwrap();
    let text = html.find("<div class=\"md\">").unwrap();
    assert!(
        h1 < facts && facts < text,
        "title, facts, text in that order"
    );
    assert_eq!(
        texts(&doc, ".facts dt"),
        vec!["Incident", "Started", "Resolved", "Affected"]
    );
    assert_eq!(texts(&doc, ".facts dd a"), vec![i.title.clone()]);
    assert_eq!(texts(&doc, ".md h2"), vec!["Root Cause"]);
    assert_eq!(
        texts(&doc, ".md h1").len(),
        0,
        "the heading is not repeated"
    );
    for a in &i.components {
        assert!(texts(&doc, ".facts .aff li")
            .iter()
            .any(|t| t.starts_with(&a.name)));
    }

    // Written without one: the incident's title makes the heading.
    site.incidents[at].postmortem = Some(PublicPostmortem {
        markdown: "Root cause: a `pool` limit.\n".to_owned(),
        published_at: now,
        follow_ups: Vec::new(),
    });
    let i = site.incidents[at].clone();
    let ctx = pages::Context::new(&site, base);
    let doc = Html::parse_document(
        &String::from_utf8(pages::postmortem(&ctx, &i).unwrap().bytes).unwrap(),
    );
    assert_eq!(texts(&doc, "h1"), vec![format!("Post-mortem: {}", i.title)]);

    // With a top heading further down: that one stays the page's only <h1>.
    site.incidents[at].postmortem = Some(PublicPostmortem {
        markdown: "Written the day after.\n\n# Checkout outage\n\nText.\n".to_owned(),
        published_at: now,
        follow_ups: Vec::new(),
    });
    let i = site.incidents[at].clone();
    let ctx = pages::Context::new(&site, base);
    let doc = Html::parse_document(
        &String::from_utf8(pages::postmortem(&ctx, &i).unwrap().bytes).unwrap(),
    );
    assert_eq!(texts(&doc, "h1"), vec!["Checkout outage"]);
}

#[test]
fn the_postmortems_page_lists_the_published_ones_newest_first() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = sample::generate(&SampleOptions {
        incidents: 120,
        seed: 9,
        now,
    });
    let mut site = project(&bundle, now);
    let base = "https://status.cygni.example/";
    let ctx = pages::Context::new(&site, base);
    let file = pages::postmortems(&ctx).unwrap();
    assert_eq!(file.path, "postmortems/index.html");
    let doc = Html::parse_document(&String::from_utf8(file.bytes).unwrap());
    let sel = Selector::parse("ul.pms > li > a").unwrap();
    let listed: Vec<String> = doc
        .select(&sel)
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    let mut published: Vec<_> = site
        .incidents
        .iter()
        .filter_map(|i| {
            i.postmortem
                .as_ref()
                .map(|p| (p.published_at, i.id.clone()))
        })
        .collect();
    assert!(published.len() > 3, "the sample publishes post-mortems");
    incident_core::sort::by(&mut published, |a, b| {
        b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1))
    });
    let expected: Vec<String> = published.iter().map(|(_, id)| format!("{id}/")).collect();
    assert_eq!(listed, expected);
    // Every page links to it.
    let incident = pages::incident(&ctx, &site.incidents[0]).unwrap();
    let doc = Html::parse_document(&String::from_utf8(incident.bytes).unwrap());
    assert!(texts(&doc, "header nav a").contains(&"Post-mortems".to_owned()));

    // None published: it says so.
    for i in &mut site.incidents {
        i.postmortem = None;
    }
    let ctx = pages::Context::new(&site, base);
    let doc =
        Html::parse_document(&String::from_utf8(pages::postmortems(&ctx).unwrap().bytes).unwrap());
    assert_eq!(
        texts(&doc, "p.none"),
        vec!["No post-mortems published yet."]
    );
}
