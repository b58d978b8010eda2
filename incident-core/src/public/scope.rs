//! Which incidents a projection reads: every one for the site, or only those one page of a
//! preview can show, so that the workspace's preview of a page does not project the whole
//! history for it.

use crate::model::{Incident, StatusUpdate};
use crate::time::Timestamp;

use super::PublicStatus;

/// The incidents a projection reads ([`super::project_scoped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every incident: the whole site.
    All,
    /// Those the status page can show: every incident the public was not told is resolved, and
    /// every one with anything (start, update, correction, event, resolution, post-mortem) in the
    /// last `days` days (and two more: days are counted in UTC dates). Its page is the same as
    /// with [`Scope::All`] when `days` covers its longest look back (the uptime bars').
    /// Their post-mortems are projected without their text and follow-ups: the status page
    /// only says that one is published (reading the text was a quarter of its preview).
    Recent { days: i64 },
    /// One incident: its own page and post-mortem.
    Incident(&'a str),
}

impl Scope<'_> {
    /// Whether published post-mortems keep their text and follow-ups (see [`Scope::Recent`]).
    pub(super) fn keeps_postmortem_text(&self) -> bool {
        !matches!(self, Scope::Recent { .. })
    }

    /// Whether the projection reads `incident` at `now`. Errs only towards reading: an incident
    /// left out is certainly absent from the page.
    pub(super) fn reads(&self, incident: &Incident, now: Timestamp) -> bool {
        match self {
            Scope::All => true,
            Scope::Incident(id) => incident.id == *id,
            Scope::Recent { days } => {
                let since = now.plus_minutes(-(days + 2) * 24 * 60);
                active_since(incident, since) || !told_resolved(incident, now)
            }
        }
    }
}

/// Whether anything was recorded of `incident` at or after `since`. Timestamps are compared as
/// they are (turning each into milliseconds first made this scan of every event of every
/// incident half of a status page preview's time), and the scan stops at the first one found.
fn active_since(i: &Incident, since: Timestamp) -> bool {
    let recent = |t: &Timestamp| *t >= since;
    [i.started_at, i.declared_at].iter().any(recent)
        || i.resolved_at.as_ref().is_some_and(recent)
        || i.postmortem.as_ref().and_then(|p| p.published_at.as_ref()).is_some_and(recent)
        || i.updates.iter().any(|u| recent(&u.at))
        || i.corrections.iter().any(|c| recent(&c.at))
        // Most of an incident's records are its events: the latest are most likely last.
        || i.timeline.iter().rev().any(|e| recent(&e.at))
}

/// Whether, at `now`, the latest public update of `incident` still standing (not retracted by a
/// correction made by `now`) says it is resolved: what the projection reads as resolved (a test
/// holds the two together).
fn told_resolved(i: &Incident, now: Timestamp) -> bool {
    i.updates
        .iter()
        .filter(|u| u.public && u.at <= now && !retracted(i, u, now))
        .min_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)))
        .is_some_and(|u| PublicStatus::from(u.status) == PublicStatus::Resolved)
}

/// Whether the last correction of `u` made by `now` retracts it.
fn retracted(i: &Incident, u: &StatusUpdate, now: Timestamp) -> bool {
    i.corrections
        .iter()
        .filter(|c| c.update == u.id && c.at <= now)
        .max_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)))
        .is_some_and(|c| c.message.is_none())
}

/// The part of `bundle` that a projection of `scope` reads at `now` or at any later time, as
/// long as the bundle is the same: the settings, maintenance and deletions whole, and of the
/// incidents only those the scope reads at `now`, and the one of id `keep` (which a draft
/// replaces). [`super::project_scoped`] of the part, at `now` or later, with the same draft and
/// scope, is that of the whole bundle. It is what the workspace hands the worker that renders
/// its preview, instead of every incident, and hands it again only when the bundle changes.
///
/// Later times read no incident that `now` does not: [`Scope::Recent`]'s window only moves on,
/// and an incident that the passing of time alone can bring back on the page (an update, a
/// correction or a publication dated after `now`) has a record after `now`, so it is read at
/// `now`. Left out as well: drills and incidents with no public update, which are on the site at
/// no time; whether one with a public update dated later is on it yet is the projection's
/// question.
pub fn scoped_part(
    bundle: &crate::Bundle,
    now: Timestamp,
    scope: Scope<'_>,
    keep: Option<&str>,
) -> crate::Bundle {
    crate::Bundle {
        format: bundle.format.clone(),
        schema_version: bundle.schema_version,
        exported_at: bundle.exported_at,
        device_id: bundle.device_id.clone(),
        sample: bundle.sample,
        settings: bundle.settings.clone(),
        incidents: bundle
            .incidents
            .iter()
            .filter(|i| {
                keep == Some(i.id.as_str())
                    || (!i.drill && i.updates.iter().any(|u| u.public) && scope.reads(i, now))
            })
            .cloned()
            .collect(),
        maintenances: bundle.maintenances.clone(),
        tombstones: bundle.tombstones.clone(),
    }
}
