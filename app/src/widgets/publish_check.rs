//! The publish check before words go public (a public status update, a published post-mortem,
//! the public export): what `incident_core::publish_check` found, each with its place, and a
//! question; nothing found, nothing asked.

use incident_core::publish_check::Finding;

use crate::platform::page;

/// Whether to go ahead: true when nothing was found, else the person's answer to the list.
pub(crate) fn confirmed(what: &str, findings: &[Finding]) -> bool {
    if findings.is_empty() {
        return true;
    }
    let shown: Vec<String> = findings
        .iter()
        .take(12)
        .map(|f| format!("• {}: {}", f.place, f.message))
        .collect();
    let more = match findings.len().saturating_sub(12) {
        0 => String::new(),
        n => format!("\n… and {n} more."),
    };
    page::confirm(&format!(
        "Before {what} goes public, check what the publish check found:\n\n{}{more}\n\nPublish it anyway?",
        shown.join("\n")
    ))
}
