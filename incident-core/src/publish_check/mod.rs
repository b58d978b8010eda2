//! The publish check: what in a text about to go public (a status update, a post-mortem, the
//! status site) should probably not be published, each with its place, so a person can confirm
//! or fix it. Nothing is refused here: the app and `site-gen check` say what was found.
//!
//! What is looked for ([`FindingKind`]): the playbook templates' placeholders left in (and any
//! other `[...]` that is not a link or a task box), people's names and chat handles (from the
//! settings), email addresses, phone numbers, internal hosts (the tool links' hosts and private
//! suffixes) and links to chat, tickets and paging. The scanners are written by hand (no regex
//! crate: the app's size matters), and lean towards saying nothing when in doubt: a date, a time,
//! a version, an IP address or a count is not a phone number.

use std::collections::BTreeSet;

use crate::bundle::Bundle;
use crate::merge::hidden_settings;
use crate::model::{RecordKind, Settings};
use crate::public::{on_site, without_action_items};
use crate::time::Timestamp;

mod scan;
mod words;

use scan::{Hit, HostRules};

/// What kind of thing a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A template placeholder left in (`[Factor 1]`), or another `[...]` that looks like one.
    Placeholder,
    /// A person's name or chat handle, from the settings' people.
    PersonName,
    Email,
    Phone,
    /// A host of the team's tools (the settings' tool links) or a private one (`.internal`).
    InternalHost,
    /// A link to chat, tickets, paging or a meeting (Slack, Jira, PagerDuty, Zoom, …).
    InternalLink,
}

impl FindingKind {
    /// The kind in words.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Placeholder => "placeholder",
            FindingKind::PersonName => "person's name",
            FindingKind::Email => "email address",
            FindingKind::Phone => "phone number",
            FindingKind::InternalHost => "internal host",
            FindingKind::InternalLink => "link to an internal tool",
        }
    }
}

/// Something that should probably not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where: a field in words ("the update's message") or a JSON path in the bundle
    /// (`incidents[3].updates[1].message`).
    pub place: String,
    pub kind: FindingKind,
    /// The text as it is written.
    pub found: String,
    /// A sentence for a communications lead: `a person's name, “Maya Chen”`.
    pub message: String,
}

/// What in `text` (at `place`, e.g. "the update's message" or "incidents[3].updates[1].message")
/// should probably not be published, in the order it is written; the same thing twice is said
/// once.
pub fn check_text(text: &str, place: &str, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    Checker::new(settings).check(text, place, &mut out);
    out
}

/// Every public field of `bundle` that the status site would publish, checked; `place` is the
/// JSON path in the bundle as given (indexes into `incidents`, `maintenances`, their `updates`).
///
/// The fields: of each incident on the site at `now` ([`on_site`]: not a drill, told to the
/// public) and not hidden by a tombstone ([`crate::merge::live`]), its `title`, the `message` of each update
/// marked `public` and, once `published`, the post-mortem's `markdown` as the site shows it
/// (without its action items, [`without_action_items`]); of each maintenance not hidden, its
/// `title` and each update's `message`; of each component and group not removed, its `name`
/// and `description`.
pub fn check_public(bundle: &Bundle, now: Timestamp) -> Vec<Finding> {
    PublicCheck::new(bundle, now).finish()
}

/// [`check_public`] a batch of incidents at a time, for a page that must answer in between:
/// [`PublicCheck::step`] checks the next batch, [`PublicCheck::finish`] the rest; the findings
/// are the same, in the same order.
#[derive(Debug)]
pub struct PublicCheck<'a> {
    bundle: &'a Bundle,
    now: Timestamp,
    checker: Checker<'a>,
    hidden: crate::merge::Hidden<'a>,
    next: usize,
    out: Vec<Finding>,
}

impl<'a> PublicCheck<'a> {
    /// Starts the check (the settings' components and groups are checked now).
    pub fn new(bundle: &'a Bundle, now: Timestamp) -> Self {
        let checker = Checker::new(&bundle.settings);
        let removed = hidden_settings(&bundle.settings, &bundle.tombstones);
        let mut out = Vec::new();
        let settings = &bundle.settings;
        for (i, g) in settings.component_groups.iter().enumerate() {
            if !removed.contains(&(RecordKind::ComponentGroup, g.id.as_str())) {
                checker.check(
                    &g.name,
                    &format!("settings.component_groups[{i}].name"),
                    &mut out,
                );
                if let Some(d) = &g.description {
                    checker.check(
                        d,
                        &format!("settings.component_groups[{i}].description"),
                        &mut out,
                    );
                }
            }
        }
        for (i, c) in settings.components.iter().enumerate() {
            if !removed.contains(&(RecordKind::Component, c.id.as_str())) {
                checker.check(&c.name, &format!("settings.components[{i}].name"), &mut out);
                if let Some(d) = &c.description {
                    checker.check(
                        d,
                        &format!("settings.components[{i}].description"),
                        &mut out,
                    );
                }
            }
        }
        PublicCheck {
            bundle,
            now,
            checker,
            hidden: crate::merge::hidden(bundle),
            next: 0,
            out,
        }
    }

    /// How many incidents are left to check.
    pub fn remaining(&self) -> usize {
        self.bundle.incidents.len() - self.next
    }

    /// Checks the next `batch` incidents; false once none is left.
    pub fn step(&mut self, batch: usize) -> bool {
        let end = self
            .next
            .saturating_add(batch.max(1))
            .min(self.bundle.incidents.len());
        for i in self.next..end {
            let incident = &self.bundle.incidents[i];
            if self.hidden.incidents.contains(incident.id.as_str()) || !on_site(incident, self.now)
            {
                continue;
            }
            check_incident(
                &self.checker,
                &self.bundle.settings,
                &self.hidden,
                i,
                incident,
                &mut self.out,
            );
        }
        self.next = end;
        self.remaining() > 0
    }

    /// The rest of the incidents, then the maintenance windows: every finding.
    pub fn finish(mut self) -> Vec<Finding> {
        while self.step(usize::MAX) {}
        for (i, m) in self.bundle.maintenances.iter().enumerate() {
            if self.hidden.maintenances.contains(m.id.as_str()) {
                continue;
            }
            self.checker
                .check(&m.title, &format!("maintenances[{i}].title"), &mut self.out);
            for (u, update) in m.updates.iter().enumerate() {
                self.checker.check(
                    &update.message,
                    &format!("maintenances[{i}].updates[{u}].message"),
                    &mut self.out,
                );
            }
        }
        self.out
    }
}

/// The public texts of `incident` (at `incidents[i]`), checked.
fn check_incident(
    checker: &Checker<'_>,
    settings: &Settings,
    hidden: &crate::merge::Hidden<'_>,
    i: usize,
    incident: &crate::model::Incident,
    out: &mut Vec<Finding>,
) {
    let mut check = |text: &str, place: String| checker.check(text, &place, out);
    // The title the public reads (the responders' title is not published).
    check(
        &crate::comms::public_title(incident, settings),
        format!("incidents[{i}].public_title"),
    );
    if let Some(w) = &incident.workaround {
        check(w, format!("incidents[{i}].workaround"));
    }
    for (u, update) in incident.updates.iter().enumerate() {
        if update.public {
            check(
                &update.message,
                format!("incidents[{i}].updates[{u}].message"),
            );
        }
    }
    for (c, correction) in incident.corrections.iter().enumerate() {
        if let Some(m) = &correction.message {
            check(m, format!("incidents[{i}].corrections[{c}].message"));
        }
    }
    if let Some(p) = incident.postmortem.as_ref().filter(|p| p.published) {
        check(
            &without_action_items(&p.markdown),
            format!("incidents[{i}].postmortem.markdown"),
        );
        for (a, item) in incident.action_items.iter().enumerate() {
            if item.public && !hidden.action_items.contains(item.id.as_str()) {
                check(
                    &item.action,
                    format!("incidents[{i}].action_items[{a}].action"),
                );
            }
        }
    }
}

/// What the check needs from the settings, worked out once for a whole bundle.
#[derive(Debug)]
struct Checker<'s> {
    settings: &'s Settings,
    /// Every `[...]` of the playbook's templates, lowercased.
    template_tokens: BTreeSet<String>,
    hosts: HostRules,
}

impl<'s> Checker<'s> {
    fn new(settings: &'s Settings) -> Self {
        let t = &settings.playbook.templates;
        let mut texts: Vec<&str> = vec![
            &t.internal_update,
            &t.customer_email.subject,
            &t.customer_email.body,
            &t.postmortem,
        ];
        for s in &t.status_page {
            texts.extend([s.title.as_str(), s.status.as_str(), s.body.as_str()]);
        }
        let template_tokens = texts
            .iter()
            .flat_map(|text| {
                words::brackets(text)
                    .into_iter()
                    .map(|b| text[b.start..b.end].to_lowercase())
            })
            .collect();
        let status_host = scan::url_host(&settings.organization.status_page_url);
        let tool_hosts = settings
            .tool_links
            .iter()
            .filter_map(|l| scan::url_host(&l.url))
            // The settings' internal domains, as written (`corp.cygni.dev`) or as a URL.
            .chain(settings.internal_domains.iter().filter_map(|d| {
                let d = d.trim().trim_start_matches("*.").trim_start_matches('.');
                scan::url_host(d).or_else(|| scan::url_host(&format!("https://{d}")))
            }))
            .filter(|h| Some(h) != status_host.as_ref())
            .collect();
        Checker {
            settings,
            template_tokens,
            hosts: HostRules {
                tool_hosts,
                status_host,
            },
        }
    }

    fn check(&self, text: &str, place: &str, out: &mut Vec<Finding>) {
        // Most published text holds none of what is looked for: skip the scanners that cannot
        // match.
        let mut hits: Vec<Hit> = Vec::new();
        // In order of precedence: a later hit inside an earlier one is the same thing said
        // again (the host of an email address, a name in a link).
        if text.contains('@') {
            hits.extend(scan::emails(text));
        }
        if text.contains('.') {
            hits.extend(scan::hosts(text, &self.hosts));
        }
        if text.bytes().filter(u8::is_ascii_digit).count() >= 8 {
            hits.extend(scan::phones(text));
        }
        hits.extend(words::people(text, &self.settings.people));
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if !kept.iter().any(|k| k.start < h.end && h.start < k.end) {
                kept.push(h);
            }
        }
        // A placeholder stands alone ("[Maya Chen]" is both a name and a placeholder).
        if text.contains('[') {
            kept.extend(words::placeholders(text, &self.template_tokens));
        }
        crate::sort::by_key(&mut kept, |h| h.start);
        let mut said: BTreeSet<(FindingKind, String)> = BTreeSet::new();
        for h in kept {
            if said.insert((h.kind, h.found.clone())) {
                out.push(Finding {
                    place: place.to_owned(),
                    kind: h.kind,
                    found: h.found,
                    message: h.message,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
