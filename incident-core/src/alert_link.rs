//! Opening the declare form from an alert: a link such as
//! `#/new?title=API%20errors&severity=sev2&components=api-rest,api-graphql&impact=major_outage&source=alert&started=2026-12-02T03:00:00Z`
//! (put into Alertmanager's or PagerDuty's notification) fills the form; nothing is declared
//! until the person confirms. Unknown or malformed values are left out with a word saying which,
//! never guessed.

use crate::model::{DetectionSource, Impact};
use crate::time::Timestamp;
use crate::vocabulary::Severity;

/// What a link fills in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub title: Option<String>,
    pub severity: Option<Severity>,
    /// Component ids with their impact (`impact`, or major outage).
    pub components: Vec<(String, Impact)>,
    pub detection: Option<DetectionSource>,
    /// When the alert fired: the incident's real start.
    pub started: Option<Timestamp>,
    /// What was left out, in words ("severity “sev9” is not SEV1-4").
    pub ignored: Vec<String>,
}

impl Prefill {
    pub fn is_empty(&self) -> bool {
        *self == Prefill::default()
    }
}

/// The prefill of the query part of a declare link (`title=…&severity=…`, without the `?`).
pub fn parse(query: &str) -> Prefill {
    let mut p = Prefill::default();
    let mut impact = Impact::MajorOutage;
    let mut components: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        let value = value.trim();
        match key {
            "title" if !value.is_empty() => {
                p.title = Some(value.chars().take(crate::limits::TITLE).collect())
            }
            "severity" => match Severity::parse(value) {
                Some(s) => p.severity = Some(s),
                None => p
                    .ignored
                    .push(format!("severity \u{201c}{value}\u{201d} is not SEV1-4")),
            },
            "components" => components.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
            ),
            "impact" => match crate::fields::impact_from_key(value) {
                Some(i) => impact = i,
                None => p
                    .ignored
                    .push(format!("impact \u{201c}{value}\u{201d} is not known")),
            },
            "source" => {
                p.detection = match value {
                    "alert" | "automated_alert" => Some(DetectionSource::AutomatedAlert),
                    "customer" | "customer_report" => Some(DetectionSource::CustomerReport),
                    "engineer" => Some(DetectionSource::Engineer),
                    "manual" => Some(DetectionSource::Manual),
                    _ => {
                        p.ignored
                            .push(format!("source \u{201c}{value}\u{201d} is not known"));
                        None
                    }
                }
            }
            "started" => match Timestamp::parse(value) {
                Ok(t) => p.started = Some(t),
                Err(_) => p.ignored.push(format!(
                    "started \u{201c}{value}\u{201d} is not an RFC 3339 time"
                )),
            },
            _ => {}
        }
    }
    p.components = components.into_iter().map(|c| (c, impact)).collect();
    p
}

/// Percent-decoding (`%20`, `+` as a space), as a browser's address gives it.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(())
                {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_link_from_an_alert_fills_the_form() {
        let p = parse("title=API%20errors+in%20eu-west&severity=sev2&components=api-rest,%20api-graphql&impact=partial_outage&source=alert&started=2026-12-02T03:00:00Z");
        assert_eq!(p.title.as_deref(), Some("API errors in eu-west"));
        assert_eq!(p.severity, Some(Severity::Sev2));
        assert_eq!(
            p.components,
            vec![
                ("api-rest".to_owned(), Impact::PartialOutage),
                ("api-graphql".to_owned(), Impact::PartialOutage)
            ]
        );
        assert_eq!(p.detection, Some(DetectionSource::AutomatedAlert));
        assert_eq!(p.started, Timestamp::parse("2026-12-02T03:00:00Z").ok());
        assert!(p.ignored.is_empty());
    }

    #[test]
    fn what_is_wrong_is_left_out_and_said() {
        let p = parse("severity=sev9&started=yesterday&title=%E2%9A%A0%20Disk&x=1&%");
        assert_eq!(p.severity, None);
        assert_eq!(p.started, None);
        assert_eq!(p.title.as_deref(), Some("\u{26a0} Disk"));
        assert_eq!(p.ignored.len(), 2, "{:?}", p.ignored);
        assert!(parse("").is_empty());
        // A broken escape is kept as it is, never a panic.
        assert_eq!(parse("title=100%").title.as_deref(), Some("100%"));
        assert_eq!(parse("title=a%2").title.as_deref(), Some("a%2"));
    }
}
