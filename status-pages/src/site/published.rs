//! `published.json`: what a build published, one entry per public event (a new incident, each
//! later update, a correction or retraction, each maintenance update, a published post-mortem),
//! each with an id that stays the same in every later build, for the last [`WINDOW_DAYS`] days. `site-gen notify` compares two
//! builds' manifests and tells the team's channels about each new event, once. Built from the
//! public projection only, like every other file of the site: it says nothing the pages do not.

use incident_core::model::SiteLanguage;
use incident_core::public::{PublicIncident, PublicMaintenance, PublicSite};

use crate::words::{words, Words};
use incident_core::Timestamp;
use serde::{Deserialize, Serialize};

use crate::OutFile;

/// The manifest's path in the site.
pub const PATH: &str = "published.json";
/// Its `format`.
pub const FORMAT: &str = "cygni-published";
/// The version of its shape; a reader refuses a newer one.
pub const VERSION: u32 = 1;
/// How far back the manifest reaches: events of the last 30 days (by their own time) before
/// the build's now. A channel is told of what is new since the build before; a deploy that
/// comes more than this long after an event never tells of it (old news, and a bounded file).
pub const WINDOW_DAYS: i64 = 30;

/// What a build published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The organization's name, as the status page shows it.
    pub name: String,
    /// The language of the site's words (`en`, `de`): of `status` here, and of the messages
    /// `site-gen notify` sends. Absent from manifests written before it: English.
    #[serde(default = "english")]
    pub lang: String,
    /// The site's address (ends with `/`).
    pub site: String,
    /// Every public event of the last [`WINDOW_DAYS`] days, oldest first.
    pub events: Vec<Event>,
}

/// One public event, with the words a message about it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Stable across builds: `incident/<id>/update/<update id>`,
    /// `incident/<id>/correction/<correction id>`, `maintenance/<id>/update/<update id>`,
    /// `postmortem/<incident id>`.
    pub id: String,
    pub kind: Kind,
    pub at: Timestamp,
    /// The incident's public title, or the maintenance window's title.
    pub title: String,
    /// The status in words, in the site's language ("Investigating", "In progress", …).
    pub status: String,
    /// What was said: the update, the corrected text, or for a post-mortem its first lines.
    pub body: String,
    /// The page to read more on.
    pub url: String,
    /// The names of the components affected.
    pub components: Vec<String>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An incident's first public update.
    IncidentCreated,
    /// A later public update.
    IncidentUpdated,
    /// The update that resolved it.
    IncidentResolved,
    /// A public update's text corrected.
    UpdateCorrected,
    /// A public update retracted.
    UpdateRetracted,
    /// A maintenance window announced (its first update).
    MaintenanceScheduled,
    /// A later update of a maintenance window.
    MaintenanceUpdated,
    /// A post-mortem published.
    PostmortemPublished,
}

fn english() -> String {
    SiteLanguage::English.code().to_owned()
}

impl Manifest {
    /// The words of the site's language (English for a language this version does not know).
    pub fn words(&self) -> &'static Words {
        words(SiteLanguage::from_code(&self.lang).unwrap_or_default())
    }
}

impl Kind {
    /// What happened, in a few words ("New incident").
    pub fn label(self, w: &Words) -> &'static str {
        match self {
            Kind::IncidentCreated => w.ev_incident_created,
            Kind::IncidentUpdated => w.ev_incident_updated,
            Kind::IncidentResolved => w.resolved_status,
            Kind::UpdateCorrected => w.ev_update_corrected,
            Kind::UpdateRetracted => w.ev_update_retracted,
            Kind::MaintenanceScheduled => w.ev_maintenance_scheduled,
            Kind::MaintenanceUpdated => w.ev_maintenance_updated,
            Kind::PostmortemPublished => w.ev_postmortem_published,
        }
    }
}

/// The manifest of `site` at `base`.
pub fn manifest(site: &PublicSite, base: &str) -> Manifest {
    let w = words(site.language);
    // Only the window's events are made: at 10,000 incidents, making every event and then
    // dropping the old ones was a quarter of the site's render.
    let since = site.now.unix_millis() - WINDOW_DAYS * 24 * 3_600_000;
    let mut events: Vec<Event> = site
        .incidents
        .iter()
        .flat_map(|i| incident_events(i, base, w, since))
        .chain(
            site.maintenances
                .iter()
                .flat_map(|m| maintenance_events(m, base, w, since)),
        )
        .collect();
    incident_core::sort::by(&mut events, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        name: site.name.clone(),
        lang: site.language.code().to_owned(),
        site: base.to_owned(),
        events,
    }
}

/// The manifest as the site's file.
pub(crate) fn file(site: &PublicSite, base: &str) -> OutFile {
    let json = serde_json::to_string(&manifest(site, base)).unwrap_or_default();
    OutFile::new(PATH, json + "\n")
}

fn incident_events(i: &PublicIncident, base: &str, w: &Words, since: i64) -> Vec<Event> {
    let url = format!("{base}incidents/{}/", i.id);
    let components: Vec<String> = i.components.iter().map(|c| c.name.clone()).collect();
    let event = |id: String, kind: Kind, at: Timestamp, status: &str, body: &str| Event {
        id,
        kind,
        at,
        title: i.title.clone(),
        status: status.to_owned(),
        body: body.to_owned(),
        url: url.clone(),
        components: components.clone(),
    };
    let mut updates: Vec<_> = i.updates.iter().collect();
    incident_core::sort::by(&mut updates, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    let mut out = Vec::new();
    for (n, u) in updates.iter().enumerate() {
        let label = w.public_status(u.status);
        for c in u.corrections.iter().filter(|c| c.at.unix_millis() >= since) {
            let (kind, body) = match &c.body {
                Some(text) => (Kind::UpdateCorrected, text.as_str()),
                None => (Kind::UpdateRetracted, w.retracted_update),
            };
            out.push(event(
                format!("incident/{}/correction/{}", i.id, c.id),
                kind,
                c.at,
                label,
                body,
            ));
        }
        if u.at.unix_millis() < since {
            continue;
        }
        let kind = match (n, u.status) {
            (0, _) => Kind::IncidentCreated,
            (_, incident_core::public::PublicStatus::Resolved) => Kind::IncidentResolved,
            _ => Kind::IncidentUpdated,
        };
        // What the public reads now (a correction is also its own event, for those told before).
        out.push(event(
            format!("incident/{}/update/{}", i.id, u.id),
            kind,
            u.at,
            label,
            w.update_body(u),
        ));
    }
    if let Some(pm) = i
        .postmortem
        .as_ref()
        .filter(|pm| pm.published_at.unix_millis() >= since)
    {
        let summary = pm
            .markdown
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or_default()
            .trim_start_matches("- ");
        out.push(Event {
            url: format!("{base}postmortems/{}/", i.id),
            ..event(
                format!("postmortem/{}", i.id),
                Kind::PostmortemPublished,
                pm.published_at,
                w.postmortem,
                summary,
            )
        });
    }
    out
}

fn maintenance_events(m: &PublicMaintenance, base: &str, w: &Words, since: i64) -> Vec<Event> {
    let url = format!("{base}maintenance/{}/", m.id);
    let components: Vec<String> = m.components.iter().map(|c| c.name.clone()).collect();
    let mut updates: Vec<_> = m.updates.iter().collect();
    incident_core::sort::by(&mut updates, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    });
    updates
        .iter()
        .enumerate()
        .filter(|(_, u)| u.at.unix_millis() >= since)
        .map(|(n, u)| Event {
            id: format!("maintenance/{}/update/{}", m.id, u.id),
            kind: if n == 0 {
                Kind::MaintenanceScheduled
            } else {
                Kind::MaintenanceUpdated
            },
            at: u.at,
            title: m.title.clone(),
            status: w.maintenance_status(u.status).to_owned(),
            body: u.body.clone(),
            url: url.clone(),
            components: components.clone(),
        })
        .collect()
}
