//! The uptime bars of the status page: each is 90 days wide, a day with an incident is its own
//! entry that says the day, the worst impact and how many incidents (and takes focus), and each
//! run of days without incidents is one entry that says its dates; `assets/bars.css` gives every
//! run its width in days.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::{project, uptime};
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{render_site, RenderOptions};

#[test]
fn each_bar_covers_90_days_in_entries_that_say_their_days() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 80,
        seed: 3,
        now,
    });
    let files = render_site(&project(&bundle, now), &RenderOptions { base_url: None }).unwrap();
    let text = |path: &str| {
        let f = files.iter().find(|f| f.path == path).unwrap();
        String::from_utf8(f.bytes.clone()).unwrap()
    };
    let css = text("assets/bars.css");
    let doc = scraper::Html::parse_document(&text("index.html"));
    let bars = scraper::Selector::parse("ol.bar").unwrap();
    let entries = scraper::Selector::parse("li").unwrap();
    let (mut runs, mut incident_days, mut bars_seen) = (0, 0, 0);
    for bar in doc.select(&bars) {
        bars_seen += 1;
        let mut days = 0;
        for li in bar.select(&entries) {
            let classes: Vec<&str> = li.value().classes().collect();
            let words = li.text().collect::<String>();
            let span = classes
                .iter()
                .find_map(|c| c.strip_prefix('r').and_then(|n| n.parse::<usize>().ok()))
                .unwrap_or(1);
            days += span;
            if span > 1 {
                runs += 1;
                assert!(
                    css.contains(&format!(
                        ".bar .r{span}{{flex:{span} {span} {}px}}",
                        span - 1
                    )),
                    "no width for a run of {span}"
                );
                // `Aug 4 – Sep 2: no incidents` (or no data, before the component existed).
                assert!(
                    words.contains(" – ")
                        && (words.ends_with(": no incidents") || words.ends_with(": no data")),
                    "{words}"
                );
                assert_eq!(li.value().attr("tabindex"), None);
            }
            if ["m", "p", "d"].iter().any(|c| classes.contains(c)) {
                incident_days += 1;
                assert_eq!(span, 1);
                assert_eq!(li.value().attr("tabindex"), Some("0"), "{words}");
                let (_, rest) = words.split_once(": ").unwrap();
                let (worst, count) = rest.split_once(", ").unwrap();
                assert!(
                    ["major outage", "partial outage", "degraded performance"].contains(&worst),
                    "{words}"
                );
                assert!(
                    count.ends_with(" incident") || count.ends_with(" incidents"),
                    "{words}"
                );
            }
        }
        assert_eq!(days, 90, "a bar covers 90 days");
    }
    assert!(
        bars_seen > 5 && runs > 5 && incident_days > 0,
        "{bars_seen} {runs} {incident_days}"
    );
    // The page asks for each sheet by a name of its content: a cached older sheet, without the
    // widths this page needs, is never used with it. Only the status page, which draws bars,
    // asks for their widths; the product's sheet is the same whatever the data.
    let link = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let version = |css: &str| format!("{:08x}", status_pages::checksum(css.as_bytes()) as u32);
    let hrefs = |doc: &scraper::Html| -> Vec<String> {
        doc.select(&link)
            .map(|l| l.value().attr("href").unwrap().to_owned())
            .collect()
    };
    let product = text("assets/style.css");
    assert_eq!(product, status_pages::pages::STYLE);
    assert_eq!(
        hrefs(&doc),
        [
            format!("assets/style.css?v={}", version(&product)),
            format!("assets/bars.css?v={}", version(&css)),
        ]
    );
    let incident_page = files
        .iter()
        .find(|f| f.path.starts_with("incidents/"))
        .unwrap();
    let incident_doc =
        scraper::Html::parse_document(&String::from_utf8_lossy(&incident_page.bytes));
    assert_eq!(
        hrefs(&incident_doc),
        [format!("../../assets/style.css?v={}", version(&product))]
    );
}

/// Two incidents of the same title on one day are two incidents in its words.
#[test]
fn a_day_counts_incidents_not_titles() {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let mut bundle = generate(&SampleOptions {
        incidents: 80,
        seed: 3,
        now,
    });
    let site = project(&bundle, now);
    let i = site
        .incidents
        .iter()
        .find(|i| i.is_resolved() && now.minutes_since(i.started_at) < 30 * 24 * 60)
        .unwrap();
    let component = i.components[0].id.clone();
    let day = i.started_at.datetime().date_naive().to_string();
    let count = |site: &incident_core::public::PublicSite| {
        let (days, _) = uptime(site, &component, 90);
        days.into_iter()
            .find(|d| d.date == day)
            .unwrap()
            .incidents
            .len()
    };
    let before = count(&site);
    let mut twin = bundle
        .incidents
        .iter()
        .find(|x| x.id == i.id)
        .unwrap()
        .clone();
    twin.id = "twin-of-an-incident".to_owned();
    bundle.incidents.push(twin);
    assert_eq!(count(&project(&bundle, now)), before + 1);
}
