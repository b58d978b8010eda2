//! Parsing: JSON text to a typed bundle, migrating older schema versions, and locating every
//! problem of shape with its JSON path.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::bundle::{reads_as_current, Bundle, FORMAT, SCHEMA_VERSION};
use crate::model::{Incident, Maintenance, Settings, Tombstone};
use crate::time::Timestamp;

use super::checks::check_all;
use super::{checked, Problem, MAX_PROBLEMS};

/// The slow path: through a `Value`, migrated, every structural problem located.
pub(super) fn parse_located(text: &str) -> Result<Bundle, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![json_syntax_problem(&e)])?;
    let value = migrate(value)?;
    checked(deserialize_bundle(&value)?)
}

/// `Bundle` with the incidents not yet parsed; its fields must match `Bundle`'s exactly, which
/// the struct literal in [`Envelope::with`] enforces in one direction and the tests in the other.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Envelope<'a> {
    format: String,
    schema_version: u32,
    exported_at: Timestamp,
    device_id: String,
    #[serde(default)]
    sample: bool,
    settings: Settings,
    #[serde(borrow)]
    incidents: Vec<&'a RawValue>,
    maintenances: Vec<Maintenance>,
    tombstones: Vec<Tombstone>,
}

impl Envelope<'_> {
    /// Reads the envelope of a current-version bundle; `None` for anything else.
    fn read(text: &str) -> Option<Envelope<'_>> {
        serde_json::from_str::<Envelope>(text)
            .ok()
            .filter(|e| reads_as_current(&e.format, e.schema_version))
    }

    fn with(self, incidents: Vec<Incident>) -> Bundle {
        Bundle {
            format: self.format,
            schema_version: SCHEMA_VERSION,
            exported_at: self.exported_at,
            device_id: self.device_id,
            sample: self.sample,
            settings: self.settings,
            incidents,
            maintenances: self.maintenances,
            tombstones: self.tombstones,
        }
    }
}

/// The bundle straight into the types, or `None` if it does not fit them (or is of another
/// version).
#[cfg(not(feature = "parallel"))]
pub(super) fn parse_typed(text: &str) -> Option<Bundle> {
    serde_json::from_str::<Bundle>(text)
        .ok()
        .and_then(crate::bundle::as_current)
}

/// The bundle straight into the types, the incidents parsed on every core: the envelope is read
/// with each incident kept as raw text, then the incidents are parsed in parallel. Gives the
/// same result as parsing a [`Bundle`] (tested), in about half the time on two cores.
#[cfg(feature = "parallel")]
pub(super) fn parse_typed(text: &str) -> Option<Bundle> {
    parse_typed_spans(text).map(|(bundle, _)| bundle)
}

/// [`parse_typed`], also saying where each incident's text is in `text` (byte ranges, in the
/// bundle's order): what [`super::Parsed`] compares the next version of a file with.
pub(super) fn parse_typed_spans(text: &str) -> Option<(Bundle, Vec<std::ops::Range<usize>>)> {
    let e = Envelope::read(text)?;
    let spans = e
        .incidents
        .iter()
        .map(|raw| {
            let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            start..start + raw.get().len()
        })
        .collect();
    #[cfg(feature = "parallel")]
    let incidents = {
        use rayon::prelude::*;
        e.incidents
            .par_iter()
            .map(|raw| serde_json::from_str::<Incident>(raw.get()))
            .collect::<Result<Vec<_>, _>>()
            .ok()?
    };
    #[cfg(not(feature = "parallel"))]
    let incidents = e
        .incidents
        .iter()
        .map(|raw| serde_json::from_str::<Incident>(raw.get()))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some((e.with(incidents), spans))
}

/// [`parse_bundle`](super::parse_bundle) a batch of incidents at a time, for a caller that
/// must let a page answer between batches (a 60 MB import). Gives exactly what `parse_bundle`
/// gives (tested): the envelope is read first with each incident kept as raw text; [`step`](BundleParser::step)
/// parses the next incidents; [`finish`](BundleParser::finish) checks the bundle, or, if
/// anything did not fit the types, takes the located path that says what and where.
#[derive(Debug)]
pub struct BundleParser<'a> {
    text: &'a str,
    /// `None` once the fast path is known not to apply.
    envelope: Option<Envelope<'a>>,
    incidents: Vec<Incident>,
}

impl<'a> BundleParser<'a> {
    pub fn new(text: &'a str) -> BundleParser<'a> {
        let envelope = Envelope::read(text);
        let incidents = Vec::with_capacity(envelope.as_ref().map_or(0, |e| e.incidents.len()));
        BundleParser {
            text,
            envelope,
            incidents,
        }
    }

    /// Incidents not yet parsed.
    pub fn remaining(&self) -> usize {
        self.envelope
            .as_ref()
            .map_or(0, |e| e.incidents.len() - self.incidents.len())
    }

    /// Parses up to `batch` more incidents; `false` once none are left.
    pub fn step(&mut self, batch: usize) -> bool {
        let Some(e) = &self.envelope else {
            return false;
        };
        let start = self.incidents.len();
        let end = (start + batch.max(1)).min(e.incidents.len());
        for raw in &e.incidents[start..end] {
            match serde_json::from_str::<Incident>(raw.get()) {
                Ok(incident) => self.incidents.push(incident),
                Err(_) => {
                    self.envelope = None;
                    return false;
                }
            }
        }
        end < e.incidents.len()
    }

    /// The bundle, with any incidents not yet stepped parsed now, or every problem found.
    pub fn finish(self) -> Result<Bundle, Vec<Problem>> {
        let text = self.text;
        self.finish_current().unwrap_or_else(|| parse_located(text))
    }

    /// [`finish`](BundleParser::finish) for a bundle of the current version whose every record
    /// fits the types: the bundle checked, or its semantic problems. `None` when the file needs
    /// the located path (another version to migrate, or something that did not fit, to be said
    /// with its place): a caller that never calls `finish` leaves that path, and the second
    /// copy of every record's deserializer it brings, out of its binary (the workspace's wasm
    /// asks its site worker for it).
    pub fn finish_current(mut self) -> Option<Result<Bundle, Vec<Problem>>> {
        while self.step(1000) {}
        match self.envelope {
            Some(e) if e.incidents.len() == self.incidents.len() => {
                Some(checked(e.with(self.incidents)))
            }
            _ => None,
        }
    }
}

pub(super) fn json_syntax_problem(e: &serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    let message = match e.classify() {
        Category::Eof => format!(
            "the file ends unexpectedly at {at}: it looks truncated, so nothing in it was read"
        ),
        Category::Syntax => format!("not valid JSON at {at}: {e}"),
        Category::Data | Category::Io => format!("could not be read at {at}: {e}"),
    };
    Problem::new("$", message)
}

/// Brings a bundle of any released schema version up to [`SCHEMA_VERSION`]. Refuses a bundle that
/// is not a bundle at all, or that was written by a newer version.
pub fn migrate(value: Value) -> Result<Value, Vec<Problem>> {
    let Value::Object(obj) = &value else {
        return Err(vec![Problem::new(
            "$",
            format!(
                "expected a JSON object (a Cygni incident bundle), found {}",
                kind_of(&value)
            ),
        )]);
    };
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(vec![Problem::new(
                "$.format",
                format!("this is not a Cygni incident bundle: format is {other}, expected \"{FORMAT}\""),
            )])
        }
        None => {
            return Err(vec![Problem::new(
                "$.format",
                format!("this is not a Cygni incident bundle: the field \"format\" is missing (expected \"{FORMAT}\")"),
            )])
        }
    }
    let version = match obj.get("schema_version") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(_) => None,
        None => {
            return Err(vec![Problem::new(
                "$.schema_version",
                "the field \"schema_version\" is missing",
            )])
        }
    };
    match version {
        Some(v) if v == u64::from(SCHEMA_VERSION) => Ok(value),
        Some(1) => Ok(from_v5(from_v4(from_v3(from_v2(from_v1(value)))))),
        Some(2) => Ok(from_v5(from_v4(from_v3(from_v2(value))))),
        Some(3) => Ok(from_v5(from_v4(from_v3(value)))),
        Some(4) => Ok(from_v5(from_v4(value))),
        Some(5) => Ok(from_v5(value)),
        Some(v) if v > u64::from(SCHEMA_VERSION) => Err(vec![Problem::new(
            "$.schema_version",
            format!(
                "schema version {v} is newer than this version of Cygni understands (up to {SCHEMA_VERSION}); update Cygni to read this file"
            ),
        )]),
        _ => Err(vec![Problem::new(
            "$.schema_version",
            format!(
                "unknown schema version {}: known versions are 1 to {SCHEMA_VERSION}",
                obj.get("schema_version").map_or_else(String::new, Value::to_string)
            ),
        )]),
    }
}

/// Schema 1 to 2: the envelope says whether the bundle is made-up data (`sample`). Schema 1 had
/// no such field, but its samples are known by their device: `site-gen sample` wrote
/// `sample-<seed>`, and every workspace the app stored under schema 1 began as its first-run
/// sample (device `sample-1`) and kept that device id, so its exports are samples too.
fn from_v1(mut value: Value) -> Value {
    if let Value::Object(obj) = &mut value {
        let sample = obj
            .get("device_id")
            .and_then(Value::as_str)
            .is_some_and(is_v1_sample_device);
        if sample {
            obj.insert("sample".to_owned(), Value::Bool(true));
        }
        obj.insert("schema_version".to_owned(), Value::from(2));
    }
    value
}

/// Schema 2 to 3: an incident gets a public title of its own, apart from the responders' title.
/// One that had already published keeps what the public read (its title, chosen then by
/// publishing it); one that had not gets none, so nothing internal is published by the upgrade.
/// The other schema 3 fields (workaround, corrections, links, an action item's `public`, the
/// internal domains, business hours) start empty, as their defaults say.
fn from_v2(mut value: Value) -> Value {
    if let Value::Object(obj) = &mut value {
        if let Some(Value::Array(incidents)) = obj.get_mut("incidents") {
            for i in incidents.iter_mut().filter_map(Value::as_object_mut) {
                let published = i
                    .get("updates")
                    .and_then(Value::as_array)
                    .is_some_and(|us| {
                        us.iter()
                            .any(|u| u.get("public").and_then(Value::as_bool) == Some(true))
                    });
                let has_own = i.get("public_title").is_some_and(|t| !t.is_null());
                if published && !has_own {
                    if let Some(title) = i.get("title").cloned() {
                        i.insert("public_title".to_owned(), title);
                    }
                }
            }
        }
        obj.insert("schema_version".to_owned(), Value::from(3));
    }
    value
}

/// Schema 3 to 4: the settings get the uptime weights, which read as the defaults (a major
/// outage in full, a partial outage at 30 %, degraded performance and maintenance not at all):
/// exactly what the site counted before, so an upgrade changes no published uptime. Nothing in
/// the file needs rewriting.
fn from_v3(mut value: Value) -> Value {
    if let Value::Object(obj) = &mut value {
        obj.insert("schema_version".to_owned(), Value::from(4));
    }
    value
}

/// Schema 4 to 5: the settings get the status site's language, which reads as English (the only
/// language the site spoke before), so an upgrade changes no published word. Nothing in the file
/// needs rewriting.
fn from_v4(mut value: Value) -> Value {
    if let Value::Object(obj) = &mut value {
        obj.insert("schema_version".to_owned(), Value::from(5));
    }
    value
}

/// Schema 5 to 6: what changed is how the workspace keeps its incidents in the browser (in
/// buckets, a few hundred values instead of one per incident); a file's content is the same.
fn from_v5(mut value: Value) -> Value {
    if let Value::Object(obj) = &mut value {
        obj.insert("schema_version".to_owned(), Value::from(SCHEMA_VERSION));
    }
    value
}

/// [`from_v2`] for one stored incident, read with the schema 3 defaults (a browser store's
/// records are migrated one by one).
pub fn incident_from_v2(incident: &mut crate::model::Incident) {
    if incident.public_title.is_none() && incident.updates.iter().any(|u| u.public) {
        incident.public_title = Some(incident.title.clone());
    }
}

/// Whether a schema 1 workspace with this device id is a sample (see [`migrate`]).
pub fn is_v1_sample_device(device_id: &str) -> bool {
    device_id
        .strip_prefix("sample-")
        .is_some_and(|seed| !seed.is_empty() && seed.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Deserializes each part of the envelope on its own, so one bad record does not hide the others.
/// When only records are broken, the semantic checks run on the records that were read, so a
/// duplicate id or an unknown component elsewhere is reported in the same pass (at its place in
/// the file).
pub(super) fn deserialize_bundle(value: &Value) -> Result<Bundle, Vec<Problem>> {
    let mut problems = Vec::new();
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let format = field::<String>(obj, "format", &mut problems);
    let schema_version = field::<u32>(obj, "schema_version", &mut problems);
    let exported_at = field::<Timestamp>(obj, "exported_at", &mut problems);
    let device_id = field::<String>(obj, "device_id", &mut problems);
    // Optional: absent is a real workspace.
    let sample = match obj.get("sample") {
        None => Some(false),
        Some(v) => typed::<bool>(v, "$.sample", &mut problems),
    };
    let settings = field::<Settings>(obj, "settings", &mut problems);
    let incidents = list::<Incident>(obj, "incidents", &mut problems);
    let maintenances = list::<Maintenance>(obj, "maintenances", &mut problems);
    let tombstones = list::<Tombstone>(obj, "tombstones", &mut problems);
    let (
        Some(format),
        Some(schema_version),
        Some(exported_at),
        Some(device_id),
        Some(sample),
        Some(settings),
        Some(incidents),
        Some(maintenances),
        Some(tombstones),
    ) = (
        format,
        schema_version,
        exported_at,
        device_id,
        sample,
        settings,
        incidents,
        maintenances,
        tombstones,
    )
    else {
        cap(&mut problems);
        return Err(problems);
    };
    let read = Bundle {
        format,
        schema_version,
        exported_at,
        device_id,
        sample,
        settings,
        incidents: incidents.items,
        maintenances: maintenances.items,
        tombstones: tombstones.items,
    };
    if problems.is_empty() {
        return Ok(read);
    }
    let places = [
        ("incidents", &incidents.at),
        ("maintenances", &maintenances.at),
        ("tombstones", &tombstones.at),
    ];
    for p in check_all(&read) {
        let (mut path, mut message) = (p.path, p.message);
        for (list, at) in places {
            path = renumber(&path, list, at);
            message = renumber(&message, list, at);
        }
        problems.push(Problem { path, message });
    }
    cap(&mut problems);
    Err(problems)
}

/// The records of one list that could be read, and where each is in the file's list.
pub(super) struct Read<T> {
    items: Vec<T>,
    at: Vec<usize>,
}

/// Rewrites `$.<list>[k]` in `text` to `$.<list>[at[k]]`: from a position among the records
/// that were read to the position in the file.
pub(super) fn renumber(text: &str, list: &str, at: &[usize]) -> String {
    let prefix = format!("$.{list}[");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&prefix) {
        let (before, after) = rest.split_at(i + prefix.len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let (number, tail) = after.split_at(digits);
        match number.parse::<usize>().ok().and_then(|k| at.get(k)) {
            Some(place) if tail.starts_with(']') => out.push_str(&place.to_string()),
            _ => out.push_str(number),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

pub(super) fn cap(problems: &mut Vec<Problem>) {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem::new("$", format!("… and {more} more problems")));
    }
}

pub(super) fn field<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let path = format!("$.{key}");
    match obj.get(key) {
        None => {
            problems.push(Problem::new(
                path,
                format!("the field \"{key}\" is missing"),
            ));
            None
        }
        Some(v) => typed(v, &path, problems),
    }
}

pub(super) fn list<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<Read<T>> {
    let path = format!("$.{key}");
    match obj.get(key) {
        None => {
            problems.push(Problem::new(
                path,
                format!("the field \"{key}\" is missing"),
            ));
            None
        }
        Some(Value::Array(values)) => {
            let mut read = Read {
                items: Vec::with_capacity(values.len()),
                at: Vec::with_capacity(values.len()),
            };
            for (i, v) in values.iter().enumerate() {
                if let Some(item) = typed(v, &format!("{path}[{i}]"), problems) {
                    read.items.push(item);
                    read.at.push(i);
                }
            }
            Some(read)
        }
        Some(other) => {
            problems.push(Problem::new(
                path,
                format!("expected an array, found {}", kind_of(other)),
            ));
            None
        }
    }
}

pub(super) fn typed<T: DeserializeOwned>(
    v: &Value,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let mut full = path.to_owned();
            for segment in e.path().iter() {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Seq { index } => full.push_str(&format!("[{index}]")),
                    Segment::Map { key } => {
                        full.push('.');
                        full.push_str(key);
                    }
                    Segment::Enum { variant } => {
                        full.push('.');
                        full.push_str(variant);
                    }
                    Segment::Unknown => {}
                }
            }
            problems.push(Problem::new(full, plain_serde_message(&e.into_inner())));
            None
        }
    }
}

pub(super) fn plain_serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde's wording is clear enough; only the position (meaningless inside a Value) goes.
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
