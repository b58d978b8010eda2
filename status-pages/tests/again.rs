//! A site rendered again (`render_site_again`, what `site-gen serve` rebuilds with) is the site a
//! whole render makes, whatever changed; only the changed incidents' pages are rendered again,
//! and each file it calls unchanged is byte for byte the last render's.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeMap;

use incident_core::model::SiteLanguage;
use incident_core::public::{project, ComponentStatus, PublicSite};
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{render_site, render_site_again, LastRender, RenderOptions};

fn sample() -> PublicSite {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 80,
        seed: 11,
        now,
    });
    project(&bundle, now)
}

struct Renders {
    last: LastRender,
    /// The last render's files.
    files: BTreeMap<String, Vec<u8>>,
}

impl Renders {
    /// Renders `site` again; checks it against a whole render and its "unchanged" files against
    /// the last render; returns how many incidents' pages were rendered.
    fn again(&mut self, site: &PublicSite, opts: &RenderOptions) -> usize {
        let r = render_site_again(site, opts, &mut self.last).unwrap();
        assert!(
            r.files == render_site(site, opts).unwrap(),
            "a whole render"
        );
        for (f, same) in r.files.iter().zip(&r.same) {
            if *same {
                assert_eq!(self.files.get(&f.path), Some(&f.bytes), "{}", f.path);
            }
        }
        let n = r.rendered_incidents;
        self.files = r
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        self.last.keep(site.clone(), r);
        n
    }
}

#[test]
fn a_site_rendered_again_is_the_whole_render_whatever_changed() {
    let mut site = sample();
    let mut opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    let all = site.incidents.len();
    let mut r = Renders {
        last: LastRender::default(),
        files: BTreeMap::new(),
    };
    assert_eq!(
        r.again(&site, &opts),
        all,
        "the first render renders everything"
    );
    assert_eq!(r.again(&site, &opts), 0, "nothing changed");

    // One incident: its pages only.
    site.incidents[3].title.push_str(" (again)");
    assert_eq!(r.again(&site, &opts), 1);
    let pm = site
        .incidents
        .iter()
        .position(|i| i.postmortem.is_some())
        .unwrap();
    site.incidents[pm]
        .postmortem
        .as_mut()
        .unwrap()
        .markdown
        .push_str("\n\nOne more lesson.");
    assert_eq!(r.again(&site, &opts), 1);
    // Removed, and added back.
    let gone = site.incidents.remove(10);
    assert_eq!(r.again(&site, &opts), 0);
    site.incidents.insert(10, gone);
    assert_eq!(r.again(&site, &opts), 1);

    // The rest of the site: no incident page shows it, and every other page is rendered.
    site.now = site.now.plus_minutes(90);
    site.components[0].status = ComponentStatus::MajorOutage;
    site.uptime_weights.partial_outage = 100;
    site.maintenances.pop();
    r.again(&site, &opts);
    assert_eq!(r.again(&site, &opts), 0);

    // What every incident page shows: all rendered again.
    site.name = "Cygni Labs".to_owned();
    assert_eq!(r.again(&site, &opts), all);
    site.language = SiteLanguage::German;
    assert_eq!(r.again(&site, &opts), all);
    opts.base_url = Some("https://status.cygni.example/".to_owned());
    assert_eq!(r.again(&site, &opts), all);
}
