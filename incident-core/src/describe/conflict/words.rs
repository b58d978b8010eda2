//! The words of a conflict: the field named, a value said (people, components, statuses,
//! times, timeline entries and updates in words; two versions of a list by what differs).

use serde_json::Value;

use super::Cx;
use crate::merge::{parse_key, Field};
use crate::model::{
    ActionStatus, AffectedComponent, DetectionSource, Event, Incident, IncidentStatus,
    MaintenanceUpdate, Priority, Severity, StatusUpdate,
};
use crate::stamp_keys as keys;
use crate::time::Timestamp;
use crate::vocabulary::Role;

impl Cx<'_> {
    /// The field, named for a person.
    pub(super) fn what(&self, field: &str, inc: Option<&Incident>) -> String {
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

    pub(super) fn record_name(&self, list: &str, id: &str) -> (&'static str, String) {
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
    pub(super) fn words(&self, field: &str, v: &Value) -> String {
        let s = self.settings;
        let last = match parse_key(field) {
            Field::Entry { log, .. } if log == keys::TIMELINE => {
                return match (serde_json::from_value::<Event>(v.clone()), self.incident) {
                    (Ok(e), Some(inc)) => format!(
                        "\u{201c}{}\u{201d} ({})",
                        crate::describe::event(&e, inc, s),
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
                .map_or_else(|| plain(v), |p| crate::describe::person_name(s, p)),
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
    pub(super) fn maintenance_words(&self, field: &str, v: &Value) -> String {
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

pub(super) const ANOTHER: &str = "another version";

/// The texts (and named numbers) of `a` that `b` does not have, in order.
pub(super) fn texts_not_in(a: &Value, b: &Value) -> Vec<String> {
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
pub(super) fn version(own: &[String], plain: &str) -> String {
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
