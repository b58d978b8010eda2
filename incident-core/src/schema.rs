//! The bundle's JSON Schema, generated from the Rust types. The published copy lives in
//! `schema/bundle.schema.json`; a test keeps the two equal.

use crate::bundle::Bundle;

/// The JSON Schema (draft 2020-12) of [`Bundle`], pretty-printed with a trailing newline.
pub fn bundle_schema_json() -> String {
    let schema = schemars::schema_for!(Bundle);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
