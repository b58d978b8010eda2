//! A site projected and rendered again (`project_again`, `render_site_again`: what `site-gen
//! serve` rebuilds with) is the site a whole projection and render make, whatever changed; only
//! the changed incidents' pages are rendered again, and each file it calls unchanged is byte for
//! byte the last render's.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeMap;

use incident_core::model::{RecordKind, SiteLanguage, Tombstone};
use incident_core::public::{on_site, project, project_again, LastProjection};
use incident_core::sample::{generate, SampleOptions};
use incident_core::{Bundle, Timestamp};
use status_pages::site::{render_site, render_site_again, LastRender, RenderOptions};

fn sample(now: Timestamp) -> Bundle {
    generate(&SampleOptions {
        incidents: 80,
        seed: 11,
        now,
    })
}

struct Renders {
    projection: LastProjection,
    last: LastRender,
    /// The last render's files.
    files: BTreeMap<String, Vec<u8>>,
    /// The files of the history and of the uptime that the last render kept.
    kept_months: Vec<String>,
}

impl Renders {
    /// Projects and renders `bundle` again, `unchanged` saying which of its incidents are the
    /// records last projected; checks the result against a whole projection and render, and its
    /// "unchanged" files against the last render; returns how many incidents' pages were
    /// rendered.
    fn again(
        &mut self,
        bundle: &Bundle,
        now: Timestamp,
        unchanged: &[bool],
        opts: &RenderOptions,
    ) -> usize {
        let p = project_again(bundle, now, unchanged, &mut self.projection);
        let whole = project(bundle, now);
        assert!(p.site == whole, "a whole projection");
        let r = render_site_again(&p.site, opts, &p.same, &mut self.last).unwrap();
        assert!(
            r.files == render_site(&whole, opts).unwrap(),
            "a whole render"
        );
        self.kept_months.clear();
        for (f, same) in r.files.iter().zip(&r.same) {
            if *same {
                assert_eq!(self.files.get(&f.path), Some(&f.bytes), "{}", f.path);
                if f.path.starts_with("history/") || f.path.starts_with("uptime/") {
                    self.kept_months.push(f.path.clone());
                }
            }
        }
        let n = r.rendered_incidents;
        self.files = r
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        self.last.keep(r);
        self.projection.keep(p.site);
        n
    }
}

/// Every incident unchanged but the one at `changed`.
fn all_but(bundle: &Bundle, changed: usize) -> Vec<bool> {
    (0..bundle.incidents.len()).map(|n| n != changed).collect()
}

#[test]
fn a_site_made_again_is_the_whole_projection_and_render_whatever_changed() {
    let mut now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let mut bundle = sample(now);
    let mut opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    let all = project(&bundle, now).incidents.len();
    let none = all_but(&bundle, usize::MAX);
    let mut r = Renders {
        projection: LastProjection::default(),
        last: LastRender::default(),
        files: BTreeMap::new(),
        kept_months: Vec::new(),
    };
    assert_eq!(
        r.again(&bundle, now, &none, &opts),
        all,
        "the first render renders everything"
    );
    assert_eq!(r.again(&bundle, now, &none, &opts), 0, "nothing changed");
    // Told that every record changed: each is projected again, and is the same view.
    assert_eq!(r.again(&bundle, now, &[], &opts), 0);

    // One incident's public update: its pages only.
    let k = (0..bundle.incidents.len())
        .find(|&k| on_site(&bundle.incidents[k], now))
        .unwrap();
    let u = bundle.incidents[k]
        .updates
        .iter_mut()
        .find(|u| u.public && u.at <= now)
        .unwrap();
    u.message.push_str(" (again)");
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, k), &opts), 1);
    // The months of the history and of the uptime that it is not in are the last render's
    // (with `again`, which site-gen turns on; without it every file is rendered).
    let month = bundle.incidents[k]
        .started_at
        .datetime()
        .format("%Y-%m")
        .to_string();
    assert_eq!(
        r.kept_months.iter().any(|p| p.starts_with("history/"))
            && r.kept_months.iter().any(|p| p.starts_with("uptime/")),
        cfg!(feature = "again"),
        "{:?}",
        r.kept_months
    );
    assert!(!r
        .kept_months
        .contains(&format!("history/{month}/index.html")));
    // Nothing changed: every past month kept.
    r.again(&bundle, now, &none, &opts);
    assert_eq!(
        r.kept_months
            .contains(&format!("history/{month}/index.html")),
        cfg!(feature = "again")
    );
    // An incident moved to another month, and one that lasted into the next month: both
    // months of each made again (the whole render says so).
    let resolved: Vec<usize> = (0..bundle.incidents.len())
        .filter(|&n| {
            let i = &bundle.incidents[n];
            on_site(i, now) && i.resolved_at.is_some_and(|t| t < days_before(now, 90))
        })
        .collect();
    let (a, b) = (resolved[0], resolved[resolved.len() - 1]);
    bundle.incidents[a].started_at = days_before(bundle.incidents[a].started_at, 40);
    bundle.incidents[a].declared_at = bundle.incidents[a].started_at;
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, a), &opts), 1);
    let until = bundle.incidents[b].resolved_at.unwrap();
    bundle.incidents[b].resolved_at = Some(until.plus_minutes(35 * 24 * 60));
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, b), &opts), 1);
    // Changed where the public does not look: projected again, no page rendered.
    bundle.incidents[k].title.push_str(" (internal)");
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, k), &opts), 0);
    // A post-mortem's text.
    let pm = bundle
        .incidents
        .iter()
        .position(|i| i.postmortem.as_ref().is_some_and(|p| p.published))
        .unwrap();
    let p = bundle.incidents[pm].postmortem.as_mut().unwrap();
    p.markdown.push_str("\n\nOne more lesson.");
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, pm), &opts), 1);
    // Removed, and added back.
    let gone = bundle.incidents.remove(k);
    assert_eq!(r.again(&bundle, now, &none, &opts), 0);
    bundle.incidents.insert(k, gone);
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, k), &opts), 1);

    // The clock, up to and past each of an open incident's next records (a correction, an
    // update, a change of impact made after `now`): every view holds until its next record.
    let open = bundle
        .incidents
        .iter()
        .position(|i| i.resolved_at.is_none() && on_site(i, now))
        .unwrap();
    let base = now;
    let later = |m: i64| base.plus_minutes(m);
    let i = &mut bundle.incidents[open];
    let mut update = i.updates.iter().find(|u| u.public).unwrap().clone();
    update.id = "later-update".to_owned();
    update.at = later(30);
    update.message = "Written before, published at its time.".to_owned();
    let corrected = update.id.clone();
    i.updates.push(update);
    i.corrections.push(incident_core::model::Correction {
        id: "later-correction".to_owned(),
        update: corrected,
        at: later(60),
        by: None,
        message: Some("Corrected later.".to_owned()),
    });
    let mut wider = i.components.clone();
    wider.truncate(1);
    i.timeline.push(incident_core::model::Event {
        id: "later-impact".to_owned(),
        at: later(45),
        by: None,
        kind: incident_core::model::EventKind::ComponentsChanged { components: wider },
    });
    assert_eq!(r.again(&bundle, now, &all_but(&bundle, open), &opts), 0);
    for (m, moved) in [(10, false), (30, true), (45, true), (60, true), (90, false)] {
        now = later(m);
        let n = r.again(&bundle, now, &none, &opts);
        assert_eq!(
            n >= 1,
            moved,
            "{m} minutes on: {n} incidents' pages rendered"
        );
    }
    // Into the next month, and a month on.
    now = base.plus_minutes(31 * 24 * 60);
    r.again(&bundle, now, &none, &opts);
    now = base.plus_minutes(62 * 24 * 60);
    r.again(&bundle, now, &none, &opts);
    // And back (a clock set back): the site as it was then.
    now = base;
    r.again(&bundle, now, &none, &opts);

    // What the views read beside the incident: the uptime weights (no page shows them), a
    // removed maintenance (neither), a deleted incident (its pages go).
    bundle.settings.uptime_weights.partial_outage = 100;
    assert_eq!(r.again(&bundle, now, &none, &opts), 0);
    bundle.maintenances.pop();
    assert_eq!(r.again(&bundle, now, &none, &opts), 0);
    // No maintenance window at all, and only the clock moves: this month's minutes grow.
    bundle.maintenances.clear();
    r.again(&bundle, now, &none, &opts);
    now = now.plus_minutes(10);
    r.again(&bundle, now, &none, &opts);
    let deleted = bundle.incidents[k].id.clone();
    bundle.tombstones.push(Tombstone {
        kind: RecordKind::Incident,
        id: deleted.clone(),
        deleted_at: later(24 * 60),
        device: "test".to_owned(),
    });
    assert_eq!(r.again(&bundle, now, &none, &opts), 0);
    assert!(!r
        .files
        .contains_key(&format!("incidents/{deleted}/index.html")));
    assert!(r.files.keys().any(|path| path.starts_with("incidents/")));

    // What every incident page shows: all rendered again.
    let all = project(&bundle, now).incidents.len();
    bundle.settings.organization.name = "Cygni Labs".to_owned();
    assert_eq!(r.again(&bundle, now, &none, &opts), all);
    bundle.settings.site_language = SiteLanguage::German;
    assert_eq!(r.again(&bundle, now, &none, &opts), all);
    opts.base_url = Some("https://status.cygni.example/".to_owned());
    assert_eq!(r.again(&bundle, now, &none, &opts), all);
}

fn days_before(t: Timestamp, days: i64) -> Timestamp {
    t.plus_minutes(-days * 24 * 60)
}
