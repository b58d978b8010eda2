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
    Recent { days: i64 },
    /// One incident: its own page and post-mortem.
    Incident(&'a str),
}

impl Scope<'_> {
    /// Whether the projection reads `incident` at `now`. Errs only towards reading: an incident
    /// left out is certainly absent from the page.
    pub(super) fn reads(&self, incident: &Incident, now: Timestamp) -> bool {
        match self {
            Scope::All => true,
            Scope::Incident(id) => incident.id == *id,
            Scope::Recent { days } => {
                let since = now.unix_millis() - (days + 2) * 86_400_000;
                last_activity(incident) >= since || !told_resolved(incident, now)
            }
        }
    }
}

/// The time of the last thing recorded of `incident` (in milliseconds).
fn last_activity(i: &Incident) -> i64 {
    let times = [i.started_at, i.declared_at]
        .into_iter()
        .chain(i.resolved_at)
        .chain(i.timeline.iter().map(|e| e.at))
        .chain(i.updates.iter().map(|u| u.at))
        .chain(i.corrections.iter().map(|c| c.at))
        .chain(i.postmortem.as_ref().and_then(|p| p.published_at));
    times.map(Timestamp::unix_millis).max().unwrap_or(i64::MIN)
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
