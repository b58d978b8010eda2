//! Where a stamp key's field is in its record: reading the current value and writing another, on
//! the record's JSON form, by the stamp keys of [`crate::merge`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::stamp_keys as keys;

/// A stamp key (or a conflict's field), parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field<'a> {
    /// A log entry (`timeline/<id>`, `updates/<id>`, `corrections/<id>`): entries are immutable, so the kept one
    /// stays and the other can only be dismissed.
    Entry { log: &'a str, id: &'a str },
    /// A field of an action item of the incident (`action_items/<id>.<field>`).
    ActionItem { id: &'a str, field: &'a str },
    /// A field of a settings record (`components/<id>.name`).
    Record {
        list: &'a str,
        id: &'a str,
        field: &'a str,
    },
    /// Anything else: a field of the record itself (`title`, `roles.scribe`,
    /// `organization.name`, `playbook.rollback_tree`, `tool_links`).
    Plain(&'a str),
}

pub fn parse_key(key: &str) -> Field<'_> {
    if let Some((log, id)) = key.split_once('/') {
        if log == keys::TIMELINE || log == keys::UPDATES || log == keys::CORRECTIONS {
            return Field::Entry { log, id };
        }
        if let Some((id, field)) = id.split_once('.') {
            if log == keys::ACTION_ITEMS {
                return Field::ActionItem { id, field };
            }
            return Field::Record {
                list: log,
                id,
                field,
            };
        }
    }
    Field::Plain(key)
}

/// The JSON pointer segments of a plain field: `roles.scribe` is `roles`, `scribe`.
fn segments(field: &str) -> Vec<&str> {
    field.split('.').collect()
}

/// The fields that are one register together: a status and the time it was reached.
fn composite(field: &str) -> Option<[&'static str; 2]> {
    match field {
        "status" => Some(["status", "resolved_at"]),
        _ => None,
    }
}

fn action_composite(field: &str) -> Option<[&'static str; 2]> {
    match field {
        "status" => Some(["status", "completed_at"]),
        _ => None,
    }
}

fn get_in<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, seg| v.get(seg))
}

fn set_in(v: &mut Value, path: &[&str], new: Value) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = v;
    for seg in parents {
        match cur.get_mut(seg) {
            Some(next) => cur = next,
            None => return false,
        }
    }
    match cur.as_object_mut() {
        Some(o) => {
            o.insert((*last).to_owned(), new);
            true
        }
        None => false,
    }
}

fn get_field(v: &Value, field: &str, pair: Option<[&str; 2]>) -> Option<Value> {
    match pair {
        Some(names) => {
            let mut o = Map::new();
            for n in names {
                o.insert(n.to_owned(), v.get(n).cloned().unwrap_or(Value::Null));
            }
            Some(Value::Object(o))
        }
        None => {
            // A field left out of the JSON (an empty option) is there, as nothing.
            let path = segments(field);
            let (last, parents) = path.split_last()?;
            let parent = get_in(v, parents)?.as_object()?;
            Some(parent.get(*last).cloned().unwrap_or(Value::Null))
        }
    }
}

fn set_field(v: &mut Value, field: &str, pair: Option<[&str; 2]>, new: Value) -> bool {
    match pair {
        Some(names) => names.iter().all(|n| match new.get(n) {
            Some(x) => set_in(v, &[n], x.clone()),
            None => false,
        }),
        None => set_in(v, &segments(field), new),
    }
}

/// The element of the array `list` of `v` whose `id` is `id`.
fn element_mut<'v>(v: &'v mut Value, list: &str, id: &str) -> Option<&'v mut Value> {
    v.get_mut(list)?
        .as_array_mut()?
        .iter_mut()
        .find(|x| x.get("id").and_then(Value::as_str) == Some(id))
}

fn element<'v>(v: &'v Value, list: &str, id: &str) -> Option<&'v Value> {
    v.get(list)?
        .as_array()?
        .iter()
        .find(|x| x.get("id").and_then(Value::as_str) == Some(id))
}

/// The current value of `key` in `record` (`None` when the record has no such field or entry,
/// for example a component removed since).
pub fn field_value<T: Serialize>(record: &T, key: &str) -> Option<Value> {
    let v = serde_json::to_value(record).ok()?;
    match parse_key(key) {
        Field::Entry { log, id } => element(&v, log, id).cloned(),
        Field::ActionItem { id, field } => get_field(
            element(&v, keys::ACTION_ITEMS, id)?,
            field,
            action_composite(field),
        ),
        Field::Record { list, id, field } => get_field(element(&v, list, id)?, field, None),
        Field::Plain(field) => get_field(&v, field, composite(field)),
    }
}

/// `record` with `key` set to `value`, or why not. Log entries are never rewritten.
pub fn with_field_value<T: Serialize + DeserializeOwned>(
    record: &T,
    key: &str,
    value: &Value,
) -> Result<T, String> {
    let mut v = serde_json::to_value(record).map_err(|e| e.to_string())?;
    let done = match parse_key(key) {
        Field::Entry { .. } => false,
        Field::ActionItem { id, field } => element_mut(&mut v, keys::ACTION_ITEMS, id)
            .is_some_and(|x| set_field(x, field, action_composite(field), value.clone())),
        Field::Record { list, id, field } => {
            element_mut(&mut v, list, id).is_some_and(|x| set_field(x, field, None, value.clone()))
        }
        Field::Plain(field) => set_field(&mut v, field, composite(field), value.clone()),
    };
    if !done {
        return Err("that field is not in this record any more".to_owned());
    }
    serde_json::from_value(v).map_err(|e| format!("the other value does not fit this field: {e}"))
}
