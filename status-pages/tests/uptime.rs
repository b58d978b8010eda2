//! Uptime that can be explained: an incident whose impact goes major (20 min) → degraded
//! (40 min) → resolved counts 20 minutes at the major weight and 40 at the degraded one, on the
//! day and in the month, by the weights the pages print; the Statuspage API's update history
//! shows both changes.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::model::{AffectedComponent, DetectionSource, Impact};
use incident_core::ops::{self, Actor, Declaration, UpdateDraft};
use incident_core::public::{project, uptime_days, Weights};
use incident_core::sample::{generate, SampleOptions};
use incident_core::{Severity, Timestamp};
use status_pages::site::{render_site, RenderOptions};

const ID: &str = "9c0e4b7a-1f2d-4e8a-b6c5-3d2a1f0e9b87";

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

#[test]
fn an_impact_counts_as_it_changed_on_the_day_in_the_month_and_in_the_api() {
    let mut bundle = generate(&SampleOptions {
        incidents: 10,
        seed: 2,
        now: at("2026-10-01T00:00:00Z"),
    });
    // Only this incident in November.
    bundle.incidents.clear();
    bundle.maintenances.clear();
    let c = bundle.settings.components[0].clone();
    let actor = |t: &str| Actor {
        person: None,
        device: "laptop-a".to_owned(),
        now: at(t),
    };
    let affected = |impact| {
        vec![AffectedComponent {
            component: c.id.clone(),
            impact,
        }]
    };
    let draft = |m: &str| UpdateDraft {
        impact: String::new(),
        actions: String::new(),
        message: m.to_owned(),
        public: true,
    };
    let pb = bundle.settings.playbook.clone();
    let mut i = ops::declare(
        Declaration {
            id: ID.to_owned(),
            title: "Down".to_owned(),
            severity: Severity::Sev1,
            components: affected(Impact::MajorOutage),
            detection: DetectionSource::AutomatedAlert,
            started_at: None,
            drill: false,
        },
        &actor("2026-11-03T10:00:00Z"),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        draft("It is down."),
        &pb,
        &actor("2026-11-03T10:00:00Z"),
    )
    .unwrap();
    ops::set_components(
        &mut i,
        affected(Impact::DegradedPerformance),
        &actor("2026-11-03T10:20:00Z"),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        draft("It is slow."),
        &pb,
        &actor("2026-11-03T10:20:00Z"),
    )
    .unwrap();
    ops::resolve(&mut i, &pb, Some("fixed"), &actor("2026-11-03T11:00:00Z")).unwrap();
    ops::post_update(
        &mut i,
        draft("It is fixed."),
        &pb,
        &actor("2026-11-03T11:00:00Z"),
    )
    .unwrap();
    bundle.incidents.push(i);

    let now = at("2026-12-02T09:00:00Z");
    let site = project(&bundle, now);
    let w = Weights::default();
    // By hand: 20 minutes at the major weight, 40 at the degraded one.
    let down = 20.0 * w.major + 40.0 * w.degraded;
    let day_pct = 100.0 * (1.0 - down / 1440.0);
    let month_pct = 100.0 * (1.0 - down / (30.0 * 1440.0));

    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    let (days, pct) = uptime_days(&site, &c.id, first, 1, &w);
    assert_eq!((days[0].major_minutes, days[0].degraded_minutes), (20, 40));
    assert!((pct - day_pct).abs() < 1e-9, "{pct} vs {day_pct}");

    let files = render_site(
        &site,
        &RenderOptions {
            base_url: Some("https://status.example.com/".to_owned()),
        },
    )
    .unwrap();
    let file = |path: &str| {
        let f = files.iter().find(|f| f.path == path).unwrap();
        String::from_utf8(f.bytes.clone()).unwrap()
    };
    // The month page prints its weights and the component's uptime by them.
    let page = scraper::Html::parse_document(&file("uptime/2026-11/index.html"));
    let text: String = page.root_element().text().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = status_pages::words::EN.weights(&w);
    assert!(text.contains(&words), "{text}");
    assert!(words.contains("a major outage counts in full"));
    let row = scraper::Selector::parse("tr").unwrap();
    let cells = page
        .select(&row)
        .map(|tr| {
            tr.text()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first() == Some(&c.name.as_str()))
        .unwrap();
    let shown = format!("{:.3} %", (month_pct * 1000.0).floor() / 1000.0);
    assert_eq!(cells[1], shown);
    assert_eq!(&cells[2..6], &["20", "0", "40", "0"]);
    // The CSV beside it has the day.
    let csv = file("uptime/2026-11/uptime.csv");
    let line = format!(
        "2026-11-03,{},{},20,0,40,0,1440,20.0,{:.3}",
        c.id,
        c.name,
        (day_pct * 1000.0).floor() / 1000.0
    );
    assert!(csv.lines().any(|l| l == line), "{line}\n{csv}");

    // The API's update history: down, then degraded, then operational.
    let api: serde_json::Value = serde_json::from_str(&file("api/v2/incidents.json")).unwrap();
    let inc = api["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == ID)
        .unwrap();
    let mut moves: Vec<(String, String, String)> = inc["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .flat_map(|u| {
            u["affected_components"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_owned(),
                a["old_status"].as_str().unwrap().to_owned(),
                a["new_status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    moves.dedup();
    let m = |o: &str, n: &str| (c.id.clone(), o.to_owned(), n.to_owned());
    assert_eq!(
        moves,
        vec![
            m("operational", "major_outage"),
            m("major_outage", "degraded_performance"),
            m("degraded_performance", "operational"),
        ]
    );
}
