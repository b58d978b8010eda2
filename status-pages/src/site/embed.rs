//! Embeds for an `<iframe>`, without JavaScript: the whole site's (`embed/`) and each
//! component's (`embed/components/<id>/`), each light and dark (`…/dark/`).

use incident_core::public::{ComponentStatus, Indicator, PublicSite};

use crate::pages::{self, Context, EmbedLine};
use crate::words::Words;
use crate::{OutFile, RenderError};

/// The whole site's status as a component's: its worst component, or maintenance.
fn site_status(site: &PublicSite) -> ComponentStatus {
    match site.indicator {
        Indicator::Critical => ComponentStatus::MajorOutage,
        Indicator::Major => ComponentStatus::PartialOutage,
        Indicator::Minor => ComponentStatus::DegradedPerformance,
        Indicator::None if site.maintenances.iter().any(|m| m.is_active()) => {
            ComponentStatus::UnderMaintenance
        }
        Indicator::None => ComponentStatus::Operational,
    }
}

/// The open incidents and active maintenance affecting `only` (all when `None`).
fn lines(site: &PublicSite, only: Option<&str>, w: &Words) -> Vec<EmbedLine> {
    let affects = |ids: &[incident_core::public::PublicAffected]| {
        only.is_none_or(|id| ids.iter().any(|c| c.id == id))
    };
    site.unresolved()
        .filter(|i| affects(&i.components))
        .map(|i| EmbedLine {
            title: i.title.clone(),
            status: w.public_status(i.status),
            href: format!("incidents/{}/", i.id),
        })
        .chain(
            site.maintenances
                .iter()
                .filter(|m| m.is_active() && affects(&m.components))
                .map(|m| EmbedLine {
                    title: m.title.clone(),
                    status: w.maintenance_in_progress,
                    href: pages::maintenance_path(m),
                }),
        )
        .collect()
}

pub(crate) fn all(ctx: &Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    let site = ctx.site;
    let mut out = Vec::new();
    for dark in [false, true] {
        out.push(pages::embed(
            ctx,
            "embed/",
            &site.name,
            site_status(site),
            lines(site, None, ctx.w),
            dark,
        )?);
        for c in &site.components {
            out.push(pages::embed(
                ctx,
                &format!("embed/components/{}/", c.id),
                &c.name,
                c.status,
                lines(site, Some(&c.id), ctx.w),
                dark,
            )?);
        }
    }
    Ok(out)
}
