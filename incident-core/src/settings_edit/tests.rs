#[test]
fn list_boxes_read_back_what_they_show() {
    use crate::playbook::Playbook;
    let p = Playbook::default();
    assert_eq!(
        super::commands_from_text(&super::commands_to_text(&p.data_collection)),
        p.data_collection
    );
    assert_eq!(super::lines(&p.quick_wins.join("\n")), p.quick_wins);
    assert_eq!(super::lines("  one \n\n two\n"), vec!["one", "two"]);
    let read = super::commands_from_text(
        "kubectl get ns\n# Logs of the API\nkubectl logs api \\\n  --tail=100\n\n# Nothing yet\n",
    );
    assert_eq!(read.len(), 3);
    assert_eq!(read[0].description, "");
    assert_eq!(read[1].description, "Logs of the API");
    assert_eq!(read[1].command, "kubectl logs api \\\n  --tail=100");
    assert_eq!(read[2].command, "");
    let mut s = crate::sample::sample_settings(crate::merge::unstamped().at);
    s.playbook.data_collection = read;
    let refused = super::check(&s).unwrap_err().0;
    assert!(
        refused.contains("\"Nothing yet\" has no command"),
        "{refused}"
    );
}

use super::*;
use crate::merge::{merge, unstamped};
use crate::model::{Person, ToolLink};
use crate::playbook::ResponseTarget;
use crate::sample::sample_settings;
use crate::time::Timestamp;

fn at(min: i64) -> Timestamp {
    let t = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    Timestamp::from_unix_millis(t.unix_millis() + min * 60_000).unwrap()
}

fn actor(device: &str, min: i64) -> Actor {
    Actor {
        person: None,
        device: device.to_owned(),
        now: at(min),
    }
}

#[test]
fn only_changed_fields_are_stamped() {
    let s = sample_settings(at(0));
    let mut e = s.clone();
    e.people[0].phone = Some("+1 555 0100".to_owned());
    e.playbook.postmortem_due_hours = 72;
    let out = apply(&s, &e, &actor("dev-a", 5)).unwrap();
    let phone = settings_key("people", &s.people[0].id, "phone");
    assert_eq!(out.stamps[&phone].at, at(5));
    assert_eq!(out.stamps["playbook.postmortem_due_hours"].at, at(5));
    let name = settings_key("people", &s.people[0].id, "name");
    assert_eq!(out.stamps.get(&name), s.stamps.get(&name));
    assert!(!out.stamps.contains_key("playbook.severities"));
    assert_eq!(out.people[0].phone.as_deref(), Some("+1 555 0100"));
}

#[test]
fn two_people_editing_different_fields_both_win_and_the_same_field_keeps_a_conflict() {
    let s = sample_settings(at(0));
    let base = Bundle::new(s.clone(), "base", at(0));
    let mut ea = s.clone();
    ea.people[0].phone = Some("111".to_owned());
    ea.components[0].name = "API (EU)".to_owned();
    let mut eb = s.clone();
    eb.people[0].email = Some("sam@cygni.example".to_owned());
    eb.components[0].name = "Public API".to_owned();
    let a = Bundle {
        settings: apply(&s, &ea, &actor("dev-a", 5)).unwrap(),
        ..base.clone()
    };
    let b = Bundle {
        settings: apply(&s, &eb, &actor("dev-b", 7)).unwrap(),
        ..base
    };
    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    let person = m.settings.person(&s.people[0].id).unwrap();
    assert_eq!(person.phone.as_deref(), Some("111"));
    assert_eq!(person.email.as_deref(), Some("sam@cygni.example"));
    // The later edit of the same name wins; the other is kept as a conflict.
    let component = m.settings.component(&s.components[0].id).unwrap();
    assert_eq!(component.name, "Public API");
    assert!(m
        .settings
        .conflicts
        .iter()
        .any(|c| c.value == Value::String("API (EU)".to_owned())));
}

#[test]
fn a_device_whose_clock_is_behind_still_moves_the_stamp_forward() {
    let s = sample_settings(at(0));
    let mut e = s.clone();
    e.organization.name = "Cygni Labs".to_owned();
    let first = apply(&s, &e, &actor("dev-a", 30)).unwrap();
    let mut e2 = first.clone();
    e2.organization.name = "Cygni Inc".to_owned();
    // This laptop's clock is 20 minutes behind the first edit.
    let second = apply(&first, &e2, &actor("dev-b", 10)).unwrap();
    assert!(second.stamps["organization.name"] > first.stamps["organization.name"]);
    assert!(second.stamps["organization.name"] > unstamped());
}

#[test]
fn bad_values_are_refused_with_what_and_where() {
    let s = sample_settings(at(0));
    type Edit = Box<dyn Fn(&mut Settings)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|e| e.organization.name = " ".into()),
            "organization needs a name",
        ),
        (
            Box::new(|e| e.people[1].handle = e.people[0].handle.to_uppercase()),
            "used by two people",
        ),
        (
            Box::new(|e| e.people[0].handle = "@sam".into()),
            "without @",
        ),
        (
            Box::new(|e| e.people[0].email = Some("not-an-email".into())),
            "not an email address",
        ),
        (
            Box::new(|e| {
                e.tool_links.push(ToolLink {
                    name: "Logs".into(),
                    url: "javascript:alert(1)".into(),
                })
            }),
            "must be a web address",
        ),
        (
            Box::new(|e| {
                e.playbook.severities[0].response_time = ResponseTarget::Minutes { minutes: 0 }
            }),
            "at least one minute",
        ),
        (
            Box::new(|e| e.oncall_schedules[0].shift_days = 0),
            "at least one day",
        ),
        (
            Box::new(|e| e.oncall_schedules[0].rotation = vec!["nobody".into()]),
            "does not exist",
        ),
        (
            Box::new(|e| {
                e.components.remove(0);
            }),
            "cannot be removed",
        ),
    ];
    for (edit, expected) in cases {
        let mut e = s.clone();
        edit(&mut e);
        let err = apply(&s, &e, &actor("dev-a", 1)).unwrap_err();
        assert!(err.0.contains(expected), "{expected:?} not in {:?}", err.0);
    }
}

#[test]
fn a_new_person_is_stamped_in_full_and_passes_the_bundle_checks() {
    let s = sample_settings(at(0));
    let mut e = s.clone();
    e.people.push(Person {
        id: "p-new".to_owned(),
        name: "Robin New".to_owned(),
        handle: "robin".to_owned(),
        title: None,
        email: None,
        phone: None,
        escalation_levels: vec!["em".to_owned()],
    });
    let out = apply(&s, &e, &actor("dev-a", 1)).unwrap();
    assert!(out
        .stamps
        .contains_key(&settings_key("people", "p-new", "handle")));
    assert!(crate::validate::check(&Bundle::new(out, "d", at(1))).is_empty());
}
