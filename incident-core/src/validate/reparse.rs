//! A bundle read again after its file changed (`site-gen serve`): the incidents whose text is
//! byte for byte what it was are taken from the last parse, and only the others are parsed. At
//! 10,000 incidents a whole parse is most of a rebuild; one new update changes one incident.
//!
//! The result is always what [`parse_bundle`](super::parse_bundle) gives for the new text
//! (tested): the same JSON text parses to the same incident, and whatever the walk below does
//! not understand (another version, a shape problem, keys twice) is parsed whole instead.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::bundle::{Bundle, FORMAT, SCHEMA_VERSION};
use crate::model::Incident;

use super::parse::{parse_located, parse_typed_spans};
use super::{checked, checked_but, Problem};

/// A parsed bundle with the text it was parsed from.
#[derive(Debug)]
pub struct Parsed {
    text: String,
    /// Where each incident's text is in `text`, in the bundle's order; `None` when the bundle
    /// was migrated from an older version (its text says nothing about the incidents).
    spans: Option<Vec<Range<usize>>>,
    bundle: Bundle,
}

impl Parsed {
    /// Parses `text` whole, as [`parse_bundle`](super::parse_bundle) does.
    pub fn new(text: String) -> Result<Parsed, Vec<Problem>> {
        match parse_typed_spans(&text) {
            Some((bundle, spans)) => Ok(Parsed {
                bundle: checked(bundle)?,
                spans: Some(spans),
                text,
            }),
            None => Ok(Parsed {
                bundle: parse_located(&text)?,
                spans: None,
                text,
            }),
        }
    }

    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// How long its text is, in bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The bundle of `text`, the next version of this one's file: incidents whose text did not
    /// change are taken from this parse.
    pub fn reparse(self, text: String) -> Result<Reparsed, Vec<Problem>> {
        if text == self.text {
            return Ok(Reparsed {
                reused: vec![true; self.bundle.incidents.len()],
                parsed: Parsed {
                    text,
                    spans: self.spans,
                    bundle: self.bundle,
                },
                parsed_incidents: 0,
                old_text: self.text,
            });
        }
        let whole = |text: String, old_text: String| {
            Parsed::new(text).map(|parsed| Reparsed {
                parsed_incidents: parsed.bundle.incidents.len(),
                reused: Vec::new(),
                parsed,
                old_text,
            })
        };
        let Some(spans) = &self.spans else {
            return whole(text, self.text);
        };
        let mut old: Vec<Option<Incident>> = self.bundle.incidents.into_iter().map(Some).collect();
        let walked = Walk {
            old_text: &self.text,
            old_spans: spans,
            old: &mut old,
            ids: None,
        }
        .bundle(&text);
        drop(old);
        match walked {
            Some((bundle, spans, reused)) => Ok(Reparsed {
                parsed_incidents: reused.iter().filter(|r| !**r).count(),
                parsed: Parsed {
                    // An incident taken from the last parse passed its own checks then; with
                    // the same settings (all those checks read besides it) it passes again.
                    bundle: if bundle.settings == self.bundle.settings {
                        checked_but(bundle, &reused)?
                    } else {
                        checked(bundle)?
                    },
                    spans: Some(spans),
                    text,
                },
                old_text: self.text,
                reused,
            }),
            None => whole(text, self.text),
        }
    }
}

/// What [`Parsed::reparse`] gives.
#[derive(Debug)]
pub struct Reparsed {
    pub parsed: Parsed,
    /// How many incidents were parsed again (every one, when the walk could not be used).
    pub parsed_incidents: usize,
    /// For each incident of the bundle, whether it was taken from the last parse: the same text
    /// as an incident of the same id there (empty when the text was parsed whole).
    pub reused: Vec<bool>,
    /// The old text, whose memory a caller may read the next version into.
    pub old_text: String,
}

/// The new text read against the old one.
struct Walk<'o> {
    old_text: &'o str,
    old_spans: &'o [Range<usize>],
    old: &'o mut Vec<Option<Incident>>,
    /// Each old incident's place by id, made at the first incident whose text changed.
    ids: Option<HashMap<String, usize>>,
}

/// A position in the new text.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn space(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The next byte after any white space, consumed.
    fn next(&mut self) -> Option<u8> {
        self.space();
        let b = *self.text.as_bytes().get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.text.as_bytes().get(self.pos).copied()
    }

    /// One JSON value, read as `T`.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        self.space();
        let rest = self.text.get(self.pos..)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = values.next()?.ok()?;
        self.pos += values.byte_offset();
        Some(value)
    }
}

/// The top-level keys of a bundle other than `incidents`.
const FIELDS: [&str; 8] = [
    "format",
    "schema_version",
    "exported_at",
    "device_id",
    "sample",
    "settings",
    "maintenances",
    "tombstones",
];

/// How many old incidents past the expected one are tried before an incident is parsed.
const LOOK_AHEAD: usize = 16;

/// The bundle, each incident's place in the text, and whether each was taken from the old parse.
type Walked = (Bundle, Vec<Range<usize>>, Vec<bool>);
/// The incidents, their places in the text, and whether each was taken from the old parse.
type Incidents = (Vec<Incident>, Vec<Range<usize>>, Vec<bool>);

impl Walk<'_> {
    /// The bundle of `text`, its incidents' places and which were taken from the old parse;
    /// `None` for anything a whole parse should read.
    fn bundle(mut self, text: &str) -> Option<Walked> {
        let mut c = Cursor { text, pos: 0 };
        if c.next()? != b'{' {
            return None;
        }
        let mut fields: HashMap<&str, &RawValue> = HashMap::new();
        let mut incidents = None;
        if c.peek()? == b'}' {
            return None;
        }
        loop {
            let key: String = c.value()?;
            if c.next()? != b':' {
                return None;
            }
            if key == "incidents" {
                if incidents.is_some() {
                    return None;
                }
                incidents = Some(self.incidents(&mut c)?);
            } else if let Some(name) = FIELDS.iter().find(|f| **f == key) {
                if fields.insert(*name, c.value::<&RawValue>()?).is_some() {
                    return None;
                }
            } else {
                c.value::<serde::de::IgnoredAny>()?;
            }
            match c.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        c.space();
        if c.pos != text.len() {
            return None;
        }
        let (incidents, spans, reused) = incidents?;
        let field = |name: &str| fields.get(name).map(|raw| raw.get());
        fn read<'t, T: Deserialize<'t>>(raw: Option<&'t str>) -> Option<T> {
            serde_json::from_str(raw?).ok()
        }
        let bundle = Bundle {
            format: read(field("format"))?,
            schema_version: read(field("schema_version"))?,
            exported_at: read(field("exported_at"))?,
            device_id: read(field("device_id"))?,
            sample: match field("sample") {
                Some(raw) => serde_json::from_str(raw).ok()?,
                None => false,
            },
            settings: read(field("settings"))?,
            incidents,
            maintenances: read(field("maintenances"))?,
            tombstones: read(field("tombstones"))?,
        };
        (bundle.format == FORMAT && bundle.schema_version == SCHEMA_VERSION)
            .then_some((bundle, spans, reused))
    }

    /// The incidents array: each incident whose text is the next old one's is taken from the
    /// old parse, any other is parsed.
    fn incidents(&mut self, c: &mut Cursor<'_>) -> Option<Incidents> {
        if c.next()? != b'[' {
            return None;
        }
        let (mut incidents, mut spans, mut reused) = (Vec::new(), Vec::new(), Vec::new());
        if c.peek()? == b']' {
            c.pos += 1;
            return Some((incidents, spans, reused));
        }
        // The next old incident expected.
        let mut k = 0;
        let new = c.text.as_bytes();
        loop {
            c.space();
            let start = c.pos;
            // The next old one, or one a little further on (the ones between removed).
            let same = (k..(k + LOOK_AHEAD).min(self.old_spans.len())).find(|&j| {
                let r = &self.old_spans[j];
                new.get(start..start + r.len()) == self.old_text.as_bytes().get(r.clone())
            });
            if let Some(j) = same {
                incidents.push(self.old.get_mut(j)?.take()?);
                c.pos += self.old_spans[j].len();
                k = j + 1;
                reused.push(true);
            } else {
                let incident: Incident = c.value()?;
                reused.push(false);
                // Changed, added, or the old ones before it removed: go on after its old self.
                if let Some(&j) = self.ids().get(&incident.id) {
                    k = k.max(j + 1);
                }
                incidents.push(incident);
            }
            spans.push(start..c.pos);
            match c.next()? {
                b',' => continue,
                b']' => break,
                _ => return None,
            }
        }
        Some((incidents, spans, reused))
    }

    fn ids(&mut self) -> &HashMap<String, usize> {
        let old = &*self.old;
        self.ids.get_or_insert_with(|| {
            old.iter()
                .enumerate()
                .filter_map(|(n, i)| i.as_ref().map(|i| (i.id.clone(), n)))
                .collect()
        })
    }
}
