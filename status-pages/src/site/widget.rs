//! `api/widget.json`: the site's status in the shape of incident.io's public status-page widget
//! API (`page_title`, `page_url`, `ongoing_incidents`, `in_progress_maintenances`,
//! `scheduled_maintenances`), so widgets and dashboards written for it read ours unchanged.

use incident_core::public::{
    ComponentStatus, Indicator, PublicAffected, PublicIncident, PublicMaintenance, PublicSite,
    PublicStatus,
};
use serde_json::{json, Value};

use crate::pages;
use crate::OutFile;

/// incident.io's component statuses: no maintenance (it is listed apart) and `full_outage`.
fn status(s: ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Operational | ComponentStatus::UnderMaintenance => "operational",
        ComponentStatus::DegradedPerformance => "degraded_performance",
        ComponentStatus::PartialOutage => "partial_outage",
        ComponentStatus::MajorOutage => "full_outage",
    }
}

fn components(site: &PublicSite, affected: &[PublicAffected]) -> Vec<Value> {
    affected
        .iter()
        .map(|a| {
            let c = site.components.iter().find(|c| c.id == a.id);
            let group = c
                .and_then(|c| c.group.as_deref())
                .and_then(|g| site.groups.iter().find(|x| x.id == g));
            let mut v = json!({
                "id": a.id,
                "name": a.name,
                "current_status": status(c.map_or(ComponentStatus::Operational, |c| c.status)),
            });
            if let Some(g) = group {
                v["group_name"] = json!(g.name);
            }
            v
        })
        .collect()
}

fn incident(site: &PublicSite, base: &str, i: &PublicIncident) -> Value {
    let worst = i.components.iter().map(|c| c.impact).max();
    let impact = match worst {
        Some(c) if c != ComponentStatus::UnderMaintenance && c != ComponentStatus::Operational => {
            status(c)
        }
        _ => match i.impact {
            Indicator::Critical => "full_outage",
            Indicator::Major => "partial_outage",
            Indicator::Minor | Indicator::None => "degraded_performance",
        },
    };
    let last = i.updates.first();
    json!({
        "id": i.id,
        "name": i.title,
        "status": match i.status {
            PublicStatus::Identified => "identified",
            PublicStatus::Monitoring => "monitoring",
            _ => "investigating",
        },
        "url": format!("{base}incidents/{}/", i.id),
        "last_update_at": last.map_or(i.updated_at, |u| u.at),
        "last_update_message": last.map(|u| u.body.as_str()).unwrap_or_default(),
        "current_worst_impact": impact,
        "affected_components": components(site, &i.components),
    })
}

fn maintenance(site: &PublicSite, base: &str, m: &PublicMaintenance, active: bool) -> Value {
    let last = m.updates.first();
    let mut v = json!({
        "id": m.id,
        "name": m.title,
        "status": if active { "maintenance_in_progress" } else { "maintenance_scheduled" },
        "last_update_at": last.map_or(m.updated_at, |u| u.at),
        "last_update_message": last.map(|u| u.body.as_str()).unwrap_or_default(),
        "url": format!("{base}{}", pages::maintenance_path(m)),
        "affected_components": components(site, &m.components),
    });
    if active {
        v["started_at"] = json!(m.started_at.unwrap_or(m.scheduled_for));
        v["scheduled_end_at"] = json!(m.scheduled_until);
    } else {
        v["starts_at"] = json!(m.scheduled_for);
        v["ends_at"] = json!(m.scheduled_until);
    }
    v
}

pub(crate) fn file(site: &PublicSite, base: &str) -> OutFile {
    let doc = json!({
        "page_title": site.name,
        "page_url": base,
        "ongoing_incidents": site.unresolved().map(|i| incident(site, base, i)).collect::<Vec<_>>(),
        "in_progress_maintenances": site.maintenances.iter().filter(|m| m.is_active())
            .map(|m| maintenance(site, base, m, true)).collect::<Vec<_>>(),
        "scheduled_maintenances": site.maintenances.iter().filter(|m| m.is_upcoming())
            .map(|m| maintenance(site, base, m, false)).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    OutFile::new("api/widget.json", text)
}
