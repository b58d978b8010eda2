//! The projection made again after a change (`site-gen serve`): an incident whose record did not
//! change keeps its last public view while nothing else that view reads changed (the settings,
//! the tombstones) and the clock has not reached the incident's next recorded moment; every
//! other incident is projected as [`project`](super::project) projects it. The site is always
//! the one `project` gives (tested, with each of those changed in turn).

use std::collections::HashMap;

use crate::bundle::Bundle;
use crate::model::{Incident, Settings, Tombstone};
use crate::time::Timestamp;

use super::project::{newest_first, next_change, on_site, Reading};
use super::{PublicIncident, PublicSite};

/// The last projection, kept for the next one.
#[derive(Debug, Default)]
pub struct LastProjection {
    /// What every incident's view read besides the incident.
    read: Option<(Settings, Vec<Tombstone>)>,
    /// The time it was made at.
    now: Option<Timestamp>,
    /// Each public incident's view, until when it holds ([`next_change`]), by id.
    views: HashMap<String, (PublicIncident, Option<Timestamp>)>,
    /// Until when each view of the projection not yet kept holds.
    until: HashMap<String, Option<Timestamp>>,
}

/// A projection, and for each of its incidents whether its view is the last projection's.
#[derive(Debug)]
pub struct Projected {
    pub site: PublicSite,
    /// For each of `site.incidents`: its view is the last projection's (neither it nor anything
    /// it reads changed).
    pub same: Vec<bool>,
}

impl LastProjection {
    /// Keeps `site`, the site of the last [`project_again`], for the next one.
    pub fn keep(&mut self, site: PublicSite) {
        let mut until = std::mem::take(&mut self.until);
        self.views = site
            .incidents
            .into_iter()
            .map(|i| {
                let holds = until.remove(&i.id).flatten();
                (i.id.clone(), (i, holds))
            })
            .collect();
    }
}

/// [`project`](super::project) of `bundle` at `now`, taking from `last` the view of each incident
/// that `unchanged` says is the same record as when `last` was made (by its place in
/// `bundle.incidents`; a missing entry is a changed record). `last` is emptied of its views:
/// give the site to [`LastProjection::keep`] once it is used.
pub fn project_again(
    bundle: &Bundle,
    now: Timestamp,
    unchanged: &[bool],
    last: &mut LastProjection,
) -> Projected {
    let before = std::mem::take(last);
    let r = Reading::new(bundle, now, true);
    let read = (bundle.settings.clone(), bundle.tombstones.clone());
    // The clock may only have moved on; anything else the views read must be as it was.
    let reuse = before.read.as_ref() == Some(&read) && before.now.is_some_and(|t| t <= now);
    let mut views = before.views;
    // Each public incident with its last view, and whether that view holds as it is.
    type Last = Option<(PublicIncident, Option<Timestamp>)>;
    let chosen: Vec<(&Incident, Last, bool)> = bundle
        .incidents
        .iter()
        .enumerate()
        .filter(|(_, i)| !r.hidden.incidents.contains(i.id.as_str()) && on_site(i, now))
        .map(|(n, i)| {
            let last = views.remove(&i.id);
            let holds = reuse
                && unchanged.get(n).copied().unwrap_or(false)
                && last
                    .as_ref()
                    .is_some_and(|(_, until)| until.is_none_or(|u| now < u));
            (i, last, holds)
        })
        .collect();
    type View = (PublicIncident, Option<Timestamp>, bool);
    let one = |(i, last, holds): (&Incident, Last, bool)| -> View {
        match last {
            Some((view, until)) if holds => (view, until, true),
            // Projected again; the same as before when the change was one the public does not
            // see (an internal note, another clock).
            last => {
                let view = r.incident(i);
                let same = last.is_some_and(|(before, _)| before == view);
                (view, next_change(i, now), same)
            }
        }
    };
    // Each incident on its own: on every core where there are threads (site-gen).
    #[cfg(feature = "parallel")]
    let mut made: Vec<View> = {
        use rayon::prelude::*;
        chosen.into_par_iter().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let mut made: Vec<View> = chosen.into_iter().map(one).collect();
    crate::sort::by(&mut made, |a, b| newest_first(&a.0, &b.0));
    last.until = made
        .iter()
        .map(|(i, until, _)| (i.id.clone(), *until))
        .collect();
    last.read = Some(read);
    last.now = Some(now);
    let same = made.iter().map(|(_, _, same)| *same).collect();
    let site = r.site(made.into_iter().map(|(i, _, _)| i).collect());
    // The views no longer on the site are freed off the caller's path where there are threads.
    #[cfg(feature = "parallel")]
    rayon::spawn(move || drop(views));
    Projected { site, same }
}
