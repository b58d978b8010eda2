//! The bundle: one JSON envelope for storage, export, import and the generator's input.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Incident, Maintenance, Settings, Tombstone};
use crate::time::Timestamp;

/// The `format` every bundle names.
pub const FORMAT: &str = "cygni-incident-bundle";

/// The schema version this build writes. Every earlier version keeps a fixture in
/// `tests/fixtures/` and loads through [`crate::validate::migrate`].
pub const SCHEMA_VERSION: u32 = 6;

/// Files of this schema version or later have the current one's content: they read straight into
/// the types, and only their version number is brought up to date (schema 6 changed how the
/// browser keeps a workspace, not what a file holds).
pub const SAME_CONTENT_SINCE: u32 = 5;

/// Whether a file of `format` and schema `version` reads as the current one, but for its
/// version number.
pub(crate) fn reads_as_current(format: &str, version: u32) -> bool {
    format == FORMAT && (SAME_CONTENT_SINCE..=SCHEMA_VERSION).contains(&version)
}

/// `bundle`, read straight into the types, as the current version's if it reads as one
/// ([`reads_as_current`]; its version number brought up to date).
pub(crate) fn as_current(bundle: Bundle) -> Option<Bundle> {
    let reads = reads_as_current(&bundle.format, bundle.schema_version);
    reads.then_some(Bundle {
        schema_version: SCHEMA_VERSION,
        ..bundle
    })
}

/// A workspace, or part of one, as a single JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Cygni incident bundle")]
pub struct Bundle {
    /// Always `cygni-incident-bundle`.
    pub format: String,
    pub schema_version: u32,
    pub exported_at: Timestamp,
    /// The device (browser profile or tool) that wrote the bundle.
    pub device_id: String,
    /// Made-up data: `site-gen sample`'s output or the demo workspace. A status site is not
    /// built from it (unless asked for a demo), and it never merges with a real workspace.
    /// Absent means `false` (schema 2; a schema 1 bundle is a sample when its device is
    /// `sample-<seed>`, see [`crate::validate::migrate`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    pub settings: Settings,
    pub incidents: Vec<Incident>,
    pub maintenances: Vec<Maintenance>,
    pub tombstones: Vec<Tombstone>,
}

impl Bundle {
    /// An empty workspace with the given settings.
    pub fn new(settings: Settings, device_id: impl Into<String>, now: Timestamp) -> Self {
        Bundle {
            format: FORMAT.to_owned(),
            schema_version: SCHEMA_VERSION,
            exported_at: now,
            device_id: device_id.into(),
            sample: false,
            settings,
            incidents: Vec::new(),
            maintenances: Vec::new(),
            tombstones: Vec::new(),
        }
    }

    /// The bundle as pretty-printed JSON (the export and file format).
    pub fn to_json_pretty(&self) -> String {
        // Serializing these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// [`to_json_pretty`](Bundle::to_json_pretty) in pieces, `batch` incidents to a piece, for a
    /// page that must answer while it writes a large export: joined, the pieces are exactly
    /// `to_json_pretty()` (tested).
    pub fn to_json_pretty_parts(&self, batch: usize) -> impl Iterator<Item = String> + '_ {
        let envelope = self.without_incidents().to_json_pretty();
        // The envelope's own empty list, at the top level (two spaces in): the incidents go
        // there, each pretty-printed and indented four spaces, as serde_json nests them.
        const EMPTY: &str = "\n  \"incidents\": []";
        let (head, tail) = match envelope.find(EMPTY) {
            Some(at) if !self.incidents.is_empty() => (
                format!("{}\n  \"incidents\": [", &envelope[..at]),
                format!("\n  ]{}", &envelope[at + EMPTY.len()..]),
            ),
            _ => (envelope, String::new()),
        };
        let body = self
            .incidents
            .chunks(batch.max(1))
            .enumerate()
            .map(move |(n, chunk)| {
                let mut out = String::new();
                for (k, incident) in chunk.iter().enumerate() {
                    if n > 0 || k > 0 {
                        out.push(',');
                    }
                    out.push_str("\n    ");
                    let text = serde_json::to_string_pretty(incident).unwrap_or_default();
                    out.push_str(&text.replace('\n', "\n    "));
                }
                out
            });
        std::iter::once(head)
            .chain(body)
            .chain((!tail.is_empty()).then_some(tail))
    }

    /// A copy of everything but the incidents (without copying them).
    pub fn without_incidents(&self) -> Bundle {
        Bundle {
            format: self.format.clone(),
            schema_version: self.schema_version,
            exported_at: self.exported_at,
            device_id: self.device_id.clone(),
            sample: self.sample,
            settings: self.settings.clone(),
            incidents: Vec::new(),
            maintenances: self.maintenances.clone(),
            tombstones: self.tombstones.clone(),
        }
    }

    /// The bundle as compact JSON (what storage keeps).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }
}
