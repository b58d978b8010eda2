//! The command bar's language: the playbook's quick commands, parsed into what the workspace
//! does, with a plain message for anything that does not parse.
//!
//! ```text
//! /incident create sev1 "API Down"
//! /page @engineer "Need help with database"
//! /statuspage update investigating "We are investigating API issues"
//! ```

use crate::model::{IncidentStatus, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Declare an incident.
    CreateIncident { severity: Severity, title: String },
    /// Record a page request in the current incident's timeline.
    Page { target: String, message: String },
    /// Draft a public status update for the current incident.
    StatusPageUpdate {
        status: IncidentStatus,
        message: String,
    },
}

/// What the command bar offers for a partial input: (completion, description).
pub fn completions(input: &str) -> Vec<(&'static str, &'static str)> {
    const ALL: [(&str, &str); 3] = [
        (
            "/incident create sev1 \"",
            "declare an incident: /incident create sev1..sev4 \"title\"",
        ),
        (
            "/page @",
            "record a page for help: /page @name \"message\"",
        ),
        (
            "/statuspage update investigating \"",
            "draft a public update: /statuspage update investigating|identified|monitoring|resolved \"message\"",
        ),
    ];
    let t = input.trim_start();
    ALL.into_iter()
        .filter(|(c, _)| c.starts_with(t) || t.starts_with(c.split(' ').next().unwrap_or("")))
        .collect()
}

/// Splits into words, keeping "quoted text" (with \" escapes) as one word.
fn words(input: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = input.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' || c == '“' || c == '”' {
            chars.next();
            let mut w = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            w.push(n);
                        }
                    }
                    '"' | '“' | '”' => {
                        closed = true;
                        break;
                    }
                    _ => w.push(c),
                }
            }
            if !closed {
                return Err("a quoted text is not closed: add the closing \"".to_owned());
            }
            out.push(w);
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                w.push(c);
                chars.next();
            }
            out.push(w);
        }
    }
    Ok(out)
}

const USAGE: &str = "commands: /incident create sev1 \"title\" · /page @name \"message\" · /statuspage update investigating \"message\"";

/// Parses one command line.
pub fn parse(input: &str) -> Result<Command, String> {
    let w = words(input)?;
    let Some(head) = w.first() else {
        return Err(format!("Type a command. {USAGE}"));
    };
    let rest_text = |from: usize, what: &str| -> Result<String, String> {
        let text = w[from.min(w.len())..].join(" ");
        let text = text.trim().to_owned();
        if text.is_empty() {
            Err(format!("{what} is missing"))
        } else {
            Ok(text)
        }
    };
    // One slash or several: pressing `/` to open the bar and then typing the whole command (as
    // the README shows it) gives `//incident`.
    let head = format!("/{}", head.trim_start_matches('/'));
    match head.to_ascii_lowercase().as_str() {
        "/incident" => {
            if w.get(1).map(|s| s.to_ascii_lowercase()).as_deref() != Some("create") {
                return Err("did you mean /incident create sev1 \"title\"?".to_owned());
            }
            let sev = w.get(2).map(String::as_str).unwrap_or("");
            let severity = Severity::parse(sev).ok_or_else(|| {
                format!("{sev:?} is not a severity: use sev1, sev2, sev3 or sev4")
            })?;
            let title = rest_text(3, "the incident's title (in quotes)")?;
            Ok(Command::CreateIncident { severity, title })
        }
        "/page" => {
            let target = w.get(1).cloned().unwrap_or_default();
            let Some(name) = target.strip_prefix('@').filter(|n| !n.is_empty()) else {
                return Err("say who to page: /page @name \"message\"".to_owned());
            };
            let message = rest_text(2, "the message for the person paged")?;
            Ok(Command::Page {
                target: format!("@{name}"),
                message,
            })
        }
        "/statuspage" => {
            if w.get(1).map(|s| s.to_ascii_lowercase()).as_deref() != Some("update") {
                return Err("did you mean /statuspage update investigating \"message\"?".to_owned());
            }
            let st = w.get(2).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
            let status = match st.as_str() {
                "investigating" => IncidentStatus::Investigating,
                "identified" => IncidentStatus::Identified,
                "monitoring" => IncidentStatus::Monitoring,
                "resolved" => IncidentStatus::Resolved,
                _ => {
                    return Err(format!(
                    "{st:?} is not a status: use investigating, identified, monitoring or resolved"
                ))
                }
            };
            let message = rest_text(3, "the update's message (in quotes)")?;
            Ok(Command::StatusPageUpdate { status, message })
        }
        other => Err(format!("unknown command {other:?}. {USAGE}")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_playbooks_quick_commands_parse() {
        assert_eq!(
            parse("/incident create sev1 \"API Down\"").unwrap(),
            Command::CreateIncident {
                severity: Severity::Sev1,
                title: "API Down".into()
            }
        );
        assert_eq!(
            parse("/page @engineer \"Need help with database\"").unwrap(),
            Command::Page {
                target: "@engineer".into(),
                message: "Need help with database".into()
            }
        );
        assert_eq!(
            parse("/statuspage update investigating \"We are investigating API issues\"").unwrap(),
            Command::StatusPageUpdate {
                status: IncidentStatus::Investigating,
                message: "We are investigating API issues".into()
            }
        );
        // Typed after the `/` that opened the bar: the same command.
        assert_eq!(
            parse("//incident create sev1 \"API Down\"").unwrap(),
            parse("/incident create sev1 \"API Down\"").unwrap()
        );
        // Unquoted titles and SEV in capitals are fine too.
        assert_eq!(
            parse("/incident create SEV2 Checkout slow").unwrap(),
            Command::CreateIncident {
                severity: Severity::Sev2,
                title: "Checkout slow".into()
            }
        );
    }

    #[test]
    fn anything_else_gets_a_message_that_says_what_is_wrong() {
        assert!(parse("/incident create sev7 \"x\"")
            .unwrap_err()
            .contains("sev1, sev2"));
        assert!(parse("/incident create sev1")
            .unwrap_err()
            .contains("title"));
        assert!(parse("/page engineer \"x\"").unwrap_err().contains("@name"));
        assert!(parse("/statuspage update fixed \"x\"")
            .unwrap_err()
            .contains("investigating"));
        assert!(parse("/incident create sev1 \"API Down")
            .unwrap_err()
            .contains("not closed"));
        assert!(parse("/deploy now")
            .unwrap_err()
            .contains("unknown command"));
        assert!(parse("  ").unwrap_err().contains("Type a command"));
        assert_eq!(completions("/pa").len(), 1);
        assert_eq!(completions("/").len(), 3);
    }
}
