//! The Statuspage public API v2, field for field (see `shared/statuspage-samples`): same names,
//! enums and order, nulls present, timestamps with milliseconds and `Z`, newest first.
//!
//! Our records map onto theirs as follows: severity SEV1 → impact `critical`, SEV2 → `major`,
//! SEV3 → `minor`, SEV4 → `none`; an affected component's impact (degraded performance, partial
//! outage, major outage) is its Statuspage component status; a resolved incident whose
//! post-mortem is published has status `postmortem`; maintenance has impact `maintenance` and
//! the statuses scheduled / in_progress / verifying / completed. Fields we have no notion of
//! (tweets, reminders, showcase) carry Statuspage's defaults.

use crate::pages;
use incident_core::public::{
    ComponentStatus, PublicComponent, PublicGroup, PublicIncident, PublicMaintenance, PublicSite,
};
use incident_core::Timestamp;
use serde::Serialize;

use crate::OutFile;

/// How many incidents `incidents.json` and maintenances `scheduled-maintenances.json` list.
const RECENT: usize = 50;

fn ts(t: Timestamp) -> String {
    t.to_rfc3339_millis()
}

fn ts_opt(t: Option<Timestamp>) -> Option<String> {
    t.map(ts)
}

#[derive(Serialize)]
struct Page {
    id: String,
    name: String,
    url: String,
    time_zone: &'static str,
    updated_at: String,
}

#[derive(Serialize)]
struct Status {
    indicator: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct Component {
    id: String,
    name: String,
    status: ComponentStatus,
    created_at: String,
    updated_at: String,
    position: u32,
    description: Option<String>,
    showcase: bool,
    start_date: Option<String>,
    group_id: Option<String>,
    page_id: String,
    group: bool,
    only_show_if_degraded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<String>>,
}

#[derive(Serialize)]
struct AffectedComponent {
    code: String,
    name: String,
    old_status: ComponentStatus,
    new_status: ComponentStatus,
}

#[derive(Serialize)]
struct IncidentUpdate {
    id: String,
    status: &'static str,
    body: String,
    incident_id: String,
    created_at: String,
    updated_at: String,
    display_at: String,
    affected_components: Option<Vec<AffectedComponent>>,
    deliver_notifications: bool,
    custom_tweet: Option<String>,
    tweet_id: Option<String>,
}

/// An incident as `summary.json` lists it (with its components, as in the 2022 sample).
#[derive(Serialize)]
struct Incident {
    id: String,
    name: String,
    status: &'static str,
    created_at: String,
    updated_at: String,
    monitoring_at: Option<String>,
    resolved_at: Option<String>,
    impact: &'static str,
    shortlink: String,
    started_at: String,
    page_id: String,
    incident_updates: Vec<IncidentUpdate>,
    components: Vec<Component>,
}

/// An incident as `incidents.json` lists it: with its reminder intervals.
#[derive(Serialize)]
struct FullIncident {
    #[serde(flatten)]
    incident: Incident,
    reminder_intervals: Option<String>,
}

#[derive(Serialize)]
struct Maintenance {
    id: String,
    name: String,
    status: &'static str,
    created_at: String,
    updated_at: String,
    monitoring_at: Option<String>,
    resolved_at: Option<String>,
    impact: &'static str,
    shortlink: String,
    started_at: String,
    page_id: String,
    incident_updates: Vec<IncidentUpdate>,
    components: Vec<Component>,
    scheduled_for: String,
    scheduled_until: String,
}

struct Api<'a> {
    site: &'a PublicSite,
    base: &'a str,
    page_id: String,
}

impl Api<'_> {
    fn page(&self) -> Page {
        let updated = self
            .site
            .components
            .iter()
            .map(|c| c.updated_at)
            .chain(self.site.incidents.iter().map(|i| i.updated_at))
            .chain(
                self.site
                    .maintenances
                    .iter()
                    .filter(|m| m.updated_at <= self.site.now)
                    .map(|m| m.updated_at),
            )
            .max()
            .unwrap_or(self.site.now);
        Page {
            id: self.page_id.clone(),
            name: self.site.name.clone(),
            url: self.base.trim_end_matches('/').to_owned(),
            time_zone: "Etc/UTC",
            updated_at: ts(updated),
        }
    }

    fn status(&self) -> Status {
        Status {
            indicator: self.site.indicator.key(),
            description: self.site.description(),
        }
    }

    fn component(&self, c: &PublicComponent) -> Component {
        Component {
            id: c.id.clone(),
            name: c.name.clone(),
            status: c.status,
            created_at: ts(c.created_at),
            updated_at: ts(c.updated_at),
            position: c.position,
            description: c.description.clone(),
            showcase: false,
            start_date: None,
            group_id: c
                .group
                .clone()
                .filter(|g| self.site.groups.iter().any(|x| &x.id == g)),
            page_id: self.page_id.clone(),
            group: false,
            only_show_if_degraded: false,
            components: None,
        }
    }

    fn group(&self, g: &PublicGroup) -> Component {
        Component {
            id: g.id.clone(),
            name: g.name.clone(),
            status: g.status,
            created_at: ts(g.created_at),
            updated_at: ts(g.updated_at),
            position: g.position,
            description: g.description.clone(),
            showcase: false,
            start_date: None,
            group_id: None,
            page_id: self.page_id.clone(),
            group: true,
            only_show_if_degraded: false,
            components: Some(g.components.clone()),
        }
    }

    /// Groups and components as Statuspage lists them: each group followed by its members,
    /// ungrouped components first.
    fn components(&self) -> Vec<Component> {
        let mut out: Vec<Component> = self
            .site
            .components
            .iter()
            .filter(|c| {
                c.group
                    .as_deref()
                    .is_none_or(|g| !self.site.groups.iter().any(|x| x.id == g))
            })
            .map(|c| self.component(c))
            .collect();
        for g in &self.site.groups {
            out.push(self.group(g));
            out.extend(
                g.components
                    .iter()
                    .filter_map(|id| self.site.component(id))
                    .map(|c| self.component(c)),
            );
        }
        out
    }

    fn incident(&self, i: &PublicIncident) -> Incident {
        let mut moves = component_moves(i);
        let updates = i
            .updates
            .iter()
            .map(|u| {
                let affected = moves.remove(u.id.as_str());
                IncidentUpdate {
                    id: u.id.clone(),
                    status: u.status.key(),
                    body: u.body.clone(),
                    incident_id: i.id.clone(),
                    created_at: ts(u.at),
                    // A correction or retraction changes the update: readers poll for this.
                    updated_at: ts(u.updated_at),
                    display_at: ts(u.at),
                    affected_components: affected.filter(|a: &Vec<_>| !a.is_empty()),
                    deliver_notifications: true,
                    custom_tweet: None,
                    tweet_id: None,
                }
            })
            .collect();
        Incident {
            id: i.id.clone(),
            name: i.title.clone(),
            status: i.status.key(),
            created_at: ts(i.created_at),
            updated_at: ts(i.updated_at),
            monitoring_at: ts_opt(i.monitoring_at),
            resolved_at: ts_opt(i.resolved_at),
            impact: i.impact.key(),
            shortlink: format!("{}incidents/{}/", self.base, i.id),
            started_at: ts(i.started_at),
            page_id: self.page_id.clone(),
            incident_updates: updates,
            components: i
                .components
                .iter()
                .filter_map(|a| self.site.component(&a.id))
                .map(|c| self.component(c))
                .collect(),
        }
    }

    fn full_incident(&self, i: &PublicIncident) -> FullIncident {
        FullIncident {
            incident: self.incident(i),
            reminder_intervals: None,
        }
    }

    fn maintenance(&self, m: &PublicMaintenance) -> Maintenance {
        let key = |s| match s {
            incident_core::model::MaintenanceStatus::Scheduled => "scheduled",
            incident_core::model::MaintenanceStatus::InProgress => "in_progress",
            incident_core::model::MaintenanceStatus::Verifying => "verifying",
            incident_core::model::MaintenanceStatus::Completed => "completed",
        };
        Maintenance {
            id: m.id.clone(),
            name: m.title.clone(),
            status: key(m.status),
            created_at: ts(m.created_at),
            updated_at: ts(m.updated_at),
            monitoring_at: None,
            resolved_at: ts_opt(m.completed_at),
            impact: "maintenance",
            shortlink: format!("{}{}", self.base, pages::maintenance_path(m)),
            started_at: ts(m.started_at.unwrap_or(m.scheduled_for)),
            page_id: self.page_id.clone(),
            incident_updates: m
                .updates
                .iter()
                .map(|u| IncidentUpdate {
                    id: u.id.clone(),
                    status: key(u.status),
                    body: u.body.clone(),
                    incident_id: m.id.clone(),
                    created_at: ts(u.at),
                    updated_at: ts(u.at),
                    display_at: ts(u.at),
                    affected_components: None,
                    deliver_notifications: true,
                    custom_tweet: None,
                    tweet_id: None,
                })
                .collect(),
            components: m
                .components
                .iter()
                .filter_map(|a| self.site.component(&a.id))
                .map(|c| self.component(c))
                .collect(),
            scheduled_for: ts(m.scheduled_for),
            scheduled_until: ts(m.scheduled_until),
        }
    }
}

/// A stable page id from the site's name (Statuspage's are 12 characters of `[a-z0-9]`).
fn page_id(name: &str) -> String {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(12)
        .collect();
    if slug.is_empty() {
        "status".to_owned()
    } else {
        slug
    }
}

fn json(path: &str, value: &impl Serialize) -> OutFile {
    // Serializing plain structs of strings, numbers and options cannot fail.
    OutFile::new(
        format!("api/v2/{path}"),
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

pub(crate) fn all(site: &PublicSite, base: &str) -> Vec<OutFile> {
    let api = Api {
        site,
        base,
        page_id: page_id(&site.name),
    };
    // Statuspage lists incidents by creation (the first public word), newest first.
    let mut by_created: Vec<&PublicIncident> = site.incidents.iter().collect();
    incident_core::sort::by(&mut by_created, |a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let unresolved: Vec<&PublicIncident> = by_created
        .iter()
        .copied()
        .filter(|i| !i.is_resolved())
        .collect();
    let upcoming: Vec<&PublicMaintenance> = site
        .maintenances
        .iter()
        .filter(|m| m.is_upcoming())
        .collect();
    let active: Vec<&PublicMaintenance> =
        site.maintenances.iter().filter(|m| m.is_active()).collect();

    // The page and the component list are the same in every file: built once.
    let page = api.page();
    let components = api.components();
    #[derive(Serialize)]
    struct Summary<'a> {
        page: &'a Page,
        components: &'a [Component],
        incidents: Vec<Incident>,
        scheduled_maintenances: Vec<Maintenance>,
        status: Status,
    }
    #[derive(Serialize)]
    struct WithStatus<'a> {
        page: &'a Page,
        status: Status,
    }
    #[derive(Serialize)]
    struct WithComponents<'a> {
        page: &'a Page,
        components: &'a [Component],
    }
    #[derive(Serialize)]
    struct WithIncidents<'a> {
        page: &'a Page,
        incidents: Vec<FullIncident>,
    }
    #[derive(Serialize)]
    struct WithMaintenances<'a> {
        page: &'a Page,
        scheduled_maintenances: Vec<Maintenance>,
    }

    let maint_list = |list: &[&PublicMaintenance]| WithMaintenances {
        page: &page,
        scheduled_maintenances: list.iter().map(|m| api.maintenance(m)).collect(),
    };
    let recent_maint: Vec<&PublicMaintenance> = site.maintenances.iter().take(RECENT).collect();
    let open_maint: Vec<&PublicMaintenance> = site
        .maintenances
        .iter()
        .filter(|m| m.is_upcoming() || m.is_active())
        .collect();

    vec![
        json(
            "summary.json",
            &Summary {
                page: &page,
                components: &components,
                incidents: unresolved.iter().map(|i| api.incident(i)).collect(),
                scheduled_maintenances: open_maint.iter().map(|m| api.maintenance(m)).collect(),
                status: api.status(),
            },
        ),
        json(
            "status.json",
            &WithStatus {
                page: &page,
                status: api.status(),
            },
        ),
        json(
            "components.json",
            &WithComponents {
                page: &page,
                components: &components,
            },
        ),
        json(
            "incidents.json",
            &WithIncidents {
                page: &page,
                incidents: by_created
                    .iter()
                    .take(RECENT)
                    .map(|i| api.full_incident(i))
                    .collect(),
            },
        ),
        json(
            "incidents/unresolved.json",
            &WithIncidents {
                page: &page,
                incidents: unresolved.iter().map(|i| api.full_incident(i)).collect(),
            },
        ),
        json("scheduled-maintenances.json", &maint_list(&recent_maint)),
        json(
            "scheduled-maintenances/upcoming.json",
            &maint_list(&upcoming),
        ),
        json("scheduled-maintenances/active.json", &maint_list(&active)),
    ]
}

/// Where each change of the affected components is shown: on the first public update at or
/// after it, as Statuspage shows the component changes made with an update. Each update carries
/// the moves from the components' state at the update before (all operational before the
/// first) to their state at its time; the resolving update moves them back to operational. A
/// record without an impact history moves its components at the first update and back at the
/// resolving one.
fn component_moves(i: &PublicIncident) -> std::collections::BTreeMap<&str, Vec<AffectedComponent>> {
    use std::collections::BTreeMap;
    let mut oldest_first: Vec<_> = i.updates.iter().collect();
    incident_core::sort::by(&mut oldest_first, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    let resolving = oldest_first
        .iter()
        .find(|u| u.status.is_resolved())
        .map(|u| u.id.as_str());
    // The state at `t`: the last list set at or before it (the first list when none was yet).
    let state_at = |t: Timestamp| -> BTreeMap<&str, (&str, ComponentStatus)> {
        let list = if i.impact_history.is_empty() {
            Some(&i.components)
        } else {
            i.impact_history
                .iter()
                .rev()
                .find(|c| c.at <= t)
                .or(i.impact_history.first())
                .map(|c| &c.components)
        };
        list.into_iter()
            .flatten()
            .map(|a| (a.id.as_str(), (a.name.as_str(), a.impact)))
            .collect()
    };
    let mut out = BTreeMap::new();
    let mut before: BTreeMap<&str, (&str, ComponentStatus)> = BTreeMap::new();
    for u in oldest_first {
        let now = if Some(u.id.as_str()) == resolving {
            BTreeMap::new()
        } else {
            state_at(u.at)
        };
        let mut moved = Vec::new();
        let ids: std::collections::BTreeSet<&str> =
            before.keys().chain(now.keys()).copied().collect();
        for id in ids {
            let old = before.get(id);
            let new = now.get(id);
            let old_status = old.map_or(ComponentStatus::Operational, |x| x.1);
            let new_status = new.map_or(ComponentStatus::Operational, |x| x.1);
            if old_status != new_status {
                let name = new.or(old).map_or(id, |x| x.0);
                moved.push(AffectedComponent {
                    code: id.to_owned(),
                    name: name.to_owned(),
                    old_status,
                    new_status,
                });
            }
        }
        // Statuspage lists the moves in the page's component order; ours: by name.
        incident_core::sort::by(&mut moved, |a, b| {
            a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code))
        });
        if !moved.is_empty() {
            out.insert(u.id.as_str(), moved);
        }
        before = now;
        if Some(u.id.as_str()) == resolving {
            break;
        }
    }
    out
}
