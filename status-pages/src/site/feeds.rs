//! Feeds (Atom and RSS through their crates), the maintenance calendar (iCalendar through its
//! crate) and the sitemap.

use atom_syndication as atom;
use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, Utc};
use icalendar::{Calendar, Component, EventLike};
use incident_core::public::{
    PublicCorrection, PublicIncident, PublicMaintenance, PublicSite, PublicUpdate,
};
use incident_core::Timestamp;

use crate::pages;
use crate::words::Words;
use crate::OutFile;

/// How many entries the feeds carry.
pub(crate) const FEED_ENTRIES: usize = 50;

fn fixed(t: Timestamp) -> DateTime<FixedOffset> {
    t.datetime().fixed_offset()
}

/// One entry of the feeds: an incident (with every public update) or a maintenance.
struct Entry {
    id: String,
    title: String,
    link: String,
    published: Timestamp,
    updated: Timestamp,
    /// HTML: the updates, newest first.
    html: String,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A feed's entry before it is written: what it is, when it was last updated and its id (what the
/// feed is ordered by). Only the entries that make the feed are written ([`entries`]).
struct Candidate<'s> {
    updated: Timestamp,
    id: String,
    of: Of<'s>,
}

enum Of<'s> {
    Incident(&'s PublicIncident),
    /// A correction or retraction of one of the incident's public updates.
    Correction(&'s PublicIncident, &'s PublicUpdate, &'s PublicCorrection),
    Maintenance(&'s PublicMaintenance),
}

impl Candidate<'_> {
    fn entry(self, base: &str, w: &Words) -> Entry {
        match self.of {
            Of::Incident(i) => incident_entry(i, self.id, base, w),
            Of::Correction(i, u, c) => correction_entry(i, u, c, self.id, base, w),
            Of::Maintenance(m) => maintenance_entry(m, self.id, base, w),
        }
    }
}

fn incident_entry(i: &PublicIncident, id: String, base: &str, w: &Words) -> Entry {
    let mut html = String::new();
    for u in &i.updates {
        html.push_str(&format!(
            "<p><small>{}</small><br><strong>{}</strong> – {}</p>",
            escape(&w.time(u.at)),
            escape(w.public_status(u.status)),
            escape(w.update_body(u))
        ));
    }
    if let Some(r) = i.resolved_at {
        html.push_str(&format!(
            "<p>{}</p>",
            escape(&(w.lasted_sentence)(
                &w.duration(r.minutes_since(i.started_at))
            ))
        ));
    }
    if i.postmortem.is_some() {
        html.push_str(&format!(
            "<p><a href=\"{base}postmortems/{}/\">{}</a></p>",
            i.id,
            escape(w.postmortem)
        ));
    }
    Entry {
        link: id.clone(),
        id,
        title: format!("{} ({})", i.title, w.public_status(i.status)),
        published: i.created_at,
        updated: i.updated_at,
        html,
    }
}

/// One entry per correction or retraction of a public update: a reader who saw the first words
/// is told, as a new item, that they changed.
fn correction_entry(
    i: &PublicIncident,
    u: &PublicUpdate,
    c: &PublicCorrection,
    id: String,
    base: &str,
    w: &Words,
) -> Entry {
    let (title, html) = match &c.body {
        Some(body) => (
            (w.correction)(&i.title),
            format!(
                "<p>{}</p><p>{}</p>",
                escape(&(w.now_reads)(&w.time(u.at))),
                escape(body)
            ),
        ),
        None => (
            (w.retracted_title)(&i.title),
            format!("<p>{}</p>", escape(&(w.was_retracted)(&w.time(u.at)))),
        ),
    };
    Entry {
        id,
        title,
        link: format!("{base}incidents/{}/", i.id),
        published: c.at,
        updated: c.at,
        html,
    }
}

fn maintenance_entry(m: &PublicMaintenance, id: String, base: &str, w: &Words) -> Entry {
    let mut html = format!(
        "<p>{}</p>",
        escape(&(w.scheduled_from)(
            &w.time(m.scheduled_for),
            &w.time(m.scheduled_until)
        ))
    );
    if !m.components.is_empty() {
        let names: Vec<&str> = m.components.iter().map(|c| c.name.as_str()).collect();
        html.push_str(&format!(
            "<p>{}</p>",
            escape(&(w.affects_list)(&names.join(", ")))
        ));
    }
    for u in &m.updates {
        html.push_str(&format!(
            "<p><small>{}</small><br>{}</p>",
            escape(&w.time(u.at)),
            escape(&u.body)
        ));
    }
    Entry {
        id,
        title: (w.maintenance_title)(&m.title),
        link: format!("{base}{}", pages::maintenance_path(m)),
        published: m.created_at.min(m.scheduled_for),
        updated: maintenance_updated(m),
        html,
    }
}

/// What a set of feeds covers: the whole site, or what affects some components (one, or a
/// group's), with the folder its files are in.
pub(crate) struct Scope<'a> {
    /// The folder of its files, from the site's root: `""`, `components/<id>/`, `groups/<id>/`.
    pub(crate) prefix: String,
    /// Whose status: "Cygni", "Cygni · REST API".
    pub(crate) name: String,
    /// What they hold, in words.
    pub(crate) about: String,
    /// The components covered; `None`: everything.
    pub(crate) components: Option<BTreeSet<&'a str>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn site(site: &PublicSite, w: &Words) -> Self {
        Scope {
            prefix: String::new(),
            name: site.name.clone(),
            about: (w.feed_about)(&site.name),
            components: None,
        }
    }

    /// Whether a record affecting `affected` belongs here.
    fn covers(&self, affected: &[incident_core::public::PublicAffected]) -> bool {
        self.components
            .as_ref()
            .is_none_or(|ids| affected.iter().any(|c| ids.contains(c.id.as_str())))
    }

    /// The incidents and maintenance windows it holds, in the site's order.
    pub(crate) fn incidents<'s>(
        &'s self,
        site: &'s PublicSite,
    ) -> impl Iterator<Item = &'s PublicIncident> + 's {
        site.incidents
            .iter()
            .filter(move |i| self.covers(&i.components))
    }

    pub(crate) fn maintenances<'s>(
        &'s self,
        site: &'s PublicSite,
    ) -> impl Iterator<Item = &'s PublicMaintenance> + 's {
        site.maintenances
            .iter()
            .filter(move |m| self.covers(&m.components))
    }
}

/// Incidents and maintenance that have started or been announced, newest update first.
fn entries(site: &PublicSite, base: &str, scope: &Scope<'_>, w: &Words) -> Vec<Entry> {
    let incidents = || scope.incidents(site).take(FEED_ENTRIES * 2);
    let mut all: Vec<Candidate<'_>> = incidents()
        .map(|i| Candidate {
            updated: i.updated_at,
            id: format!("{base}incidents/{}/", i.id),
            of: Of::Incident(i),
        })
        .chain(incidents().flat_map(|i| {
            i.updates.iter().flat_map(move |u| {
                u.corrections.iter().map(move |c| Candidate {
                    updated: c.at,
                    id: format!("{base}incidents/{}/#correction-{}", i.id, c.id),
                    of: Of::Correction(i, u, c),
                })
            })
        }))
        .chain(
            scope
                .maintenances(site)
                .filter(|m| m.created_at <= site.now)
                .take(FEED_ENTRIES)
                .map(|m| Candidate {
                    updated: maintenance_updated(m),
                    id: format!("{base}maintenance/{}", m.id),
                    of: Of::Maintenance(m),
                }),
        )
        .collect();
    incident_core::sort::by(&mut all, |a, b| {
        b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id))
    });
    all.truncate(FEED_ENTRIES);
    all.into_iter().map(|c| c.entry(base, w)).collect()
}

/// When a maintenance's entry was last updated.
fn maintenance_updated(m: &PublicMaintenance) -> Timestamp {
    m.updated_at.max(m.created_at)
}

/// The Atom and RSS feeds and the maintenance calendar of `scope`, in its folder.
pub(crate) fn all(site: &PublicSite, base: &str, scope: &Scope<'_>, w: &Words) -> Vec<OutFile> {
    let entries = entries(site, base, scope, w);
    let updated = entries.first().map_or(site.now, |e| e.updated);
    let p = &scope.prefix;
    vec![
        OutFile::new(
            format!("{p}feed.atom"),
            atom_feed(site, base, scope, &entries, updated, w),
        ),
        OutFile::new(
            format!("{p}feed.rss"),
            rss_feed(base, scope, &entries, updated, w),
        ),
        OutFile::new(
            format!("{p}maintenance.ics"),
            calendar(site, base, scope, w),
        ),
    ]
}

fn atom_feed(
    site: &PublicSite,
    base: &str,
    scope: &Scope<'_>,
    entries: &[Entry],
    updated: Timestamp,
    w: &Words,
) -> String {
    let link = |href: String, rel: &str, mime: Option<&str>| {
        let mut l = atom::Link::default();
        l.set_href(href);
        l.set_rel(rel);
        l.set_mime_type(mime.map(str::to_owned));
        l
    };
    let mut feed = atom::Feed::default();
    feed.set_title((w.feed_title)(&scope.name));
    // The language of its fixed words (`xml:lang`), as the RSS feed's `<language>` says.
    feed.set_lang(Some(w.lang.to_owned()));
    feed.set_id(format!("{base}{}", scope.prefix));
    feed.set_updated(fixed(updated));
    feed.set_subtitle(Some(atom::Text::plain(scope.about.clone())));
    feed.set_links(vec![
        link(base.to_owned(), "alternate", Some("text/html")),
        link(
            format!("{base}{}feed.atom", scope.prefix),
            "self",
            Some("application/atom+xml"),
        ),
    ]);
    let mut author = atom::Person::default();
    author.set_name(site.name.clone());
    author.set_uri(Some(base.to_owned()));
    feed.set_authors(vec![author]);
    feed.set_entries(
        entries
            .iter()
            .map(|e| {
                let mut entry = atom::Entry::default();
                entry.set_id(e.id.clone());
                entry.set_title(e.title.clone());
                entry.set_updated(fixed(e.updated));
                entry.set_published(Some(fixed(e.published)));
                entry.set_links(vec![link(e.link.clone(), "alternate", Some("text/html"))]);
                let mut content = atom::Content::default();
                content.set_content_type(Some("html".to_owned()));
                content.set_value(Some(e.html.clone()));
                entry.set_content(Some(content));
                entry
            })
            .collect::<Vec<_>>(),
    );
    let mut text = feed.to_string();
    text.push('\n');
    text
}

fn rss_feed(
    base: &str,
    scope: &Scope<'_>,
    entries: &[Entry],
    updated: Timestamp,
    w: &Words,
) -> String {
    let items: Vec<rss::Item> = entries
        .iter()
        .map(|e| {
            let mut guid = rss::Guid::default();
            guid.set_value(e.id.clone());
            guid.set_permalink(e.id.starts_with(&e.link));
            let mut item = rss::Item::default();
            item.set_title(e.title.clone());
            item.set_link(e.link.clone());
            item.set_guid(guid);
            item.set_pub_date(e.updated.datetime().to_rfc2822());
            item.set_description(e.html.clone());
            item
        })
        .collect();
    let mut channel = rss::Channel::default();
    channel.set_title((w.feed_title)(&scope.name));
    channel.set_link(base.to_owned());
    channel.set_description(scope.about.clone());
    channel.set_language(w.lang.to_owned());
    channel.set_last_build_date(updated.datetime().to_rfc2822());
    // The feed says where it lives (the RSS Advisory Board's profile; validators ask for it).
    let mut own = atom::Link::default();
    own.set_href(format!("{base}{}feed.rss", scope.prefix));
    own.set_rel("self");
    own.set_mime_type(Some("application/rss+xml".to_owned()));
    channel.set_namespaces(std::collections::BTreeMap::from([(
        "atom".to_owned(),
        rss::extension::atom::NAMESPACE.to_owned(),
    )]));
    channel.set_atom_ext(Some(rss::extension::atom::AtomExtension {
        links: vec![own],
    }));
    channel.set_items(items);
    let mut text = channel.to_string();
    text.push('\n');
    text
}

fn utc(t: Timestamp) -> DateTime<Utc> {
    t.datetime()
}

/// Every maintenance window (past ones included, so a subscribed calendar keeps its history).
/// The calendar's PRODID (RFC 5545: who made it, in the formal public identifier style).
pub(crate) const PRODID: &str = "-//Cygni//Cygni Incident Response status site//EN";

fn calendar(site: &PublicSite, base: &str, scope: &Scope<'_>, w: &Words) -> String {
    let host = base
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .replace('/', ".");
    // The product that wrote it, not the library's default (`ICALENDAR-RS`).
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", PRODID));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    let name = &scope.name;
    cal.name(&(w.calendar_name)(name));
    cal.description(&(w.calendar_description)(name));
    let windows: Vec<&PublicMaintenance> = scope.maintenances(site).collect();
    for m in windows.into_iter().rev() {
        let names: Vec<&str> = m.components.iter().map(|c| c.name.as_str()).collect();
        let mut description = (w.affects_list)(&names.join(", "));
        if let Some(u) = m.updates.first() {
            description.push_str("\n\n");
            description.push_str(&u.body);
        }
        let event = icalendar::Event::new()
            .uid(&format!("{}@{host}", m.id))
            .summary(&(w.maintenance_title)(&m.title))
            .description(&description)
            .starts(utc(m.scheduled_for))
            .ends(utc(m.scheduled_until))
            .timestamp(utc(m.updated_at.min(site.now)))
            .url(&format!("{base}{}", pages::maintenance_path(m)))
            // Calendar clients take a moved or updated window when these grow.
            .add_property("SEQUENCE", m.updates.len().to_string())
            .add_property(
                "LAST-MODIFIED",
                utc(m.updated_at.min(site.now))
                    .format("%Y%m%dT%H%M%SZ")
                    .to_string(),
            )
            .done();
        cal.push(event);
    }
    fold(&cal.done().to_string())
}

/// The calendar's lines folded at 75 octets (RFC 5545 3.1), on character boundaries. icalendar
/// 0.17 folds too, but a line's last continuation can come out 76 octets long (its loop does not
/// count the leading space when the rest fits), which strict readers refuse: its folds are
/// undone and done again here.
fn fold(text: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in unfolded.split_terminator("\r\n") {
        let mut room = LIMIT;
        let mut used = 0;
        for ch in line.chars() {
            if used + ch.len_utf8() > room {
                out.push_str("\r\n ");
                // A continuation's leading space counts.
                room = LIMIT - 1;
                used = 0;
            }
            out.push(ch);
            used += ch.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

/// The sitemap: every HTML page except the 404 page and the embeds (made for frames, not
/// for search).
pub(crate) fn sitemap<'p>(base: &str, paths: impl Iterator<Item = &'p str>) -> OutFile {
    let mut paths: Vec<&str> = paths
        .filter(|p| p.ends_with("index.html") && !p.starts_with("embed/"))
        .collect();
    incident_core::sort::ascending(&mut paths);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Escaped a character at a time: the address's parts one by one.
    let base = escape(base);
    for p in paths {
        xml.push_str("<url><loc>");
        xml.push_str(&base);
        xml.push_str(&escape(p.trim_end_matches("index.html")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutFile::new("sitemap.xml", xml)
}
