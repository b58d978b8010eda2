//! The incident list's search and filters, as the list screen offers them.

use crate::model::Incident;
use crate::model::Severity;

/// Which drills the list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drills {
    /// Drills and real incidents.
    #[default]
    Included,
    /// Real incidents only.
    Hidden,
    /// Drills only.
    Only,
}

impl Drills {
    /// From the filter's option value (`all`, `hide`, `only`; anything else: included).
    pub fn parse(key: &str) -> Drills {
        match key {
            "hide" => Drills::Hidden,
            "only" => Drills::Only,
            _ => Drills::Included,
        }
    }
}

/// The list's search and filters; the default passes every incident.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Searched in titles and update messages, any case; an id prefix also matches.
    pub text: String,
    pub severity: Option<Severity>,
    /// Empty for any, `open` for every status but resolved, or a status key.
    pub status: String,
    /// A component id, or empty for any.
    pub component: String,
    /// First and last day of the start (`YYYY-MM-DD`, UTC), or empty.
    pub from: String,
    pub to: String,
    pub drills: Drills,
}

impl Filter {
    /// The search text as [`Filter::matches`] takes it (prepared once per change, not per
    /// incident).
    pub fn needle(&self) -> String {
        self.text.trim().to_lowercase()
    }

    /// Whether `i` passes; `needle` is [`Filter::needle`] and `hay` the incident's
    /// [`haystack`] (both prepared once, not per incident and keystroke).
    pub fn matches(&self, i: &Incident, needle: &str, hay: &str) -> bool {
        if !needle.is_empty() && !hay.contains(needle) && !i.id.starts_with(needle) {
            return false;
        }
        if self.severity.is_some_and(|s| s != i.severity) {
            return false;
        }
        let status_ok = match self.status.as_str() {
            "" => true,
            "open" => i.is_open(),
            other => i.status.key() == other,
        };
        if !status_ok {
            return false;
        }
        if !self.component.is_empty() && !i.components.iter().any(|c| c.component == self.component)
        {
            return false;
        }
        let day = i.started_at.utc_date();
        if (!self.from.is_empty() && day < self.from) || (!self.to.is_empty() && day > self.to) {
            return false;
        }
        match self.drills {
            Drills::Hidden => !i.drill,
            Drills::Only => i.drill,
            Drills::Included => true,
        }
    }
}

/// What the search box looks in, lowercased: the title and every update's message.
pub fn haystack(i: &Incident) -> String {
    let mut h = i.title.to_lowercase();
    for u in &i.updates {
        h.push('\n');
        h.push_str(&u.message.to_lowercase());
    }
    h
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sample::{generate, SampleOptions};
    use crate::Timestamp;

    fn pass<'b>(b: &'b crate::Bundle, f: &Filter) -> Vec<&'b Incident> {
        let needle = f.needle();
        b.incidents
            .iter()
            .filter(|i| f.matches(i, &needle, &haystack(i)))
            .collect()
    }

    fn sample() -> crate::Bundle {
        generate(&SampleOptions {
            incidents: 60,
            seed: 5,
            now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
        })
    }

    #[test]
    fn the_default_filter_passes_everything() {
        let b = sample();
        assert_eq!(pass(&b, &Filter::default()).len(), b.incidents.len());
    }

    #[test]
    fn search_finds_titles_and_update_messages_in_any_case() {
        let b = sample();
        let i = b.incidents.iter().find(|i| !i.updates.is_empty()).unwrap();
        let word = i.updates[0].message.split_whitespace().last().unwrap();
        let f = Filter {
            text: format!("  {}  ", word.to_uppercase()),
            ..Filter::default()
        };
        let found = pass(&b, &f);
        assert!(found.iter().any(|x| x.id == i.id));
        assert!(found.len() < b.incidents.len());
        let title = Filter {
            text: i.title.to_uppercase(),
            ..Filter::default()
        };
        assert!(pass(&b, &title).iter().any(|x| x.id == i.id));
    }

    #[test]
    fn each_filter_narrows_to_what_it_names() {
        let b = sample();
        let sev = Filter {
            severity: Some(Severity::Sev1),
            ..Filter::default()
        };
        let found = pass(&b, &sev);
        assert!(!found.is_empty());
        assert!(found.iter().all(|i| i.severity == Severity::Sev1));
        let open = Filter {
            status: "open".to_owned(),
            ..Filter::default()
        };
        assert!(pass(&b, &open).iter().all(|i| i.is_open()));
        let resolved = Filter {
            status: "resolved".to_owned(),
            ..Filter::default()
        };
        assert!(pass(&b, &resolved).iter().all(|i| !i.is_open()));
        assert_eq!(
            pass(&b, &open).len() + pass(&b, &resolved).len(),
            b.incidents.len()
        );
        let drills = Filter {
            drills: Drills::parse("only"),
            ..Filter::default()
        };
        let no_drills = Filter {
            drills: Drills::parse("hide"),
            ..Filter::default()
        };
        assert!(pass(&b, &drills).iter().all(|i| i.drill));
        assert!(pass(&b, &no_drills).iter().all(|i| !i.drill));
        assert_eq!(
            pass(&b, &drills).len() + pass(&b, &no_drills).len(),
            b.incidents.len()
        );
    }

    #[test]
    fn dates_bound_the_start_day_inclusively() {
        let b = sample();
        let day = b.incidents[3].started_at.utc_date();
        let f = Filter {
            from: day.clone(),
            to: day.clone(),
            ..Filter::default()
        };
        let found = pass(&b, &f);
        assert!(found.iter().any(|i| i.id == b.incidents[3].id));
        assert!(found.iter().all(|i| i.started_at.utc_date() == day));
    }
}
