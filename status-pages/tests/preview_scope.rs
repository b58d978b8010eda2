//! A preview projects only what its page shows (`PreviewPage::scope`), and the page is the same
//! as from the whole workspace: the status page at several times, every kind of incident page,
//! and an old incident whose resolution was retracted (still open to the public). The same page
//! again from only the part of the workspace the scope reads (`scoped_part`: what the workspace
//! hands its preview's worker), with and without a draft.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::model::{Correction, Incident};
use incident_core::public::{project, project_scoped, scoped_part, PublicSite};
use incident_core::sample::{self, SampleOptions};
use incident_core::{Bundle, Timestamp};
use status_pages::{preview, PreviewPage};

const BASE: &str = "https://status.cygni.example/";

fn bundle() -> Bundle {
    sample::generate(&SampleOptions {
        incidents: 2000,
        seed: 17,
        now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
    })
}

fn page(site: &PublicSite, page: PreviewPage<'_>) -> Option<String> {
    preview(site, BASE, page).unwrap()
}

/// The page of `which` from the scoped projection and from the whole one, and how many
/// incidents each projected.
fn both(
    b: &Bundle,
    now: Timestamp,
    which: PreviewPage<'_>,
) -> (Option<String>, Option<String>, usize, usize) {
    let whole = project(b, now);
    let scoped = project_scoped(b, now, None, which.scope());
    let part = scoped_part(b, now, which.scope(), None);
    assert!(part.incidents.len() < b.incidents.len() / 4 || b.incidents.len() < 4);
    let from_part = project_scoped(&part, now, None, which.scope());
    assert_eq!(
        page(&from_part, which),
        page(&scoped, which),
        "{which:?} from the part differs"
    );
    (
        page(&scoped, which),
        page(&whole, which),
        scoped.incidents.len(),
        whole.incidents.len(),
    )
}

#[test]
fn the_status_page_preview_reads_its_last_days_and_is_the_same_page() {
    let b = bundle();
    let start = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    // The sample's present, and later ones: incidents leave the bars as the days pass.
    for days in [0, 1, 30, 89, 90, 91, 120, 400] {
        let now = Timestamp::from_unix_millis(start.unix_millis() + days * 86_400_000).unwrap();
        let (scoped, whole, read, all) = both(&b, now, PreviewPage::Status);
        assert!(whole.is_some());
        assert_eq!(scoped, whole, "the status page {days} days on differs");
        assert!(
            read < all / 4,
            "{days} days on: {read} of {all} incidents projected"
        );
    }
}

/// A part cut once serves every later preview while the workspace stays the same: a minute, a
/// day, a month and a year on, the page from the part is the page from the whole workspace;
/// and in this sample, with updates dated after the cut, some of them bring incidents onto
/// the page only later.
#[test]
fn a_part_serves_every_later_time() {
    let b = bundle();
    let cut = Timestamp::parse("2026-10-01T12:00:00Z").unwrap();
    let part = scoped_part(&b, cut, PreviewPage::Status.scope(), None);
    let mut seen_later = 0;
    for minutes in [0, 1, 60 * 24, 60 * 24 * 31, 60 * 24 * 400] {
        let now = cut.plus_minutes(minutes);
        let scope = PreviewPage::Status.scope();
        let from_part = project_scoped(&part, now, None, scope);
        let whole = project_scoped(&b, now, None, scope);
        assert_eq!(
            page(&from_part, PreviewPage::Status),
            page(&whole, PreviewPage::Status),
            "{minutes} minutes after the cut"
        );
        let on_at_cut = project_scoped(&b, cut, None, scope);
        seen_later += whole
            .incidents
            .iter()
            .filter(|i| on_at_cut.incidents.iter().all(|c| c.id != i.id))
            .count();
    }
    assert!(
        seen_later > 0,
        "no incident came onto the page after the cut"
    );
}

#[test]
fn an_incident_page_preview_reads_that_incident_and_is_the_same_page() {
    let b = bundle();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let whole = project(&b, now);
    let with_postmortem: Vec<&str> = whole
        .incidents
        .iter()
        .filter(|i| i.postmortem.is_some())
        .map(|i| i.id.as_str())
        .take(5)
        .collect();
    assert!(!with_postmortem.is_empty());
    let mut ids: Vec<&str> = whole
        .incidents
        .iter()
        .step_by(250)
        .map(|i| i.id.as_str())
        .collect();
    ids.extend(&with_postmortem);
    // And one that is not on the site (a drill, or never told to the public).
    let hidden = b
        .incidents
        .iter()
        .find(|i| whole.incidents.iter().all(|p| p.id != i.id))
        .unwrap();
    ids.push(&hidden.id);
    for id in ids {
        for which in [PreviewPage::Incident(id), PreviewPage::Postmortem(id)] {
            let (scoped, whole, read, _) = both(&b, now, which);
            assert_eq!(scoped, whole, "{which:?} differs");
            assert!(read <= 1);
        }
    }
}

/// An old incident, resolved long ago, whose "Resolved" update was then retracted: the public
/// still reads it as open, so the status page shows it, from the scoped projection too.
#[test]
fn an_old_incident_whose_resolution_was_retracted_stays_on_the_status_page() {
    let mut b = bundle();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let whole = project(&b, now);
    let old_resolved = |i: &&mut Incident| {
        i.resolved_at
            .is_some_and(|r| r.unix_millis() < now.unix_millis() - 200 * 86_400_000)
            && whole
                .incidents
                .iter()
                .any(|p| p.id == i.id && p.is_resolved())
    };
    let incident = b.incidents.iter_mut().find(old_resolved).unwrap();
    let resolved = incident
        .updates
        .iter()
        .filter(|u| u.public)
        .max_by_key(|u| u.at)
        .unwrap()
        .clone();
    incident.corrections.push(Correction {
        id: "retraction-long-ago".to_owned(),
        update: resolved.id.clone(),
        at: Timestamp::from_unix_millis(resolved.at.unix_millis() + 60_000).unwrap(),
        by: None,
        message: None,
    });
    let id = incident.id.clone();
    let (scoped, whole, _, _) = both(&b, now, PreviewPage::Status);
    assert_eq!(scoped, whole);
    let whole_site = project(&b, now);
    let still_open = whole_site.incidents.iter().find(|i| i.id == id).unwrap();
    assert!(
        !still_open.is_resolved(),
        "the retraction reopens it to the public"
    );
    assert!(
        whole.unwrap().contains(&format!("incidents/{id}/")),
        "the status page lists it as active"
    );
}

/// A draft (an update typed, not posted) on an incident the status page would not otherwise
/// show, and on an incident's own page: the part keeps the drafted incident, and the page from
/// the part with the draft is the page from the whole workspace with it.
#[test]
fn a_draft_previewed_from_the_part_is_the_page_from_the_whole() {
    let b = bundle();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let whole = project(&b, now);
    let old = b
        .incidents
        .iter()
        .filter(|i| {
            whole
                .incidents
                .iter()
                .any(|p| p.id == i.id && p.is_resolved())
        })
        .min_by_key(|i| i.started_at)
        .unwrap();
    let mut draft = old.clone();
    let mut update = draft.updates.iter().find(|u| u.public).unwrap().clone();
    update.id = "draft-update".to_owned();
    update.at = now;
    update.status = incident_core::model::IncidentStatus::Monitoring;
    update.message = "We are watching the fix again.".to_owned();
    draft.updates.push(update);
    for which in [PreviewPage::Status, PreviewPage::Incident(&old.id)] {
        let from_whole = project_scoped(&b, now, Some(&draft), which.scope());
        let part = scoped_part(&b, now, which.scope(), Some(&draft.id));
        assert!(part.incidents.iter().any(|i| i.id == draft.id));
        let from_part = project_scoped(&part, now, Some(&draft), which.scope());
        let shown = page(&from_part, which).unwrap();
        assert_eq!(Some(&shown), page(&from_whole, which).as_ref(), "{which:?}");
        assert!(
            shown.contains("We are watching the fix again."),
            "{which:?}"
        );
    }
}
