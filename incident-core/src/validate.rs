//! Reading a bundle from text: every problem is reported with its JSON path and a plain message,
//! and nothing is returned unless the whole bundle is sound.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::bundle::{Bundle, FORMAT, SCHEMA_VERSION};
use crate::model::{EventKind, Incident, Maintenance, Settings, Tombstone};
use crate::playbook::DecisionTree;
use crate::time::Timestamp;

/// One thing wrong with a bundle, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path such as `$.incidents[3].timeline[2].at`.
    pub path: String,
    pub message: String,
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// At most this many problems are reported; past it, one last problem says how many more.
pub const MAX_PROBLEMS: usize = 200;

/// Parses, migrates and checks a bundle. On failure, returns every problem found (structural
/// problems first; the semantic checks run only on a bundle whose shape is right).
pub fn parse_bundle(text: &str) -> Result<Bundle, Vec<Problem>> {
    // Fast path: a current-version bundle of the right shape deserializes straight into the
    // types (several times faster than through a `Value`); anything else takes the located path.
    match parse_typed(text) {
        Some(bundle) => checked(bundle),
        None => parse_located(text),
    }
}

/// A bundle of the current version whose shape is right: checked.
fn checked(bundle: Bundle) -> Result<Bundle, Vec<Problem>> {
    let problems = check(&bundle);
    if problems.is_empty() {
        Ok(bundle)
    } else {
        Err(problems)
    }
}

/// The slow path: through a `Value`, migrated, every structural problem located.
fn parse_located(text: &str) -> Result<Bundle, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![json_syntax_problem(&e)])?;
    let value = migrate(value)?;
    checked(deserialize_bundle(&value)?)
}

/// `Bundle` with the incidents not yet parsed; its fields must match `Bundle`'s exactly, which
/// the struct literal in [`Envelope::with`] enforces in one direction and the tests in the other.
#[derive(Debug, serde::Deserialize)]
struct Envelope<'a> {
    format: String,
    schema_version: u32,
    exported_at: Timestamp,
    device_id: String,
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
            .filter(|e| e.format == FORMAT && e.schema_version == SCHEMA_VERSION)
    }

    fn with(self, incidents: Vec<Incident>) -> Bundle {
        Bundle {
            format: self.format,
            schema_version: self.schema_version,
            exported_at: self.exported_at,
            device_id: self.device_id,
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
fn parse_typed(text: &str) -> Option<Bundle> {
    serde_json::from_str::<Bundle>(text)
        .ok()
        .filter(|b| b.format == FORMAT && b.schema_version == SCHEMA_VERSION)
}

/// The bundle straight into the types, the incidents parsed on every core: the envelope is read
/// with each incident kept as raw text, then the incidents are parsed in parallel. Gives the
/// same result as parsing a [`Bundle`] (tested), in about half the time on two cores.
#[cfg(feature = "parallel")]
fn parse_typed(text: &str) -> Option<Bundle> {
    use rayon::prelude::*;
    let e = Envelope::read(text)?;
    let incidents = e
        .incidents
        .par_iter()
        .map(|raw| serde_json::from_str::<Incident>(raw.get()))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some(e.with(incidents))
}

/// [`parse_bundle`] a batch of incidents at a time, for a caller that must let a page answer
/// between batches (a 60 MB import). Gives exactly what `parse_bundle` gives (tested): the
/// envelope is read first with each incident kept as raw text; [`step`](BundleParser::step)
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
    pub fn finish(mut self) -> Result<Bundle, Vec<Problem>> {
        while self.step(1000) {}
        match self.envelope {
            Some(e) if e.incidents.len() == self.incidents.len() => checked(e.with(self.incidents)),
            _ => parse_located(self.text),
        }
    }
}

fn json_syntax_problem(e: &serde_json::Error) -> Problem {
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

fn kind_of(v: &Value) -> &'static str {
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
fn deserialize_bundle(value: &Value) -> Result<Bundle, Vec<Problem>> {
    let mut problems = Vec::new();
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let format = field::<String>(obj, "format", &mut problems);
    let schema_version = field::<u32>(obj, "schema_version", &mut problems);
    let exported_at = field::<Timestamp>(obj, "exported_at", &mut problems);
    let device_id = field::<String>(obj, "device_id", &mut problems);
    let settings = field::<Settings>(obj, "settings", &mut problems);
    let incidents = list::<Incident>(obj, "incidents", &mut problems);
    let maintenances = list::<Maintenance>(obj, "maintenances", &mut problems);
    let tombstones = list::<Tombstone>(obj, "tombstones", &mut problems);
    let (
        Some(format),
        Some(schema_version),
        Some(exported_at),
        Some(device_id),
        Some(settings),
        Some(incidents),
        Some(maintenances),
        Some(tombstones),
    ) = (
        format,
        schema_version,
        exported_at,
        device_id,
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
struct Read<T> {
    items: Vec<T>,
    at: Vec<usize>,
}

/// Rewrites `$.<list>[k]` in `text` to `$.<list>[at[k]]`: from a position among the records
/// that were read to the position in the file.
fn renumber(text: &str, list: &str, at: &[usize]) -> String {
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

fn cap(problems: &mut Vec<Problem>) {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem::new("$", format!("… and {more} more problems")));
    }
}

fn field<T: DeserializeOwned>(
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

fn list<T: DeserializeOwned>(
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

fn typed<T: DeserializeOwned>(v: &Value, path: &str, problems: &mut Vec<Problem>) -> Option<T> {
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

fn plain_serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde's wording is clear enough; only the position (meaningless inside a Value) goes.
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Ids are used in file paths and URLs of the status site, so they are kept to a safe alphabet.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The semantic checks of a bundle whose shape is right: ids, references, time order.
pub fn check(bundle: &Bundle) -> Vec<Problem> {
    let mut problems = check_all(bundle);
    cap(&mut problems);
    problems
}

/// [`check`] without the cap, for a caller that adds problems of its own before capping.
fn check_all(bundle: &Bundle) -> Vec<Problem> {
    let mut c = Checker::default();
    c.run(bundle);
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    /// Checks that each id is well-formed and unique among `items`; returns the set of ids.
    fn ids<'a>(
        &mut self,
        items: impl Iterator<Item = &'a str>,
        path: impl Fn() -> String,
        what: &str,
    ) -> BTreeSet<&'a str> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in items.enumerate() {
            // Paths are formatted only for a problem: the checks run over every record.
            let here = || format!("{}[{i}].id", path());
            if !is_valid_id(id) {
                self.push(
                    here(),
                    format!("{what} id {id:?} must be 1 to 64 letters, digits, '-' or '_'"),
                );
            }
            if let Some(first) = seen.insert(id, i) {
                seen.insert(id, first);
                self.push(
                    here(),
                    format!(
                        "duplicate {what} id {id:?}: also used at {}[{first}]",
                        path()
                    ),
                );
            }
        }
        seen.into_keys().collect()
    }

    fn before(
        &mut self,
        path: impl Fn() -> String,
        earlier: (&str, Timestamp),
        later: (&str, Timestamp),
    ) {
        if later.1 < earlier.1 {
            self.push(
                path(),
                format!(
                    "{} ({}) is before {} ({}); times cannot go backwards",
                    later.0, later.1, earlier.0, earlier.1
                ),
            );
        }
    }

    fn in_order(
        &mut self,
        times: impl Iterator<Item = Timestamp>,
        path: impl Fn() -> String,
        what: &str,
    ) {
        let mut prev: Option<Timestamp> = None;
        for (i, at) in times.enumerate() {
            if let Some(p) = prev {
                if at < p {
                    self.push(
                        format!("{}[{i}].at", path()),
                        format!(
                            "{what} out of order: {at} is before the previous {what} ({p}); {what}s must be in time order"
                        ),
                    );
                }
            }
            prev = Some(at);
        }
    }

    fn run(&mut self, b: &Bundle) {
        if b.device_id.trim().is_empty() {
            self.push("$.device_id", "the device id is empty");
        }
        let s = &b.settings;
        let p = &s.playbook;
        let groups = self.ids(
            s.component_groups.iter().map(|g| g.id.as_str()),
            || "$.settings.component_groups".to_owned(),
            "component group",
        );
        let components = self.ids(
            s.components.iter().map(|c| c.id.as_str()),
            || "$.settings.components".to_owned(),
            "component",
        );
        let people = self.ids(
            s.people.iter().map(|x| x.id.as_str()),
            || "$.settings.people".to_owned(),
            "person",
        );
        self.ids(
            s.oncall_schedules.iter().map(|x| x.id.as_str()),
            || "$.settings.oncall_schedules".to_owned(),
            "on-call schedule",
        );
        for (i, c) in s.components.iter().enumerate() {
            if let Some(g) = &c.group {
                if !groups.contains(g.as_str()) {
                    self.push(
                        format!("$.settings.components[{i}].group"),
                        format!(
                            "component {:?} is in group {g:?}, which does not exist",
                            c.name
                        ),
                    );
                }
            }
        }
        let tree_problems = p.rollback_tree.problems();
        for (at, message) in tree_problems.into_iter().filter(DecisionTree::breaks_guide) {
            self.push(
                format!("$.settings.playbook.rollback_tree.{at}"),
                format!("rollback decision tree: {message}"),
            );
        }
        let levels: BTreeSet<&str> = p.escalation_levels.iter().map(|l| l.id.as_str()).collect();
        for (i, person) in s.people.iter().enumerate() {
            for (j, level) in person.escalation_levels.iter().enumerate() {
                if !levels.contains(level.as_str()) {
                    self.push(
                        format!("$.settings.people[{i}].escalation_levels[{j}]"),
                        format!(
                            "escalation level {level:?} is not in the playbook's escalation levels"
                        ),
                    );
                }
            }
        }
        for (i, sched) in s.oncall_schedules.iter().enumerate() {
            for (j, who) in sched.rotation.iter().enumerate() {
                self.person_ref(&people, who, || {
                    format!("$.settings.oncall_schedules[{i}].rotation[{j}]")
                });
            }
        }
        for sev in crate::model::Severity::ALL {
            let n = p.severities.iter().filter(|l| l.severity == sev).count();
            if n != 1 {
                self.push(
                    "$.settings.playbook.severities",
                    format!("the playbook must define {sev} exactly once (found {n})"),
                );
            }
        }
        for (i, rule) in p.escalation.iter().enumerate() {
            if !levels.contains(rule.level.as_str()) {
                self.push(
                    format!("$.settings.playbook.escalation[{i}].level"),
                    format!(
                        "escalation level {:?} is not in the playbook's escalation levels",
                        rule.level
                    ),
                );
            }
        }

        self.ids(
            b.incidents.iter().map(|x| x.id.as_str()),
            || "$.incidents".to_owned(),
            "incident",
        );
        // Each incident on its own (in parallel with the `parallel` feature), problems in order.
        let one = |(i, inc): (usize, &Incident)| {
            let mut c = Checker::default();
            c.incident(inc, &format!("$.incidents[{i}]"), &components, &people, p);
            c.problems
        };
        #[cfg(feature = "parallel")]
        let found: Vec<Vec<Problem>> = {
            use rayon::prelude::*;
            b.incidents.par_iter().enumerate().map(one).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let found: Vec<Vec<Problem>> = b.incidents.iter().enumerate().map(one).collect();
        self.problems.extend(found.into_iter().flatten());

        self.ids(
            b.maintenances.iter().map(|x| x.id.as_str()),
            || "$.maintenances".to_owned(),
            "maintenance",
        );
        for (i, m) in b.maintenances.iter().enumerate() {
            let path = format!("$.maintenances[{i}]");
            if m.title.trim().is_empty() {
                self.push(format!("{path}.title"), "the title is empty");
            }
            if m.scheduled_end <= m.scheduled_start {
                self.push(
                    format!("{path}.scheduled_end"),
                    format!(
                        "the window ends ({}) before it starts ({})",
                        m.scheduled_end, m.scheduled_start
                    ),
                );
            }
            for (j, c) in m.components.iter().enumerate() {
                self.component_ref(&components, c, || format!("{path}.components[{j}]"));
            }
            self.ids(
                m.updates.iter().map(|u| u.id.as_str()),
                || format!("{path}.updates"),
                "update",
            );
            self.in_order(
                m.updates.iter().map(|u| u.at),
                || format!("{path}.updates"),
                "update",
            );
        }
        for (i, t) in b.tombstones.iter().enumerate() {
            if !is_valid_id(&t.id) {
                self.push(
                    format!("$.tombstones[{i}].id"),
                    format!("id {:?} is not a valid record id", t.id),
                );
            }
        }
    }

    fn component_ref(&mut self, components: &BTreeSet<&str>, id: &str, path: impl Fn() -> String) {
        if !components.contains(id) {
            self.push(
                path(),
                format!("component {id:?} does not exist in the settings' components"),
            );
        }
    }

    fn person_ref(&mut self, people: &BTreeSet<&str>, id: &str, path: impl Fn() -> String) {
        if !people.contains(id) {
            self.push(
                path(),
                format!("person {id:?} does not exist in the settings' people"),
            );
        }
    }

    fn incident(
        &mut self,
        inc: &Incident,
        path: &str,
        components: &BTreeSet<&str>,
        people: &BTreeSet<&str>,
        playbook: &crate::playbook::Playbook,
    ) {
        if inc.title.trim().is_empty() {
            self.push(format!("{path}.title"), "the title is empty");
        }
        for (j, c) in inc.components.iter().enumerate() {
            self.component_ref(components, &c.component, || {
                format!("{path}.components[{j}].component")
            });
        }
        self.before(
            || format!("{path}.detected_at"),
            ("started_at", inc.started_at),
            ("detected_at", inc.detected_at),
        );
        self.before(
            || format!("{path}.declared_at"),
            ("detected_at", inc.detected_at),
            ("declared_at", inc.declared_at),
        );
        if let Some(ack) = inc.acknowledged_at {
            self.before(
                || format!("{path}.acknowledged_at"),
                ("declared_at", inc.declared_at),
                ("acknowledged_at", ack),
            );
        }
        match (inc.status.is_open(), inc.resolved_at) {
            (false, None) => self.push(
                format!("{path}.resolved_at"),
                "the incident is resolved but has no resolved_at time",
            ),
            (true, Some(_)) => self.push(
                format!("{path}.resolved_at"),
                format!(
                    "the incident is {} but has a resolved_at time",
                    inc.status.label()
                ),
            ),
            (false, Some(res)) => self.before(
                || format!("{path}.resolved_at"),
                ("started_at", inc.started_at),
                ("resolved_at", res),
            ),
            (true, None) => {}
        }
        for role in crate::model::Role::ALL {
            if let Some(who) = inc.roles.get(role) {
                self.person_ref(people, who, || {
                    let field = serde_json::to_value(role)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    format!("{path}.roles.{field}")
                });
            }
        }
        self.ids(
            inc.timeline.iter().map(|e| e.id.as_str()),
            || format!("{path}.timeline"),
            "event",
        );
        self.in_order(
            inc.timeline.iter().map(|e| e.at),
            || format!("{path}.timeline"),
            "event",
        );
        for (j, e) in inc.timeline.iter().enumerate() {
            if let Some(by) = &e.by {
                self.person_ref(people, by, || format!("{path}.timeline[{j}].by"));
            }
        }
        let update_ids = self.ids(
            inc.updates.iter().map(|u| u.id.as_str()),
            || format!("{path}.updates"),
            "update",
        );
        self.in_order(
            inc.updates.iter().map(|u| u.at),
            || format!("{path}.updates"),
            "update",
        );
        for (j, e) in inc.timeline.iter().enumerate() {
            if let EventKind::UpdatePosted { update, .. } = &e.kind {
                if !update_ids.contains(update.as_str()) {
                    self.push(
                        format!("{path}.timeline[{j}].kind.update"),
                        format!("update {update:?} is not among the incident's updates"),
                    );
                }
            }
        }
        for (j, e) in inc.timeline.iter().enumerate() {
            let (EventKind::ChecklistItemDone { checklist, item }
            | EventKind::ChecklistItemUndone { checklist, item }) = &e.kind
            else {
                continue;
            };
            let here = format!("{path}.timeline[{j}].kind");
            match playbook.checklist(checklist) {
                None => self.push(
                    format!("{here}.checklist"),
                    format!("checklist {checklist:?} is not in the playbook"),
                ),
                Some(list) if !list.items.iter().any(|it| it.id == *item) => self.push(
                    format!("{here}.item"),
                    format!("item {item:?} is not on the checklist {:?}", list.title),
                ),
                Some(_) => {}
            }
        }
        self.ids(
            inc.action_items.iter().map(|a| a.id.as_str()),
            || format!("{path}.action_items"),
            "action item",
        );
        for (j, a) in inc.action_items.iter().enumerate() {
            if let Some(owner) = &a.owner {
                self.person_ref(people, owner, || format!("{path}.action_items[{j}].owner"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel reader gives exactly what parsing a whole `Bundle` gives, for a sample and
    /// for JSON that does not fit (an incident of the wrong shape).
    #[cfg(feature = "parallel")]
    #[test]
    fn parallel_parse_equals_plain_parse() {
        let opts = crate::sample::SampleOptions {
            incidents: 60,
            ..Default::default()
        };
        let text = serde_json::to_string(&crate::sample::generate(&opts)).unwrap();
        let plain: Bundle = serde_json::from_str(&text).unwrap();
        assert_eq!(parse_typed(&text), Some(plain));
        let broken = text.replacen("\"severity\":\"", "\"severity\":\"X", 1);
        assert!(serde_json::from_str::<Bundle>(&broken).is_err());
        assert_eq!(parse_typed(&broken), None);
    }

    #[test]
    fn id_alphabet() {
        assert!(is_valid_id("0b7c-4e_A"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(&"x".repeat(65)));
    }

    #[test]
    fn not_an_object() {
        let err = parse_bundle("[1,2]").unwrap_err();
        assert_eq!(err[0].path, "$");
        assert!(err[0].message.contains("expected a JSON object"));
    }
}
