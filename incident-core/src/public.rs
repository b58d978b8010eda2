//! The public projection: the only door from a workspace to anything published (the status
//! site, its API and feeds, and the app's live preview).
//!
//! The public types below have no field for internal updates, notes, people, roles, checklists,
//! action items or drills, so none of those can reach a page. An incident is public when it is
//! not a drill and has at least one update marked for the status page; a post-mortem is public
//! when it is published.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::bundle::Bundle;
use crate::model::{
    AffectedComponent, EventKind, Impact, Incident, IncidentStatus, MaintenanceStatus, Severity,
};
use crate::time::Timestamp;

/// A component's status, with the Statuspage API's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentStatus {
    pub fn label(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "Operational",
            ComponentStatus::UnderMaintenance => "Under maintenance",
            ComponentStatus::DegradedPerformance => "Degraded performance",
            ComponentStatus::PartialOutage => "Partial outage",
            ComponentStatus::MajorOutage => "Major outage",
        }
    }

    /// The Statuspage name (`partial_outage`, …), also used as a CSS class.
    pub fn key(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
        }
    }
}

impl From<Impact> for ComponentStatus {
    fn from(i: Impact) -> Self {
        match i {
            Impact::DegradedPerformance => ComponentStatus::DegradedPerformance,
            Impact::PartialOutage => ComponentStatus::PartialOutage,
            Impact::MajorOutage => ComponentStatus::MajorOutage,
        }
    }
}

/// Statuspage's impact / indicator scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    None,
    Minor,
    Major,
    Critical,
}

impl Indicator {
    /// Our severities on Statuspage's impact scale: SEV1 critical, SEV2 major, SEV3 minor,
    /// SEV4 none.
    pub fn from_severity(s: Severity) -> Self {
        match s {
            Severity::Sev1 => Indicator::Critical,
            Severity::Sev2 => Indicator::Major,
            Severity::Sev3 => Indicator::Minor,
            Severity::Sev4 => Indicator::None,
        }
    }

    /// The overall indicator that a component status implies.
    pub fn from_component(s: ComponentStatus) -> Self {
        match s {
            ComponentStatus::Operational | ComponentStatus::UnderMaintenance => Indicator::None,
            ComponentStatus::DegradedPerformance => Indicator::Minor,
            ComponentStatus::PartialOutage => Indicator::Major,
            ComponentStatus::MajorOutage => Indicator::Critical,
        }
    }

    /// Statuspage's wording of the overall status.
    pub fn description(self) -> &'static str {
        match self {
            Indicator::None => "All Systems Operational",
            Indicator::Minor => "Minor Service Outage",
            Indicator::Major => "Partial System Outage",
            Indicator::Critical => "Major Service Outage",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
        }
    }
}

/// An incident's status as published: the lifecycle, plus `postmortem` once the post-mortem is out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
}

impl PublicStatus {
    pub fn label(self) -> &'static str {
        match self {
            PublicStatus::Investigating => "Investigating",
            PublicStatus::Identified => "Identified",
            PublicStatus::Monitoring => "Monitoring",
            PublicStatus::Resolved => "Resolved",
            PublicStatus::Postmortem => "Post-mortem",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PublicStatus::Investigating => "investigating",
            PublicStatus::Identified => "identified",
            PublicStatus::Monitoring => "monitoring",
            PublicStatus::Resolved => "resolved",
            PublicStatus::Postmortem => "postmortem",
        }
    }

    pub fn is_resolved(self) -> bool {
        matches!(self, PublicStatus::Resolved | PublicStatus::Postmortem)
    }
}

impl From<IncidentStatus> for PublicStatus {
    fn from(s: IncidentStatus) -> Self {
        match s {
            IncidentStatus::Investigating => PublicStatus::Investigating,
            IncidentStatus::Identified => PublicStatus::Identified,
            IncidentStatus::Monitoring => PublicStatus::Monitoring,
            IncidentStatus::Resolved => PublicStatus::Resolved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: u32,
    /// Component ids, by position.
    pub components: Vec<String>,
    pub status: ComponentStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicComponent {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub group: Option<String>,
    pub position: u32,
    pub status: ComponentStatus,
    pub created_at: Timestamp,
    /// When the status last changed (or the component was created).
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicAffected {
    pub id: String,
    pub name: String,
    pub impact: ComponentStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicUpdate {
    pub id: String,
    pub status: PublicStatus,
    pub body: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicPostmortem {
    pub markdown: String,
    pub published_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicIncident {
    pub id: String,
    pub title: String,
    pub impact: Indicator,
    pub status: PublicStatus,
    pub started_at: Timestamp,
    /// When it was first published (the first public update).
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub monitoring_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub components: Vec<PublicAffected>,
    /// Public updates only, newest first.
    pub updates: Vec<PublicUpdate>,
    pub postmortem: Option<PublicPostmortem>,
}

impl PublicIncident {
    pub fn is_resolved(&self) -> bool {
        self.status.is_resolved()
    }

    /// The window in which the incident affected its components: from its start to its
    /// resolution, or to `now` while it is open.
    pub fn window(&self, now: Timestamp) -> (Timestamp, Timestamp) {
        (
            self.started_at,
            self.resolved_at.unwrap_or(now).max(self.started_at),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMaintenanceUpdate {
    pub id: String,
    pub status: MaintenanceStatus,
    pub body: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMaintenance {
    pub id: String,
    pub title: String,
    pub status: MaintenanceStatus,
    pub scheduled_for: Timestamp,
    pub scheduled_until: Timestamp,
    pub components: Vec<PublicAffected>,
    /// Newest first.
    pub updates: Vec<PublicMaintenanceUpdate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

impl PublicMaintenance {
    /// In progress or being verified.
    pub fn is_active(&self) -> bool {
        matches!(
            self.status,
            MaintenanceStatus::InProgress | MaintenanceStatus::Verifying
        )
    }

    pub fn is_upcoming(&self) -> bool {
        self.status == MaintenanceStatus::Scheduled
    }
}

/// Everything the public may see of a workspace at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicSite {
    pub name: String,
    pub url: String,
    pub now: Timestamp,
    pub indicator: Indicator,
    pub groups: Vec<PublicGroup>,
    /// By group position, then component position.
    pub components: Vec<PublicComponent>,
    /// Newest first (by start).
    pub incidents: Vec<PublicIncident>,
    /// Newest first (by scheduled start).
    pub maintenances: Vec<PublicMaintenance>,
}

impl PublicSite {
    pub fn unresolved(&self) -> impl Iterator<Item = &PublicIncident> {
        self.incidents.iter().filter(|i| !i.is_resolved())
    }

    pub fn description(&self) -> &'static str {
        if self.indicator == Indicator::None && self.maintenances.iter().any(|m| m.is_active()) {
            "Service Under Maintenance"
        } else {
            self.indicator.description()
        }
    }

    pub fn component(&self, id: &str) -> Option<&PublicComponent> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// Whether `incident` is on the status site at `now`: it is not a drill and the public was told
/// of it (a public update at or before `now`). [`project`] publishes exactly these.
pub fn on_site(incident: &Incident, now: Timestamp) -> bool {
    !incident.drill && incident.updates.iter().any(|u| u.public && u.at <= now)
}

/// Every list of affected components `incident` has had: the changes in its timeline (those up
/// to `until`, if given), then its current list.
fn component_lists(
    incident: &Incident,
    until: Option<Timestamp>,
) -> impl Iterator<Item = &AffectedComponent> {
    incident
        .timeline
        .iter()
        .filter(move |e| until.is_none_or(|t| e.at <= t))
        .filter_map(|e| match &e.kind {
            EventKind::ComponentsChanged { components } => Some(components),
            _ => None,
        })
        .chain(std::iter::once(&incident.components))
        .flatten()
}

/// Each component `incident` affected up to `now`, at the worst impact it had: the changes in
/// its timeline and its current list, in the order they first appear.
pub fn worst_impacts(incident: &Incident, now: Timestamp) -> Vec<AffectedComponent> {
    let mut out: Vec<AffectedComponent> = Vec::new();
    for a in component_lists(incident, Some(now)) {
        match out.iter_mut().find(|o| o.component == a.component) {
            Some(o) => o.impact = o.impact.max(a.impact),
            None => out.push(a.clone()),
        }
    }
    out
}

/// Builds the public view of `bundle` at `now`. Records hidden by a tombstone are left out
/// ([`crate::merge::live`]).
pub fn project(bundle: &Bundle, now: Timestamp) -> PublicSite {
    project_with(bundle, now, None)
}

/// [`project`] with `draft` in place of the stored incident of the same id (or added, when the
/// bundle has none): the site as it will be once a draft (an update not yet posted, a post-mortem
/// not yet published) is saved, without copying the bundle.
pub fn project_with(bundle: &Bundle, now: Timestamp, draft: Option<&Incident>) -> PublicSite {
    // Only a draft of an incident the bundle has never held is added: a deleted one stays deleted.
    let added = draft.filter(|d| !bundle.incidents.iter().any(|i| i.id == d.id));
    // A removed component leaves the page but keeps its name on the incidents it was part of.
    let every_component = &bundle.settings;
    let live = crate::merge::live(bundle);
    let bundle: &Bundle = &live;
    let settings = &bundle.settings;
    let name_of = |id: &str| -> String {
        settings
            .component(id)
            .or_else(|| every_component.component(id))
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    };

    let stored = bundle.incidents.iter().map(|i| match draft {
        Some(d) if d.id == i.id => d,
        _ => i,
    });
    let mut incidents: Vec<PublicIncident> = stored
        .chain(added)
        .filter(|i| on_site(i, now))
        .map(|i| {
            let mut updates: Vec<PublicUpdate> = i
                .updates
                .iter()
                .filter(|u| u.public && u.at <= now)
                .map(|u| PublicUpdate {
                    id: u.id.clone(),
                    status: u.status.into(),
                    body: u.message.clone(),
                    at: u.at,
                })
                .collect();
            updates.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
            // `on_site`: there is at least one.
            let latest = &updates[0];
            let postmortem = i.postmortem.as_ref().filter(|p| p.published).and_then(|p| {
                p.published_at
                    .filter(|at| *at <= now)
                    .map(|published_at| PublicPostmortem {
                        markdown: without_action_items(&p.markdown),
                        published_at,
                    })
            });
            let told_resolved = latest.status == PublicStatus::Resolved;
            let status = match (&postmortem, told_resolved) {
                (Some(_), true) => PublicStatus::Postmortem,
                _ => latest.status,
            };
            let created_at = updates.iter().map(|u| u.at).min().unwrap_or(i.declared_at);
            let mut updated_at = latest.at;
            if let Some(p) = &postmortem {
                updated_at = updated_at.max(p.published_at);
            }
            let monitoring_at = updates
                .iter()
                .filter(|u| u.status == PublicStatus::Monitoring)
                .map(|u| u.at)
                .min();
            let resolved_at = if told_resolved {
                i.resolved_at.or(Some(latest.at))
            } else {
                None
            };
            PublicIncident {
                id: i.id.clone(),
                title: i.title.clone(),
                impact: Indicator::from_severity(i.severity),
                status,
                started_at: i.started_at,
                created_at,
                updated_at,
                monitoring_at,
                resolved_at,
                // An open incident shows its impact now; a resolved one, its worst on each
                // component (the history and uptime count that, not the impact at the end).
                components: if told_resolved {
                    worst_impacts(i, now)
                } else {
                    i.components.clone()
                }
                .iter()
                .map(|c| PublicAffected {
                    id: c.component.clone(),
                    name: name_of(&c.component),
                    impact: c.impact.into(),
                })
                .collect(),
                updates,
                postmortem,
            }
        })
        .collect();
    incidents.sort_by(|a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then_with(|| a.id.cmp(&b.id))
    });

    let mut maintenances: Vec<PublicMaintenance> = bundle
        .maintenances
        .iter()
        // Public once announced (an update is out) or once its window has opened.
        .filter(|m| m.scheduled_start <= now || m.updates.iter().any(|u| u.at <= now))
        .map(|m| {
            let mut updates: Vec<PublicMaintenanceUpdate> = m
                .updates
                .iter()
                .filter(|u| u.at <= now)
                .map(|u| PublicMaintenanceUpdate {
                    id: u.id.clone(),
                    status: u.status,
                    body: u.message.clone(),
                    at: u.at,
                })
                .collect();
            updates.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
            // Updates say where a maintenance is; the clock moves it on when nobody did (as
            // Statuspage's automatic transitions do): in progress once the window opens,
            // completed once it has closed.
            let told = updates
                .first()
                .map_or(MaintenanceStatus::Scheduled, |u| u.status);
            // Only a maintenance nobody reported on moves by the clock: one reported in progress
            // or verifying stays so past its window (it overran) until someone says completed.
            let status = if told == MaintenanceStatus::Scheduled && now >= m.scheduled_end {
                MaintenanceStatus::Completed
            } else if told == MaintenanceStatus::Scheduled && now >= m.scheduled_start {
                MaintenanceStatus::InProgress
            } else {
                told
            };
            // An automatic transition is announced as Statuspage announces its own.
            let auto = |updates: &mut Vec<PublicMaintenanceUpdate>, s: MaintenanceStatus, at: Timestamp, body: &str| {
                if !updates.iter().any(|u| u.status == s) {
                    updates.push(PublicMaintenanceUpdate {
                        id: format!("{}-auto-{}", m.id, if s == MaintenanceStatus::Completed { "completed" } else { "in-progress" }),
                        status: s,
                        body: body.to_owned(),
                        at,
                    });
                }
            };
            if status != MaintenanceStatus::Scheduled && told == MaintenanceStatus::Scheduled {
                auto(&mut updates, MaintenanceStatus::InProgress, m.scheduled_start, "Scheduled maintenance is currently in progress. We will provide updates as necessary.");
            }
            if status == MaintenanceStatus::Completed && told != MaintenanceStatus::Completed {
                auto(&mut updates, MaintenanceStatus::Completed, m.scheduled_end, "The scheduled maintenance has been completed.");
            }
            updates.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
            let first_of =
                |s: MaintenanceStatus| updates.iter().filter(|u| u.status == s).map(|u| u.at).min();
            PublicMaintenance {
                id: m.id.clone(),
                title: m.title.clone(),
                status,
                scheduled_for: m.scheduled_start,
                scheduled_until: m.scheduled_end,
                components: m
                    .components
                    .iter()
                    .map(|c| PublicAffected {
                        id: c.clone(),
                        name: name_of(c),
                        impact: ComponentStatus::UnderMaintenance,
                    })
                    .collect(),
                created_at: updates.last().map_or(m.scheduled_start, |u| u.at),
                updated_at: updates.first().map_or(m.scheduled_start, |u| u.at),
                started_at: first_of(MaintenanceStatus::InProgress)
                    .or((status != MaintenanceStatus::Scheduled).then_some(m.scheduled_start)),
                completed_at: first_of(MaintenanceStatus::Completed)
                    .or((status == MaintenanceStatus::Completed).then_some(m.scheduled_end)),
                updates,
            }
        })
        .collect();
    maintenances.sort_by(|a, b| {
        b.scheduled_for
            .cmp(&a.scheduled_for)
            .then_with(|| a.id.cmp(&b.id))
    });

    // Current component status: the worst impact of an unresolved public incident, else under
    // maintenance while a maintenance covering it is active, else operational.
    let mut status: BTreeMap<&str, (ComponentStatus, Timestamp)> = BTreeMap::new();
    for c in &settings.components {
        status.insert(&c.id, (ComponentStatus::Operational, c.created_at));
    }
    // The last change of a component: the latest incident or maintenance event touching it.
    for i in &incidents {
        for a in &i.components {
            if let Some(entry) = status.get_mut(a.id.as_str()) {
                entry.1 = entry.1.max(i.updated_at);
                if !i.is_resolved() && a.impact > entry.0 {
                    entry.0 = a.impact;
                }
            }
        }
    }
    for m in &maintenances {
        for a in &m.components {
            if let Some(entry) = status.get_mut(a.id.as_str()) {
                if m.is_active() || m.completed_at.is_some() {
                    entry.1 = entry.1.max(m.updated_at);
                }
                if m.is_active() && entry.0 == ComponentStatus::Operational {
                    entry.0 = ComponentStatus::UnderMaintenance;
                }
            }
        }
    }

    let group_pos: BTreeMap<&str, u32> = settings
        .component_groups
        .iter()
        .map(|g| (g.id.as_str(), g.position))
        .collect();
    let mut components: Vec<PublicComponent> = settings
        .components
        .iter()
        .map(|c| {
            let (s, updated) = status
                .get(c.id.as_str())
                .copied()
                .unwrap_or((ComponentStatus::Operational, c.created_at));
            PublicComponent {
                id: c.id.clone(),
                name: c.name.clone(),
                description: c.description.clone(),
                group: c.group.clone(),
                position: c.position,
                status: s,
                created_at: c.created_at,
                updated_at: updated,
            }
        })
        .collect();
    components.sort_by_key(|c| {
        (
            c.group
                .as_deref()
                .and_then(|g| group_pos.get(g).copied())
                .unwrap_or(0),
            c.position,
            c.id.clone(),
        )
    });

    let mut groups: Vec<PublicGroup> = settings
        .component_groups
        .iter()
        .map(|g| {
            let members: Vec<&PublicComponent> = components
                .iter()
                .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                .collect();
            let created_at = members.iter().map(|c| c.created_at).min().unwrap_or(now);
            PublicGroup {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                position: g.position,
                components: members.iter().map(|c| c.id.clone()).collect(),
                status: members
                    .iter()
                    .map(|c| c.status)
                    .max()
                    .unwrap_or(ComponentStatus::Operational),
                created_at,
                updated_at: members
                    .iter()
                    .map(|c| c.updated_at)
                    .max()
                    .unwrap_or(created_at),
            }
        })
        .collect();
    groups.sort_by_key(|g| (g.position, g.id.clone()));

    let from_components = components
        .iter()
        .map(|c| Indicator::from_component(c.status))
        .max()
        .unwrap_or(Indicator::None);
    let from_incidents = incidents
        .iter()
        .filter(|i| !i.is_resolved())
        .map(|i| i.impact)
        .max()
        .unwrap_or(Indicator::None);

    PublicSite {
        name: settings.organization.name.clone(),
        url: settings.organization.status_page_url.clone(),
        now,
        indicator: from_components.max(from_incidents),
        groups,
        components,
        incidents,
        maintenances,
    }
}

/// A published post-mortem as the public reads it: the "Action Items" section (owners, due
/// dates: internal follow-up) is left out; everything else is as written. Headings are found by
/// the markdown parser, so every heading style counts (`## Action Items`, an underlined
/// heading, "Action items:", "Action Item Owners"), and the section runs to the next heading
/// of the same or a higher level.
pub fn without_action_items(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut cut: Vec<(usize, usize)> = Vec::new();
    // (level, start of the heading) of the section being cut.
    let mut open: Option<(u8, usize)> = None;
    let mut heading: Option<(u8, usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text)) = heading.take() else {
                    continue;
                };
                if let Some((open_level, open_start)) = open {
                    if level <= open_level {
                        cut.push((open_start, start));
                        open = None;
                    }
                }
                let name = text
                    .trim()
                    .trim_end_matches(':')
                    .trim()
                    .to_ascii_lowercase();
                if open.is_none() && name.starts_with("action item") {
                    open = Some((level, start));
                }
            }
            _ => {}
        }
    }
    if let Some((_, start)) = open {
        cut.push((start, markdown.len()));
    }
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (from, to) in cut {
        out.push_str(&markdown[at..from]);
        at = to;
    }
    out.push_str(&markdown[at..]);
    out
}

/// One day of a component's uptime bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UptimeDay {
    /// `2026-03-05`
    pub date: String,
    /// The worst impact that day, if any.
    pub worst: Option<ComponentStatus>,
    pub major_minutes: i64,
    pub partial_minutes: i64,
    pub degraded_minutes: i64,
    /// Titles of the public incidents that touched the component that day.
    pub incidents: Vec<String>,
}

/// A component's last `days` days (ending with the day of `now`) and its uptime percentage over
/// them. A major outage counts as downtime in full, a partial outage at 30 %, degraded
/// performance not at all; maintenance is never downtime.
pub fn uptime(site: &PublicSite, component: &str, days: i64) -> (Vec<UptimeDay>, f64) {
    use chrono::{Duration, TimeZone, Utc};
    let today = site.now.datetime().date_naive();
    // Only incidents that touch this component and overlap the range are looked at per day.
    let range_start = today
        .checked_sub_signed(Duration::days(days))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(Timestamp::from_unix_millis(0).unwrap_or(site.now), |d| {
            Timestamp::from_datetime(Utc.from_utc_datetime(&d))
        });
    let relevant: Vec<(&PublicIncident, ComponentStatus, (Timestamp, Timestamp))> = site
        .incidents
        .iter()
        .filter_map(|i| {
            let a = i.components.iter().find(|a| a.id == component)?;
            let window = i.window(site.now);
            (window.1 >= range_start).then_some((i, a.impact, window))
        })
        .collect();
    let mut out = Vec::new();
    let mut down = 0.0f64;
    let mut total = 0.0f64;
    for back in (0..days).rev() {
        let date = today - Duration::days(back);
        let Some(start) = date.and_hms_opt(0, 0, 0) else {
            continue;
        };
        let start = Timestamp::from_datetime(Utc.from_utc_datetime(&start));
        let end = start.plus_minutes(24 * 60).min(site.now);
        let mut day = UptimeDay {
            date: date.to_string(),
            worst: None,
            major_minutes: 0,
            partial_minutes: 0,
            degraded_minutes: 0,
            incidents: Vec::new(),
        };
        for &(i, impact, (from, to)) in &relevant {
            let overlap = to.min(end).minutes_since(from.max(start));
            if overlap < 0 || (overlap == 0 && !(from >= start && from < end)) {
                continue;
            }
            match impact {
                ComponentStatus::MajorOutage => day.major_minutes += overlap,
                ComponentStatus::PartialOutage => day.partial_minutes += overlap,
                _ => day.degraded_minutes += overlap,
            }
            day.worst = day.worst.max(Some(impact));
            day.incidents.push(i.title.clone());
        }
        let minutes = end.minutes_since(start).max(0) as f64;
        total += minutes;
        down += (day.major_minutes as f64 + 0.3 * day.partial_minutes as f64).min(minutes);
        out.push(day);
    }
    let pct = if total > 0.0 {
        100.0 * (1.0 - down / total)
    } else {
        100.0
    };
    (out, pct)
}

/// The part of a workspace that may leave the team, as a bundle: exactly what the status site
/// shows and nothing else (no people, schedules, tool links, internal updates, template fields,
/// timeline, roles, action items, drills, draft post-mortems, stamps or device names). Building
/// the site from it gives the same site as building it from the whole workspace.
pub fn public_bundle(bundle: &Bundle) -> Bundle {
    use crate::model::{RecordKind, Tombstone};
    use crate::model::{Roles, Settings, Stamps};
    let live = crate::merge::live(bundle);
    let s = &live.settings;
    let public_incidents: Vec<&Incident> = live
        .incidents
        .iter()
        .filter(|i| !i.drill && i.updates.iter().any(|u| u.public))
        .collect();
    // Removed components that public incidents or maintenances name: kept with their deletion,
    // so the site built from this bundle names them on those incidents as the full one does.
    let named: BTreeSet<&str> = public_incidents
        .iter()
        .flat_map(|i| component_lists(i, None).map(|c| c.component.as_str()))
        .chain(
            live.maintenances
                .iter()
                .flat_map(|m| m.components.iter().map(String::as_str)),
        )
        .collect();
    let removed: Vec<&crate::model::Component> = bundle
        .settings
        .components
        .iter()
        .filter(|c| named.contains(c.id.as_str()) && s.component(&c.id).is_none())
        .collect();
    let tombstones: Vec<Tombstone> = removed
        .iter()
        .filter_map(|c| {
            let deleted_at =
                crate::merge::deleted_at(&bundle.tombstones, RecordKind::Component, &c.id)?;
            Some(Tombstone {
                kind: RecordKind::Component,
                id: c.id.clone(),
                deleted_at,
                device: "public".to_owned(),
            })
        })
        .collect();
    let settings = Settings {
        organization: s.organization.clone(),
        component_groups: s.component_groups.clone(),
        components: s
            .components
            .iter()
            .chain(removed.iter().copied())
            .cloned()
            .map(|mut c| {
                // A removed component's group may be gone too; it is shown in no group.
                if c.group
                    .as_ref()
                    .is_some_and(|g| !s.component_groups.iter().any(|x| &x.id == g))
                {
                    c.group = None;
                }
                c
            })
            .collect(),
        people: Vec::new(),
        oncall_schedules: Vec::new(),
        tool_links: Vec::new(),
        playbook: crate::playbook::Playbook::default(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    };
    let incidents = public_incidents
        .into_iter()
        .map(|i| {
            let mut p = i.clone();
            p.updates.retain(|u| u.public);
            for u in &mut p.updates {
                u.impact.clear();
                u.actions.clear();
                u.author = None;
            }
            // Only the changes of affected components stay: the site's history counts them.
            p.timeline
                .retain(|e| matches!(e.kind, EventKind::ComponentsChanged { .. }));
            for e in &mut p.timeline {
                e.by = None;
            }
            p.roles = Roles::default();
            p.action_items.clear();
            p.stamps = Stamps::new();
            p.postmortem = p.postmortem.filter(|pm| pm.published).map(|mut pm| {
                pm.markdown = without_action_items(&pm.markdown);
                pm
            });
            p
        })
        .collect();
    let maintenances = live
        .maintenances
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m.stamps = Stamps::new();
            m.conflicts.clear();
            m
        })
        .collect();
    Bundle {
        format: bundle.format.clone(),
        schema_version: bundle.schema_version,
        exported_at: bundle.exported_at,
        device_id: "public".to_owned(),
        settings,
        incidents,
        maintenances,
        tombstones,
    }
}
