//! Conflicts in words a person can act on: which field of what (named as the settings name it),
//! who wrote the other value and when, that value and the current one, with people, components
//! and timeline entries named instead of ids. The incident page, the maintenance screen, Settings
//! and the import preview all show these; [`crate::conflict`] settles them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::bundle::Bundle;
use crate::merge::{field_value, parse_key, unstamped, Field, PreviewConflict};
use crate::model::{Incident, Maintenance, Settings, Stamp};
use crate::time::Timestamp;

/// One conflict, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictView {
    /// The conflict's id: its timeline event's on an incident, its own elsewhere.
    pub id: String,
    /// The field, named: "the severity", "component “REST API”'s name".
    pub what: String,
    /// Who wrote the value that lost: a person's name, or which copy.
    pub who: String,
    /// When (none for a value written before stamps existed).
    pub at: Option<Timestamp>,
    /// The value that lost, in words.
    pub theirs: String,
    /// The value kept, in words ("no longer there" when the record or entry is gone).
    pub current: String,
    /// Whether the value that lost can be taken instead (not for a log entry, which is kept as
    /// written, nor for a record removed since).
    pub can_take: bool,
    /// Both sides wrote the same value: nothing to choose, only to acknowledge.
    pub agreed: bool,
}

impl ConflictView {
    /// The conflict as one sentence: "Ana Lima also set the severity to SEV2 at 2026-03-05
    /// 14:07 UTC; it is SEV1 now."
    pub fn sentence(&self) -> String {
        let when = self
            .at
            .map(|t| format!(" at {}", t.utc_minute()))
            .unwrap_or_default();
        if self.agreed {
            format!(
                "{} also set {} to the same value, {}{when}.",
                self.who, self.what, self.theirs
            )
        } else {
            format!(
                "{} also set {} to {}{when}; it is {} now.",
                self.who, self.what, self.theirs, self.current
            )
        }
    }
}

/// Who wrote what: the person behind each device id, learnt from the incidents (an edit's
/// stamp and the timeline event it wrote share their time, and the event names the person).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authors {
    by_device: BTreeMap<String, String>,
}

impl Authors {
    /// Every device of `bundle` whose edits name their author.
    pub fn of(bundle: &Bundle) -> Authors {
        let mut a = Authors::default();
        for inc in &bundle.incidents {
            a.learn(inc);
        }
        a
    }

    /// `device` is `person` (this browser, whose person is chosen).
    pub fn with(mut self, device: &str, person: Option<&str>) -> Authors {
        if let Some(p) = person {
            self.by_device.insert(device.to_owned(), p.to_owned());
        }
        self
    }

    fn learn(&mut self, inc: &Incident) {
        let by_time: BTreeMap<Timestamp, &str> = inc
            .timeline
            .iter()
            .filter_map(|e| e.by.as_deref().map(|p| (e.at, p)))
            .collect();
        // The value that lost a merge was written with an event of its own, still in the
        // timeline, at its stamp's time.
        let lost = inc.conflicts().map(|(_, _, _, stamp)| stamp);
        let stamps = inc
            .stamps
            .values()
            .chain(inc.action_items.iter().flat_map(|a| a.stamps.values()))
            .chain(lost);
        for s in stamps {
            if let Some(p) = by_time.get(&s.at) {
                for device in [s.device.as_str(), browser(&s.device)] {
                    self.by_device
                        .entry(device.to_owned())
                        .or_insert_with(|| (*p).to_owned());
                }
            }
        }
    }

    fn name(&self, stamp: &Stamp, incident: Option<&Incident>, settings: &Settings) -> String {
        if *stamp == unstamped() {
            return "An older copy".to_owned();
        }
        let from_incident = incident.and_then(|i| {
            let mut local = Authors::default();
            local.learn(i);
            local.by_device.get(&stamp.device).cloned()
        });
        let known = from_incident
            .or_else(|| self.by_device.get(&stamp.device).cloned())
            .or_else(|| self.by_device.get(browser(&stamp.device)).cloned());
        match known {
            Some(p) => super::person_name(settings, &p),
            None => "Someone on another device".to_owned(),
        }
    }
}

/// The browser of a tab's device id (`<browser's device>~<tab>`): a person's tabs are theirs.
fn browser(device: &str) -> &str {
    device.split('~').next().unwrap_or(device)
}

/// The conflicts kept on `inc` (its timeline's conflict events), in words.
pub fn of_incident(inc: &Incident, settings: &Settings, authors: &Authors) -> Vec<ConflictView> {
    inc.conflicts()
        .map(|(id, field, value, stamp)| {
            incident_view(id, field, value, stamp, inc, settings, authors)
        })
        .collect()
}

/// One conflict of `inc` in words.
pub fn incident_view(
    id: &str,
    field: &str,
    value: &Value,
    stamp: &Stamp,
    inc: &Incident,
    settings: &Settings,
    authors: &Authors,
) -> ConflictView {
    let cx = Cx {
        settings,
        incident: Some(inc),
        maintenance: false,
    };
    cx.view(id, field, value, stamp, field_value(inc, field), authors)
}

/// The conflicts kept on a maintenance window, in words.
pub fn of_maintenance(
    m: &Maintenance,
    settings: &Settings,
    authors: &Authors,
) -> Vec<ConflictView> {
    let cx = Cx {
        settings,
        incident: None,
        maintenance: true,
    };
    m.conflicts
        .iter()
        .map(|c| {
            let current = field_value(m, &c.field);
            cx.view(&c.id, &c.field, &c.value, &c.stamp, current, authors)
        })
        .collect()
}

/// The conflicts kept on the settings, in words.
pub fn of_settings(settings: &Settings, authors: &Authors) -> Vec<ConflictView> {
    let cx = Cx {
        settings,
        incident: None,
        maintenance: false,
    };
    settings
        .conflicts
        .iter()
        .map(|c| {
            let current = field_value(settings, &c.field);
            cx.view(&c.id, &c.field, &c.value, &c.stamp, current, authors)
        })
        .collect()
}

/// A conflict an import would add, in words, against the merged bundle, with what it is on
/// (the incident's or the window's title, or "Settings").
pub fn of_preview(
    c: &PreviewConflict,
    merged: &Bundle,
    authors: &Authors,
) -> (String, ConflictView) {
    let settings = &merged.settings;
    let (title, view) = if let Some(id) = c.record.strip_prefix("incident/") {
        match merged.incidents.iter().find(|i| i.id == id) {
            Some(inc) => (
                Some(inc.title.as_str()),
                incident_view("", &c.field, &c.value, &c.stamp, inc, settings, authors),
            ),
            None => (
                None,
                of_value(c, settings, None::<&Settings>, false, authors),
            ),
        }
    } else if let Some(id) = c.record.strip_prefix("maintenance/") {
        let m = merged.maintenances.iter().find(|m| m.id == id);
        (
            m.map(|m| m.title.as_str()),
            of_value(c, settings, m, true, authors),
        )
    } else {
        (
            Some("Settings"),
            of_value(c, settings, Some(settings), false, authors),
        )
    };
    (title.unwrap_or(c.record.as_str()).to_owned(), view)
}

fn of_value<T: serde::Serialize>(
    c: &PreviewConflict,
    settings: &Settings,
    record: Option<&T>,
    maintenance: bool,
    authors: &Authors,
) -> ConflictView {
    let cx = Cx {
        settings,
        incident: None,
        maintenance,
    };
    let current = record.and_then(|r| field_value(r, &c.field));
    cx.view("", &c.field, &c.value, &c.stamp, current, authors)
}

fn gone() -> String {
    "no longer there".to_owned()
}

fn can_take(field: &str, current: Option<&Value>) -> bool {
    current.is_some() && !matches!(parse_key(field), Field::Entry { .. })
}

struct Cx<'a> {
    settings: &'a Settings,
    incident: Option<&'a Incident>,
    /// A maintenance's fields (its components are ids, its updates its own).
    maintenance: bool,
}

impl Cx<'_> {
    fn view(
        &self,
        id: &str,
        field: &str,
        value: &Value,
        stamp: &Stamp,
        current: Option<Value>,
        authors: &Authors,
    ) -> ConflictView {
        let words = |v: &Value| {
            if self.maintenance {
                self.maintenance_words(field, v)
            } else {
                self.words(field, v)
            }
        };
        let (mut theirs, mut now) = (words(value), current.as_ref().map(words));
        // Two versions of a list or a whole (the rollback tree, a template): what differs.
        if let (true, Some(cur)) = (theirs.starts_with(ANOTHER), current.as_ref()) {
            if cur != value {
                let (only_theirs, only_now) = (texts_not_in(value, cur), texts_not_in(cur, value));
                theirs = version(&only_theirs, "another version");
                now = Some(version(&only_now, "the other version"));
            }
        }
        ConflictView {
            id: id.to_owned(),
            what: self.what(field, self.incident),
            who: authors.name(stamp, self.incident, self.settings),
            at: (*stamp != unstamped()).then_some(stamp.at),
            theirs,
            can_take: can_take(field, current.as_ref()),
            agreed: current.as_ref() == Some(value),
            current: now.unwrap_or_else(gone),
        }
    }
}

mod words;

use words::{texts_not_in, version, ANOTHER};
