//! The files of one component or one group, at stable paths (`components/<id>/…`,
//! `groups/<id>/…`): its Atom and RSS feeds and maintenance calendar (what affects it), its
//! badge and its status as JSON; and the *Subscribe* page that lists them all.

use std::collections::BTreeSet;

use incident_core::public::{ComponentStatus, PublicSite};
use serde_json::json;

use super::feeds::{self, Scope};
use crate::pages::{self, Context};
use crate::words::Words;
use crate::{OutFile, RenderError};

/// One component or group, as its files need it.
pub(crate) struct Part<'a> {
    /// `components` or `groups`.
    pub(crate) kind: &'static str,
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) status: ComponentStatus,
    /// The components it covers (itself, or the group's).
    pub(crate) components: BTreeSet<&'a str>,
}

impl Part<'_> {
    /// Its folder, from the site's root.
    pub(crate) fn prefix(&self) -> String {
        format!("{}/{}/", self.kind, self.id)
    }

    fn scope(&self, site: &PublicSite, w: &Words) -> Scope<'_> {
        let what = if self.kind == "groups" {
            w.group_lower
        } else {
            w.component_lower
        };
        Scope {
            prefix: self.prefix(),
            name: format!("{} · {}", site.name, self.name),
            about: (w.scope_about)(self.name, what, &site.name),
            components: Some(self.components.clone()),
        }
    }
}

/// Every component and group of the site, groups first, each in the site's order.
pub(crate) fn parts(site: &PublicSite) -> Vec<Part<'_>> {
    let groups = site.groups.iter().map(|g| Part {
        kind: "groups",
        id: &g.id,
        name: &g.name,
        description: g.description.as_deref(),
        status: g.status,
        components: g.components.iter().map(String::as_str).collect(),
    });
    let components = site.components.iter().map(|c| Part {
        kind: "components",
        id: &c.id,
        name: &c.name,
        description: c.description.as_deref(),
        status: c.status,
        components: BTreeSet::from([c.id.as_str()]),
    });
    groups.chain(components).collect()
}

/// The files of every component and group, and the *Subscribe* page.
pub(crate) fn all(ctx: &Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    let (site, base, w) = (ctx.site, ctx.base, ctx.w);
    let parts = parts(site);
    let files = |part: &Part<'_>| -> Result<Vec<OutFile>, RenderError> {
        let scope = part.scope(site, w);
        let mut out = feeds::all(site, base, &scope, w);
        let (text, color) = pages::component_badge(part.status, w);
        out.push(OutFile::new(
            format!("{}badge.svg", part.prefix()),
            pages::badge_svg(part.name, text, color)?,
        ));
        out.push(status_json(site, base, part, &scope, w));
        Ok(out)
    };
    // Each component's and group's files on their own core where there are threads.
    #[cfg(feature = "parallel")]
    let made: Vec<Vec<OutFile>> = {
        use rayon::prelude::*;
        parts.par_iter().map(files).collect::<Result<_, _>>()?
    };
    #[cfg(not(feature = "parallel"))]
    let made: Vec<Vec<OutFile>> = parts.iter().map(files).collect::<Result<_, _>>()?;
    let mut out: Vec<OutFile> = made.into_iter().flatten().collect();
    out.push(pages::subscribe(
        ctx,
        subscribe_lines(site, &parts, w),
        feeds::FEED_ENTRIES,
    )?);
    Ok(out)
}

/// The *Subscribe* page's list: each group with its components under it, then the components
/// in no group.
fn subscribe_lines(site: &PublicSite, parts: &[Part<'_>], w: &Words) -> Vec<pages::SubscribeLine> {
    let line = |p: &Part<'_>, nested: bool| pages::SubscribeLine {
        name: p.name.to_owned(),
        kind: if p.kind == "groups" {
            w.group
        } else {
            w.component
        },
        status: w.component_status(p.status),
        description: p.description.map(str::to_owned),
        prefix: p.prefix(),
        nested,
    };
    let component = |id: &str| parts.iter().find(|p| p.kind == "components" && p.id == id);
    let mut out = Vec::new();
    for g in &site.groups {
        if let Some(p) = parts.iter().find(|p| p.kind == "groups" && p.id == g.id) {
            out.push(line(p, false));
        }
        out.extend(
            g.components
                .iter()
                .filter_map(|c| component(c))
                .map(|p| line(p, true)),
        );
    }
    for c in site.components.iter().filter(|c| c.group.is_none()) {
        out.extend(component(&c.id).map(|p| line(p, false)));
    }
    out
}

/// `status.json`: the component's (or group's) status now, its open incidents and its current
/// and upcoming maintenance, with links to its page and feeds.
fn status_json(
    site: &PublicSite,
    base: &str,
    part: &Part<'_>,
    scope: &Scope<'_>,
    w: &Words,
) -> OutFile {
    let p = part.prefix();
    let incidents: Vec<_> = scope
        .incidents(site)
        .filter(|i| !i.is_resolved())
        .map(|i| {
            json!({
                "id": i.id,
                "name": i.title,
                "status": i.status,
                "impact": i.impact,
                "started_at": i.started_at,
                "updated_at": i.updated_at,
                "shortlink": format!("{base}incidents/{}/", i.id),
            })
        })
        .collect();
    let maintenances: Vec<_> = scope
        .maintenances(site)
        .filter(|m| m.is_active() || m.is_upcoming())
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.title,
                "status": m.status,
                "scheduled_for": m.scheduled_for,
                "scheduled_until": m.scheduled_until,
                "shortlink": format!("{base}{}", pages::maintenance_path(m)),
            })
        })
        .collect();
    let (label, _) = pages::component_badge(part.status, w);
    let mut what = json!({
        "id": part.id,
        "name": part.name,
        "description": part.description,
        "status": part.status,
        "status_label": label,
    });
    if part.kind == "groups" {
        what["components"] = json!(part.components.iter().collect::<Vec<_>>());
    }
    let key = if part.kind == "groups" {
        "group"
    } else {
        "component"
    };
    let doc = json!({
        "page": { "name": site.name, "url": base, "updated_at": site.now },
        key: what,
        "incidents": incidents,
        "scheduled_maintenances": maintenances,
        "links": {
            "atom": format!("{base}{p}feed.atom"),
            "rss": format!("{base}{p}feed.rss"),
            "calendar": format!("{base}{p}maintenance.ics"),
            "badge": format!("{base}{p}badge.svg"),
        },
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    OutFile::new(format!("{p}status.json"), text)
}
