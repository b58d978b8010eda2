//! Reading an [`EventKind`] without buffering it.
//!
//! The derived reader of an internally tagged enum (`"type"` beside the fields) first copies the
//! whole object into serde's buffer, because the tag may come anywhere; then reads the variant
//! from that copy. Timelines are most of a workspace, so this was most of the time spent reading
//! one (a third of `site-gen build`'s parsing at 10,000 incidents, and the same share of the
//! workspace's import and opening). Every writer of ours puts `"type"` first (the derived
//! `Serialize`), so this reader takes the tag when it comes first and reads the variant's fields
//! straight from the input. Anything else (the tag later, as a hand-written file or a `Value`
//! with sorted keys may have it) is collected into a JSON object first and read from there, as
//! before. What is accepted and the messages for what is not stay those of the derived reader
//! (tested), with two exceptions: a repeated `"type"` key after the first is ignored like any
//! unknown key, and the array form serde also allowed (`["note", …]`) is refused.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::{AffectedComponent, EventKind, IncidentStatus, Role, Severity, Stamp};

/// The variant names, as the tag spells them.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Declared,
    Acknowledged,
    SeverityChanged,
    StatusChanged,
    RoleAssigned,
    UpdatePosted,
    ChecklistItemDone,
    ChecklistItemUndone,
    EscalationEngaged,
    Paged,
    Decision,
    Note,
    ComponentsChanged,
    Reopened,
    PostmortemPublished,
    Notified,
    NotifiedUndone,
    Conflict,
}

/// Reads the variant's fields (the rest of the object) from `d` into `EventKind::$variant`.
macro_rules! fields {
    ($d:expr, $variant:ident { $($field:ident : $ty:ty),* }) => {{
        #[derive(Deserialize)]
        struct Fields {
            $($field: $ty),*
        }
        let Fields { $($field),* } = Fields::deserialize($d)?;
        EventKind::$variant { $($field),* }
    }};
    ($d:expr, $variant:ident) => {{
        #[derive(Deserialize)]
        struct Fields {}
        let Fields {} = Fields::deserialize($d)?;
        EventKind::$variant
    }};
}

/// The variant `tag` names, its fields read from `d` (an object without the tag, or the rest
/// of one). One line a kind: the fields as `EventKind` declares them.
#[rustfmt::skip]
fn variant<'de, D: Deserializer<'de>>(tag: Tag, d: D) -> Result<EventKind, D::Error> {
    Ok(match tag {
        Tag::Declared => fields!(d, Declared { severity: Severity }),
        Tag::Acknowledged => fields!(d, Acknowledged),
        Tag::SeverityChanged => fields!(d, SeverityChanged { from: Severity, to: Severity }),
        Tag::StatusChanged => fields!(d, StatusChanged { from: IncidentStatus, to: IncidentStatus }),
        Tag::RoleAssigned => fields!(d, RoleAssigned { role: Role, person: Option<String> }),
        Tag::UpdatePosted => fields!(d, UpdatePosted { update: String, public: bool }),
        Tag::ChecklistItemDone => fields!(d, ChecklistItemDone { checklist: String, item: String }),
        Tag::ChecklistItemUndone => fields!(d, ChecklistItemUndone { checklist: String, item: String }),
        Tag::EscalationEngaged => fields!(d, EscalationEngaged { level: String, person: Option<String> }),
        Tag::Paged => fields!(d, Paged { target: String, message: String }),
        Tag::Decision => fields!(d, Decision { text: String, outcome: Option<String> }),
        Tag::Note => fields!(d, Note { text: String }),
        Tag::ComponentsChanged => fields!(d, ComponentsChanged { components: Vec<AffectedComponent> }),
        Tag::Reopened => fields!(d, Reopened { reason: String }),
        Tag::PostmortemPublished => fields!(d, PostmortemPublished),
        Tag::Notified => fields!(d, Notified { who: String }),
        Tag::NotifiedUndone => fields!(d, NotifiedUndone { who: String }),
        Tag::Conflict => fields!(d, Conflict { field: String, value: Box<serde_json::Value>, stamp: Box<Stamp> }),
    })
}

/// The first key of the object: the tag, or another key (kept, for the slow path).
enum FirstKey {
    Tag,
    Other(String),
}

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = FirstKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
                Ok(if key == "type" {
                    FirstKey::Tag
                } else {
                    FirstKey::Other(key.to_owned())
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = EventKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("internally tagged enum EventKind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventKind, A::Error> {
        match map.next_key::<FirstKey>()? {
            None => Err(de::Error::missing_field("type")),
            Some(FirstKey::Tag) => {
                let tag: Tag = map.next_value()?;
                variant(tag, MapAccessDeserializer::new(map))
            }
            Some(FirstKey::Other(key)) => {
                let mut object = serde_json::Map::new();
                object.insert(key, map.next_value()?);
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    object.insert(k, v);
                }
                let tag = object
                    .remove("type")
                    .ok_or_else(|| de::Error::missing_field("type"))?;
                let tag = Tag::deserialize(tag).map_err(de::Error::custom)?;
                variant(tag, serde_json::Value::Object(object)).map_err(de::Error::custom)
            }
        }
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(KindVisitor)
    }
}

#[cfg(test)]
mod tests;
