//! How long a title or a short field may be: the same limits where a person types it (declare,
//! schedule, Settings), where a file is checked (import, `site-gen check`), with a message that
//! says what, how long it is and how long it may be. A status page with a 5,000-character title
//! is unreadable on a phone, and a feed reader or a Statuspage client may cut it.

use crate::model::Settings;

/// An incident's or a maintenance window's title.
pub const TITLE: usize = 200;
/// A name: the organization, a component, a group, a person, a schedule, a tool link.
pub const NAME: usize = 100;
/// A short field: a person's handle, title, email, phone; a component's description; a link.
pub const SHORT: usize = 300;
/// An incident's workaround: a few sentences the status page shows.
pub const WORKAROUND: usize = 1000;

/// Why `text` is too long for `what` (at most `max` characters), if it is.
pub fn too_long(what: &str, text: &str, max: usize) -> Option<String> {
    let n = text.chars().count();
    (n > max).then(|| {
        format!("{what} is {n} characters long; keep it to {max} at most (a short line the status page can show on a phone)")
    })
}

/// The settings' names and short fields that are too long: (path under `settings`, message).
pub fn settings_too_long(s: &Settings) -> Vec<(String, String)> {
    let mut fields: Vec<(String, &str, &str, usize)> = Vec::new();
    fields.push((
        "organization.name".into(),
        "The organization's name",
        &s.organization.name,
        NAME,
    ));
    for (i, c) in s.components.iter().enumerate() {
        fields.push((
            format!("components[{i}].name"),
            "A component's name",
            &c.name,
            NAME,
        ));
        if let Some(d) = &c.description {
            let what = "A component's description";
            fields.push((format!("components[{i}].description"), what, d, SHORT));
        }
    }
    for (i, g) in s.component_groups.iter().enumerate() {
        fields.push((
            format!("component_groups[{i}].name"),
            "A group's name",
            &g.name,
            NAME,
        ));
    }
    for (i, x) in s.people.iter().enumerate() {
        fields.push((
            format!("people[{i}].name"),
            "A person's name",
            &x.name,
            NAME,
        ));
        fields.push((
            format!("people[{i}].handle"),
            "A person's handle",
            &x.handle,
            SHORT,
        ));
        for (f, v) in [
            ("title", &x.title),
            ("email", &x.email),
            ("phone", &x.phone),
        ] {
            if let Some(v) = v {
                fields.push((format!("people[{i}].{f}"), "A person's detail", v, SHORT));
            }
        }
    }
    for (i, o) in s.oncall_schedules.iter().enumerate() {
        fields.push((
            format!("oncall_schedules[{i}].name"),
            "A schedule's name",
            &o.name,
            NAME,
        ));
    }
    for (i, l) in s.tool_links.iter().enumerate() {
        fields.push((
            format!("tool_links[{i}].name"),
            "A tool link's name",
            &l.name,
            NAME,
        ));
    }
    fields
        .into_iter()
        .filter_map(|(path, what, text, max)| too_long(what, text, max).map(|m| (path, m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_how_long_and_the_limit() {
        assert_eq!(too_long("The title", &"x".repeat(200), TITLE), None);
        let m = too_long("The title", &"é".repeat(5000), TITLE).unwrap_or_default();
        assert!(
            m.starts_with("The title is 5000 characters long; keep it to 200 at most"),
            "{m}"
        );
    }

    #[test]
    fn a_file_with_a_title_too_long_is_refused_with_its_place() {
        let now =
            crate::Timestamp::parse("2026-11-01T12:00:00Z").unwrap_or_else(|_| unreachable!());
        let mut b = crate::sample::generate(&crate::sample::SampleOptions {
            incidents: 3,
            seed: 1,
            now,
        });
        assert!(crate::validate::check(&b).is_empty());
        b.incidents[1].title = "x".repeat(5000);
        b.settings.components[0].name = "y".repeat(101);
        let problems: Vec<String> = crate::validate::check(&b)
            .iter()
            .map(|p| p.to_string())
            .collect();
        let found = |path: &str, words: &str| {
            problems
                .iter()
                .any(|p| p.contains(path) && p.contains(words))
        };
        assert!(
            found("$.incidents[1].title", "5000 characters"),
            "{problems:?}"
        );
        assert!(
            found("$.settings.components[0].name", "keep it to 100"),
            "{problems:?}"
        );
    }
}
