//! The site in the workspace's language: the same workspace set to German gives a site whose
//! every page says `lang="de"`, whose fixed words, statuses and dates are German (none of the
//! English ones is left), and whose feeds, calendars, badges and notification manifest speak
//! German too, while the incidents' own words stay as the team wrote them.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::model::SiteLanguage;
use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{render_site, RenderOptions};
use status_pages::words::{DE, EN};
use status_pages::OutFile;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn site(lang: SiteLanguage) -> Vec<OutFile> {
    let mut bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 7,
        now: now(),
    });
    bundle.settings.site_language = lang;
    let opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    render_site(&project(&bundle, now()), &opts).unwrap()
}

fn text(f: &OutFile) -> &str {
    std::str::from_utf8(&f.bytes).unwrap()
}

fn file<'a>(files: &'a [OutFile], path: &str) -> &'a str {
    text(files.iter().find(|f| f.path == path).unwrap())
}

/// The page's `lang` and its text as a reader sees it (attributes a screen reader reads too).
fn page(html: &str) -> (String, String) {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("html").unwrap();
    let lang = doc
        .select(&sel)
        .next()
        .and_then(|e| e.value().attr("lang"))
        .unwrap_or_default()
        .to_owned();
    let mut words: Vec<String> = doc.root_element().text().map(str::to_owned).collect();
    let any = scraper::Selector::parse("[aria-label], [title]").unwrap();
    for e in doc.select(&any) {
        words.extend(e.value().attr("aria-label").map(str::to_owned));
        words.extend(e.value().attr("title").map(str::to_owned));
    }
    let words = words.join(" ");
    (lang, words.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The status tags of a page (`.tag`, `.cs`, an update's `.ust`).
fn tags(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(".tag, .cs, .ust").unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// English fixed words a German page must not show (the sample's own incident words are
/// English, so these are the table's, not everyday words).
fn english_words() -> Vec<&'static str> {
    vec![
        EN.skip,
        EN.active_incidents,
        EN.past_incidents,
        EN.incident_history,
        EN.no_incidents_reported,
        EN.times_in_utc,
        EN.scheduled_maintenance,
        EN.uptime_by_month,
        EN.days_ago_90,
        EN.read_postmortem,
        EN.what_we_change,
        EN.back_to_incident,
        EN.postmortems_lead,
        EN.all_months,
        EN.subscribe_lead,
        EN.by_group_lead,
        EN.not_found,
        EN.impact_critical,
        EN.impact_major,
        EN.impact_minor,
        EN.degraded_performance,
        EN.in_full,
        EN.not_at_all,
        EN.maintenance_in_progress,
        "Subscribe:",
        "uptime over the last 90 days",
        " UTC. Generated",
        "As of",
        "lasted ",
        "(after ",
    ]
}

#[test]
fn every_page_of_the_german_site_is_german() {
    let de = site(SiteLanguage::German);
    let en = site(SiteLanguage::English);
    let mut pages = 0;
    for f in de.iter().filter(|f| f.path.ends_with(".html")) {
        let (lang, words) = page(text(f));
        assert_eq!(lang, "de", "{}", f.path);
        for english in english_words() {
            assert!(
                !words.contains(english),
                "{} still says {english:?}",
                f.path
            );
        }
        // Every status tag is one of the German table's words.
        for tag in tags(text(f)) {
            assert!(
                ![
                    "Investigating",
                    "Identified",
                    "Monitoring",
                    "Resolved",
                    "Operational",
                    "Scheduled",
                    "In progress",
                    "Completed",
                    "Open",
                    "Done"
                ]
                .contains(&tag.as_str()),
                "{}: status {tag:?}",
                f.path
            );
        }
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
    // The English site of the same workspace says each of those words somewhere, so the check
    // above looks for words the site really prints.
    let all_english: String = en
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| page(text(f)).1)
        .collect();
    let never: Vec<&str> = english_words()
        .into_iter()
        .filter(|w| !all_english.contains(w))
        .collect();
    assert!(never.is_empty(), "never printed: {never:?}");
    for f in en.iter().filter(|f| f.path.ends_with(".html")) {
        assert_eq!(page(text(f)).0, "en", "{}", f.path);
    }
    // The overall status: the same one of Statuspage's four, in each language.
    let overall = |files: &[OutFile]| {
        let doc = scraper::Html::parse_document(file(files, "index.html"));
        let h1 = scraper::Selector::parse("h1#overall").unwrap();
        doc.select(&h1).next().unwrap().text().collect::<String>()
    };
    let four = |w: &status_pages::words::Words| {
        [
            w.all_operational,
            w.minor_outage_overall,
            w.partial_outage_overall,
            w.major_outage_overall,
        ]
    };
    let at = four(&EN).iter().position(|s| *s == overall(&en)).unwrap();
    assert_eq!(overall(&de), four(&DE)[at]);
}

#[test]
fn dates_numbers_and_statuses_are_written_the_german_way() {
    let de = site(SiteLanguage::German);
    let (_, index) = page(file(&de, "index.html"));
    assert!(index.contains("Stand: 1. Nov. 2026, 12:00 UTC"), "{index}");
    assert!(index.contains(DE.components), "{index}");
    assert!(
        index.contains("Verfügbarkeit: ein schwerer Ausfall zählt voll, ein Teilausfall zu 30 %"),
        "{index}"
    );
    // Uptime with a decimal comma, and the days of the bars by German dates.
    assert!(
        index.contains(" % Verfügbarkeit in den letzten 90 Tagen"),
        "{index}"
    );
    assert!(regex_like_decimal_comma(&index), "{index}");
    assert!(
        index.contains("31. Okt.: ") || index.contains("1. Nov.: "),
        "{index}"
    );
    let (_, history) = page(file(&de, "history/2026-10/index.html"));
    assert!(
        history.contains("Störungsverlauf: Oktober 2026"),
        "{history}"
    );
    assert!(history.contains("Okt. 2026, "), "{history}");
    let (_, uptime) = page(file(&de, "uptime/2026-10/index.html"));
    assert!(uptime.contains("Verfügbarkeit im Oktober 2026"), "{uptime}");
}

/// Some `99,9… %`: a number with a decimal comma before a percent sign.
fn regex_like_decimal_comma(text: &str) -> bool {
    text.match_indices(" %").any(|(at, _)| {
        let before: String = text[..at].chars().rev().take(4).collect();
        before.contains(',') && before.chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn feeds_calendars_badges_and_notifications_speak_the_sites_language() {
    let de = site(SiteLanguage::German);
    let rss = rss::Channel::read_from(file(&de, "feed.rss").as_bytes()).unwrap();
    assert_eq!(rss.language(), Some("de"));
    assert_eq!(rss.title(), "Cygni Status");
    let atom = atom_syndication::Feed::read_from(file(&de, "feed.atom").as_bytes()).unwrap();
    assert_eq!(atom.lang(), Some("de"));
    let titles: Vec<&str> = atom.entries().iter().map(|e| e.title().as_str()).collect();
    assert!(
        titles
            .iter()
            .any(|t| t.ends_with("(Behoben)") || t.ends_with("(Post-Mortem)")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.ends_with("(Resolved)")),
        "{titles:?}"
    );
    // No English sentence of the feeds or calendars is left.
    for path in ["feed.atom", "feed.rss", "maintenance.ics"] {
        let text = file(&de, path);
        for english in [
            "Duration:",
            "Scheduled from",
            "Affects:",
            "Maintenance:",
            "Correction:",
            "Retracted:",
            "The update of",
            "Cygni status",
            "scheduled maintenance",
        ] {
            assert!(!text.contains(english), "{path} still says {english:?}");
        }
    }
    let ics = file(&de, "maintenance.ics");
    assert!(ics.contains("SUMMARY:Wartung: "), "{ics}");
    assert!(ics.contains("Geplante Wartungsarbeiten von Cygni"), "{ics}");
    let badge = file(&de, "badge.svg");
    let said = badge
        .split("<title>Status: ")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    let german = [
        DE.badge_operational,
        DE.badge_maintenance,
        DE.badge_minor_outage,
        DE.badge_partial_outage,
        DE.badge_major_outage,
    ];
    assert!(german.contains(&said), "{badge}");
    let manifest: status_pages::site::published::Manifest =
        serde_json::from_str(file(&de, "published.json")).unwrap();
    assert_eq!(manifest.lang, "de");
    assert!(std::ptr::eq(manifest.words(), &DE));
    let statuses: Vec<&str> = manifest.events.iter().map(|e| e.status.as_str()).collect();
    assert!(statuses.contains(&DE.resolved_status), "{statuses:?}");
    assert!(!statuses.contains(&EN.resolved_status), "{statuses:?}");
    // The API stays in Statuspage's words, for the programs that read it.
    let summary: serde_json::Value =
        serde_json::from_str(file(&de, "api/v2/summary.json")).unwrap();
    let overall = summary["status"]["description"].as_str().unwrap();
    assert!(
        [
            EN.all_operational,
            EN.minor_outage_overall,
            EN.partial_outage_overall,
            EN.major_outage_overall
        ]
        .contains(&overall),
        "{overall}"
    );
}
