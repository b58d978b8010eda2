//! A new team's workspace: the settings its first screen asks for (the organization, its
//! components in groups, its people and their contacts), read from what was typed, stamped as one
//! edit, with the playbook's defaults. Every step may be left empty and done later in Settings.

use crate::model::{Component, ComponentGroup, Organization, Person, Settings, Stamps};
use crate::ops::{Actor, Refused};
use crate::playbook::Playbook;

use super::apply;

/// What the first screen asks for, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    pub organization: String,
    pub status_page_url: String,
    /// One component per line; `Group / Component` puts it in a group.
    pub components: String,
    /// One person per line: `Name, email, phone` (email and phone optional, in any order).
    pub people: String,
}

/// The name a workspace gets when the first screen's organization was left empty.
pub const UNNAMED: &str = "Our organization";

/// The settings of a new workspace from `setup`, stamped by `actor` (so that two people's
/// workspaces, exchanged later, merge field by field). Refused, with the reason, for what
/// Settings would refuse (an address that is not a web address).
pub fn new_workspace(setup: &Setup, actor: &Actor) -> Result<Settings, Refused> {
    let blank = Settings {
        organization: Organization {
            name: String::new(),
            status_page_url: String::new(),
        },
        component_groups: Vec::new(),
        components: Vec::new(),
        people: Vec::new(),
        oncall_schedules: Vec::new(),
        tool_links: Vec::new(),
        internal_domains: Vec::new(),
        business_hours: crate::model::BusinessHours::default(),
        uptime_weights: crate::model::UptimeWeights::default(),
        site_language: crate::model::SiteLanguage::default(),
        playbook: Playbook::default(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    };
    let name = setup.organization.trim();
    let (component_groups, components) = components_from_lines(&setup.components, actor);
    let edited = Settings {
        organization: Organization {
            name: if name.is_empty() { UNNAMED } else { name }.to_owned(),
            status_page_url: setup.status_page_url.trim().to_owned(),
        },
        component_groups,
        components,
        people: people_from_lines(&setup.people),
        ..blank.clone()
    };
    apply(&blank, &edited, actor)
}

/// Components one per line (blank lines skipped); `Group / Component` puts the component in a
/// group, made once per name. Ids come from the names (`c-rest-api`, `g-platform`), unique.
pub fn components_from_lines(text: &str, actor: &Actor) -> (Vec<ComponentGroup>, Vec<Component>) {
    let mut groups: Vec<ComponentGroup> = Vec::new();
    let mut components: Vec<Component> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (group, name) = match line.split_once('/') {
            Some((g, n)) if !g.trim().is_empty() && !n.trim().is_empty() => {
                (Some(g.trim()), n.trim())
            }
            _ => (None, line),
        };
        let group = group.map(|g| match groups.iter().find(|x| x.name == g) {
            Some(x) => x.id.clone(),
            None => {
                let id = unique_id("g", g, groups.iter().map(|x| x.id.as_str()));
                groups.push(ComponentGroup {
                    id: id.clone(),
                    name: g.to_owned(),
                    description: None,
                    position: groups.len() as u32,
                });
                id
            }
        });
        let id = unique_id("c", name, components.iter().map(|x| x.id.as_str()));
        components.push(Component {
            id,
            name: name.to_owned(),
            description: None,
            group,
            position: components.len() as u32,
            created_at: actor.now,
        });
    }
    (groups, components)
}

/// People one per line: `Name, email, phone`; a part with `@` is the email, another the phone.
/// Each answers the playbook's on-call level (changed in Settings); their handle is their name
/// in lower case without spaces.
pub fn people_from_lines(text: &str) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split(',').map(str::trim).filter(|p| !p.is_empty());
        let Some(name) = parts.next() else { continue };
        let (mut email, mut phone) = (None, None);
        for part in parts {
            if part.contains('@') {
                email.get_or_insert_with(|| part.to_owned());
            } else {
                phone.get_or_insert_with(|| part.to_owned());
            }
        }
        let id = unique_id("p", name, people.iter().map(|x| x.id.as_str()));
        people.push(Person {
            handle: id.trim_start_matches("p-").replace('-', ""),
            id,
            name: name.to_owned(),
            title: None,
            email,
            phone,
            escalation_levels: vec!["on-call".to_owned()],
        });
    }
    people
}

/// `<prefix>-<name in lower case, letters and digits joined by ->`, with `-2`, `-3` … when taken.
fn unique_id<'a>(prefix: &str, name: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut slug = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}-{}", &slug[..slug.len().min(48)])
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.clone().any(|t| t == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Timestamp;

    fn actor() -> Actor {
        Actor {
            person: None,
            device: "laptop".to_owned(),
            now: Timestamp::parse("2026-12-02T03:00:00Z").unwrap(),
        }
    }

    #[test]
    fn a_new_workspace_has_what_was_typed_and_the_playbooks_defaults() {
        let setup = Setup {
            organization: " Acme ".to_owned(),
            status_page_url: "https://status.acme.test".to_owned(),
            components: "Platform / REST API\nPlatform / Webhooks\n\nDashboard\n".to_owned(),
            people: "Ana Lima, ana@acme.test, +1 555 0100\nBo Chen, +1 555 0101".to_owned(),
        };
        let s = new_workspace(&setup, &actor()).unwrap();
        assert_eq!(s.organization.name, "Acme");
        assert_eq!(s.organization.status_page_url, "https://status.acme.test");
        assert_eq!(s.component_groups.len(), 1);
        assert_eq!(s.component_groups[0].name, "Platform");
        let names: Vec<(&str, Option<&str>)> = s
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("REST API", Some("g-platform")),
                ("Webhooks", Some("g-platform")),
                ("Dashboard", None)
            ]
        );
        assert_eq!(s.components[0].id, "c-rest-api");
        assert_eq!(s.people[0].email.as_deref(), Some("ana@acme.test"));
        assert_eq!(s.people[0].phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(s.people[0].handle, "analima");
        assert_eq!(s.people[1].email, None);
        assert_eq!(s.people[1].phone.as_deref(), Some("+1 555 0101"));
        assert_eq!(s.playbook, Playbook::default());
        // Stamped, so two teams' workspaces merge field by field.
        assert!(s.stamps.contains_key("organization.name"));
        assert!(s.stamps.contains_key("components/c-rest-api.name"));
        crate::settings_edit::check(&s).unwrap();
    }

    #[test]
    fn every_step_may_be_skipped() {
        let s = new_workspace(&Setup::default(), &actor()).unwrap();
        assert_eq!(s.organization.name, UNNAMED);
        assert!(s.components.is_empty() && s.people.is_empty());
    }

    #[test]
    fn ids_are_unique_and_url_safe() {
        let (_, c) = components_from_lines("API\nApi\nÄ/B?\n***", &actor());
        let ids: Vec<&str> = c.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c-api", "c-api-2", "c-b", "c"]);
        assert!(c.iter().all(|c| crate::validate::is_valid_id(&c.id)));
    }

    #[test]
    fn a_bad_address_is_refused_with_the_reason() {
        let setup = Setup {
            status_page_url: "status.acme.test".to_owned(),
            ..Setup::default()
        };
        let err = new_workspace(&setup, &actor()).unwrap_err();
        assert!(err.0.contains("https://"), "{}", err.0);
    }
}
