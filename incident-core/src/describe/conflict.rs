//! Conflicts in words a person can act on: which field of what (named as the settings name it),
//! who wrote the other value and when, that value and the current one, with people, components
//! and timeline entries named instead of ids. The incident page, the maintenance screen, Settings
//! and the import preview all show these; [`crate::conflict`] settles them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::bundle::Bundle;
use crate::merge::{field_value, parse_key, unstamped, Field, PreviewConflict};
use crate::model::{
    ActionStatus, AffectedComponent, DetectionSource, Event, EventKind, Incident, IncidentStatus,
    Maintenance, MaintenanceUpdate, Priority, Settings, Severity, Stamp, StatusUpdate,
};
use crate::stamp_keys as keys;
use crate::time::Timestamp;
use crate::vocabulary::Role;

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
        let lost = inc.timeline.iter().filter_map(|e| match &e.kind {
            EventKind::Conflict { stamp, .. } => Some(stamp),
            _ => None,
        });
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
    inc.timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Conflict {
                field,
                value,
                stamp,
            } => Some(incident_view(
                &e.id, field, value, stamp, inc, settings, authors,
            )),
            _ => None,
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

    /// The field, named for a person.
    fn what(&self, field: &str, inc: Option<&Incident>) -> String {
        match parse_key(field) {
            Field::Entry { log, .. } if log == keys::TIMELINE => "a timeline entry".to_owned(),
            Field::Entry { .. } if inc.is_some() => "a status update".to_owned(),
            Field::Entry { .. } => "an update".to_owned(),
            Field::ActionItem { id, field } => {
                let name = inc
                    .and_then(|i| i.action_items.iter().find(|a| a.id == id))
                    .map_or_else(|| id.to_owned(), |a| clip(&a.action, 60));
                format!("action item \u{201c}{name}\u{201d}'s {}", field_name(field))
            }
            Field::Record { list, id, field } => {
                let (kind, name) = self.record_name(list, id);
                format!("{kind} \u{201c}{name}\u{201d}'s {}", field_name(field))
            }
            Field::Plain(field) => plain_name(field, inc.is_some()),
        }
    }

    fn record_name(&self, list: &str, id: &str) -> (&'static str, String) {
        let s = self.settings;
        let found = |name: Option<&String>| name.cloned().unwrap_or_else(|| id.to_owned());
        match list {
            keys::COMPONENTS => ("component", found(s.component(id).map(|c| &c.name))),
            keys::COMPONENT_GROUPS => (
                "group",
                found(
                    s.component_groups
                        .iter()
                        .find(|g| g.id == id)
                        .map(|g| &g.name),
                ),
            ),
            keys::PEOPLE => ("person", found(s.person(id).map(|p| &p.name))),
            keys::ONCALL_SCHEDULES => (
                "on-call schedule",
                found(
                    s.oncall_schedules
                        .iter()
                        .find(|o| o.id == id)
                        .map(|o| &o.name),
                ),
            ),
            _ => ("record", id.to_owned()),
        }
    }

    /// A value of `field`, in words.
    fn words(&self, field: &str, v: &Value) -> String {
        let s = self.settings;
        let last = match parse_key(field) {
            Field::Entry { log, .. } if log == keys::TIMELINE => {
                return match (serde_json::from_value::<Event>(v.clone()), self.incident) {
                    (Ok(e), Some(inc)) => format!(
                        "\u{201c}{}\u{201d} ({})",
                        super::event(&e, inc, s),
                        e.at.utc_minute()
                    ),
                    _ => plain(v),
                };
            }
            Field::Entry { .. } => {
                return serde_json::from_value::<StatusUpdate>(v.clone()).map_or_else(
                    |_| plain(v),
                    |u| {
                        let kind = if u.public { "public" } else { "internal" };
                        format!("\u{201c}{}\u{201d} ({kind})", clip(&u.message, 120))
                    },
                );
            }
            Field::ActionItem { field, .. } => field,
            Field::Record { field, .. } => field,
            Field::Plain(field) => field.rsplit('.').next().unwrap_or(field),
        };
        if v.is_null() {
            return "nothing".to_owned();
        }
        let role_or_owner = field.starts_with("roles.") || last == keys::OWNER;
        match last {
            _ if role_or_owner => v
                .as_str()
                .map_or_else(|| plain(v), |p| super::person_name(s, p)),
            keys::SEVERITY => label::<Severity>(v, Severity::label),
            keys::STATUS => match v.get("status") {
                Some(st) if v.get("completed_at").is_some() => {
                    label::<ActionStatus>(st, ActionStatus::label)
                }
                Some(st) => label::<IncidentStatus>(st, IncidentStatus::label),
                None => plain(v),
            },
            keys::DETECTION => label::<DetectionSource>(v, DetectionSource::label),
            keys::PRIORITY => label::<Priority>(v, Priority::label),
            keys::COMPONENTS => serde_json::from_value::<Vec<AffectedComponent>>(v.clone())
                .map_or_else(
                    |_| plain(v),
                    |list| {
                        let names: Vec<String> = list
                            .iter()
                            .map(|c| {
                                format!("{} ({})", self.component(&c.component), c.impact.label())
                            })
                            .collect();
                        none_or(names)
                    },
                ),
            keys::DRILL => match v.as_bool() {
                Some(true) => "a drill".to_owned(),
                Some(false) => "not a drill".to_owned(),
                None => plain(v),
            },
            keys::POSTMORTEM => {
                let text = v.get("markdown").and_then(Value::as_str).unwrap_or("");
                let published = v.get("published").and_then(Value::as_bool) == Some(true);
                format!(
                    "a {} version of {} words",
                    if published { "published" } else { "draft" },
                    text.split_whitespace().count()
                )
            }
            "group" => v.as_str().map_or_else(
                || plain(v),
                |g| self.record_name(keys::COMPONENT_GROUPS, g).1,
            ),
            keys::TOOL_LINKS => v.as_array().map_or_else(
                || plain(v),
                |links| {
                    none_or(
                        links
                            .iter()
                            .filter_map(|l| l.get("name").and_then(Value::as_str))
                            .map(str::to_owned)
                            .collect(),
                    )
                },
            ),
            _ if is_time(last) => serde_json::from_value::<Timestamp>(v.clone())
                .map_or_else(|_| plain(v), Timestamp::utc_minute),
            _ => plain(v),
        }
    }

    /// A maintenance's value in words (its components are ids, its updates are its own).
    fn maintenance_words(&self, field: &str, v: &Value) -> String {
        match parse_key(field) {
            Field::Entry { .. } => serde_json::from_value::<MaintenanceUpdate>(v.clone())
                .map_or_else(
                    |_| plain(v),
                    |u| {
                        format!(
                            "\u{201c}{}\u{201d} ({})",
                            clip(&u.message, 120),
                            crate::maintenance::label(u.status)
                        )
                    },
                ),
            Field::Plain(keys::COMPONENTS) => v.as_array().map_or_else(
                || plain(v),
                |ids| {
                    none_or(
                        ids.iter()
                            .filter_map(Value::as_str)
                            .map(|c| self.component(c))
                            .collect(),
                    )
                },
            ),
            _ => self.words(field, v),
        }
    }

    fn component(&self, id: &str) -> String {
        self.settings
            .component(id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    }
}

const ANOTHER: &str = "another version";

/// The texts (and named numbers) of `a` that `b` does not have, in order.
fn texts_not_in(a: &Value, b: &Value) -> Vec<String> {
    fn leaves(v: &Value, key: &str, out: &mut Vec<String>) {
        match v {
            Value::String(s) if !s.trim().is_empty() => out.push(clip(s, 80)),
            Value::Number(n) => out.push(format!("{} {n}", key.replace('_', " "))),
            Value::Array(xs) => xs.iter().for_each(|x| leaves(x, key, out)),
            Value::Object(o) => o.iter().for_each(|(k, x)| leaves(x, k, out)),
            _ => {}
        }
    }
    let (mut xa, mut xb) = (Vec::new(), Vec::new());
    leaves(a, "", &mut xa);
    leaves(b, "", &mut xb);
    let mut out: Vec<String> = Vec::new();
    for x in xa {
        if !xb.contains(&x) && !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// "another version, with “A”, “B” and 2 more", or `plain` when nothing is its own.
fn version(own: &[String], plain: &str) -> String {
    if own.is_empty() {
        return format!("{plain}, with nothing the other lacks");
    }
    let shown: Vec<String> = own
        .iter()
        .take(3)
        .map(|t| format!("\u{201c}{t}\u{201d}"))
        .collect();
    let more = match own.len().saturating_sub(3) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("{plain}, with {}{more}", shown.join(", "))
}

fn is_time(field: &str) -> bool {
    field.ends_with("_at") || field == keys::SCHEDULED_START || field == keys::SCHEDULED_END
}

fn label<T: serde::de::DeserializeOwned>(v: &Value, f: fn(T) -> &'static str) -> String {
    serde_json::from_value::<T>(v.clone()).map_or_else(|_| plain(v), |x| f(x).to_owned())
}

fn none_or(names: Vec<String>) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// A value without a special meaning: text quoted, a list counted, a number as it is.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => "nothing".to_owned(),
        Value::String(s) => format!("\u{201c}{}\u{201d}", clip(s, 120)),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(xs) => match xs.len() {
            0 => "an empty list".to_owned(),
            1 => "another version (1 entry)".to_owned(),
            n => format!("another version ({n} entries)"),
        },
        Value::Object(_) => "another version".to_owned(),
    }
}

fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}\u{2026}", &s[..i]),
        None => s.to_owned(),
    }
}

fn field_name(field: &str) -> String {
    match field {
        "url" => "address".to_owned(),
        "escalation_levels" => "escalation levels".to_owned(),
        other => other.replace('_', " "),
    }
}

/// A field of an incident, a maintenance or the settings, named.
fn plain_name(field: &str, incident: bool) -> String {
    let role = [
        Role::IncidentCommander,
        Role::TechnicalLead,
        Role::CommunicationsLead,
        Role::Scribe,
    ]
    .into_iter()
    .find(|r| keys::role(*r) == field);
    if let Some(r) = role {
        return format!("the {}", r.label());
    }
    let named = match field {
        keys::TITLE => "the title",
        keys::SEVERITY => "the severity",
        keys::STATUS => "the status",
        keys::DRILL => "whether it is a drill",
        keys::COMPONENTS if incident => "the affected components",
        keys::COMPONENTS => "the components it affects",
        keys::DETECTION => "how it was detected",
        keys::STARTED_AT => "when it started",
        keys::DETECTED_AT => "when it was detected",
        keys::DECLARED_AT => "when it was declared",
        keys::ACKNOWLEDGED_AT => "when it was acknowledged",
        keys::POSTMORTEM => "the post-mortem",
        keys::SCHEDULED_START => "the window's start",
        keys::SCHEDULED_END => "the window's end",
        keys::ORGANIZATION_NAME => "the organization's name",
        keys::ORGANIZATION_STATUS_PAGE_URL => "the status page's address",
        keys::TOOL_LINKS => "the tool links",
        keys::PLAYBOOK_ROLLBACK_TREE => "the playbook's rollback decision tree",
        other => {
            return match other.strip_prefix(keys::PLAYBOOK) {
                Some(f) => format!("the playbook's {}", f.replace('_', " ")),
                None => format!("the {}", other.replace(['_', '.'], " ")),
            }
        }
    };
    named.to_owned()
}
