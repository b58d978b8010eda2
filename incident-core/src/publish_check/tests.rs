#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use super::*;
use crate::model::{Tombstone, ToolLink};
use crate::sample::{generate, sample_settings, SampleOptions};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

/// The sample's settings: Maya Chen (`@maya`) and the others, tool links to
/// `cygni.pagerduty.com`, `docs.cygni.dev`, `grafana.cygni.dev` and the status page
/// `status.cygni.dev`, the playbook's default templates.
fn settings() -> Settings {
    sample_settings(now())
}

/// What `text` holds, as `(kind, found)`.
fn found(text: &str) -> Vec<(FindingKind, String)> {
    check_text(text, "the update's message", &settings())
        .into_iter()
        .map(|f| (f.kind, f.found))
        .collect()
}

fn one(kind: FindingKind, text: &str) -> Vec<(FindingKind, String)> {
    vec![(kind, text.to_owned())]
}

#[test]
fn each_kind_is_found_with_its_place_and_a_sentence() {
    let text = "Impact: [Specific impact]. Maya Chen (maya@cygni.dev, +1 555 0100) saw it on \
                grafana.internal.cygni.dev; see https://cygni.slack.com/archives/C01.";
    let findings = check_text(text, "incidents[3].updates[1].message", &settings());
    let said: Vec<(FindingKind, &str, &str)> = findings
        .iter()
        .map(|f| (f.kind, f.found.as_str(), f.message.as_str()))
        .collect();
    use FindingKind::*;
    assert_eq!(
        said,
        [
            (Placeholder, "[Specific impact]", "template placeholder “[Specific impact]” left in"),
            (PersonName, "Maya Chen", "a person's name, “Maya Chen”"),
            (Email, "maya@cygni.dev", "an email address, “maya@cygni.dev”"),
            (Phone, "+1 555 0100", "a phone number, “+1 555 0100”"),
            (
                InternalHost,
                "grafana.internal.cygni.dev",
                "an internal host, “grafana.internal.cygni.dev”"
            ),
            (
                InternalLink,
                "https://cygni.slack.com/archives/C01",
                "a link to an internal tool (chat, tickets, paging), “https://cygni.slack.com/archives/C01”"
            ),
        ]
    );
    assert!(findings
        .iter()
        .all(|f| f.place == "incidents[3].updates[1].message"));
    assert_eq!(FindingKind::Phone.label(), "phone number");
}

#[test]
fn a_clean_update_has_no_finding() {
    for text in [
        "We are investigating elevated error rates on the REST API since 14:07 UTC. Next update by 14:37 UTC.",
        "This incident has been resolved. REST API and GraphQL API are operating normally.",
        "Read [our status page](https://status.cygni.dev/incidents/1) or ![a chart](chart.png).",
        "See [the notes][notes].\n\n[notes]: https://status.cygni.dev/notes",
        "See [the notes] below.\n\n[the notes]: https://status.cygni.dev/notes",
        "- [x] rolled back\n- [ ] reindexed\n- [X] told support",
        "As the vendor said [1], and a footnote[^2].",
        "Fixed in `config[0]` and `items[i]`; see the [ ] box.",
        "```\n[ERROR] connection refused\n```",
        "Upgraded to 1.24.3 (from v2.10.1, build 20261202.1) on 2026-12-02 at 14:07.",
        "From 2026-12-02 14:07 to 2026-12-03 02:15 UTC, also written 02.12.2026 and 12/02/2026.",
        "Started 2026-12-02T14:07:00Z; timeline: 14:07 - 15:12 (1 h 5 min).",
        "Exports with more than 100,000 rows, or 12 345 678 events (1 234 567.89 EUR), failed.",
        "Nodes 10.20.30.40 and 192.168.100.200 were drained.",
        "Ticket #12345678, INC-20261202, order 98765432, id 3f2a9c1e-5b7d-4e2f-9a1b-1234567890ab.",
        "Latency was 1 2 3 4 5 6 7 8 seconds in eight runs.",
        "Requests to api.cygni.dev and status.cygni.dev, and https://github.com/cygni/api/issues/12.",
        "Slack and Zoom had no part in this; see https://slack.com and teams.microsoft.com.",
        "Mayan Chen and Chenoa Maya are not people of ours; neither is jonas.berg.",
        "Email us at the support address; @mayan is not a handle of ours.",
    ] {
        assert_eq!(found(text), [], "{text}");
    }
}

#[test]
fn placeholders_from_the_templates_and_other_brackets() {
    use FindingKind::Placeholder;
    assert_eq!(
        found("- [Factor 1]\n- Fixed"),
        one(Placeholder, "[Factor 1]")
    );
    assert_eq!(found("Severity: SEV[1-4]"), one(Placeholder, "[1-4]"));
    assert_eq!(found("affecting [SERVICE]."), one(Placeholder, "[SERVICE]"));
    let other = check_text("Root cause: [TBD]", "x", &settings());
    assert_eq!(other[0].message, "what looks like a placeholder, “[TBD]”");
    // A template's token in code is still one; a bracket that only looks like one is not.
    assert_eq!(
        found("`[Factor 1]` and `[TBD]`"),
        one(Placeholder, "[Factor 1]")
    );
    // A bracket followed by `: words` is no link definition.
    assert_eq!(
        found("[Service Name]: down"),
        one(Placeholder, "[Service Name]")
    );
    // The same placeholder twice is said once.
    assert_eq!(found("[Date] to [Date]"), one(Placeholder, "[Date]"));
}

#[test]
fn names_and_handles_of_the_settings_people() {
    use FindingKind::PersonName;
    assert_eq!(found("as maya chen said"), one(PersonName, "maya chen"));
    assert_eq!(
        found("Maya\n  Chen's team"),
        one(PersonName, "Maya\n  Chen")
    );
    assert_eq!(found("Paged @jonas."), one(PersonName, "@jonas"));
    let handle = check_text("ask @Amara", "x", &settings());
    assert_eq!(
        handle[0].message,
        "a person's chat handle, “@Amara” (Amara Okafor)"
    );
    assert_eq!(found("@maya.chen and @maya_c"), []);
    // In an email address the name is the address.
    assert_eq!(
        found("write to jonas@cygni.dev"),
        one(FindingKind::Email, "jonas@cygni.dev")
    );
}

#[test]
fn phone_numbers_and_what_only_looks_like_one() {
    use FindingKind::Phone;
    for number in [
        "+1 555 0100",
        "+1-555-0110",
        "(555) 010-0123",
        "555.010.0123",
        "+44 20 7946 0958",
        "+49 (0)30 1234567",
        "+15550100123",
        "0800 1234567",
    ] {
        assert_eq!(found(&format!("Call {number}.")), one(Phone, number));
    }
    assert_eq!(found("(call +1 555 0100)"), one(Phone, "+1 555 0100"));
    assert_eq!(found("Phone:+1 555 0100"), one(Phone, "+1 555 0100"));
    assert_eq!(
        found("at (+1 555) 010 0123."),
        one(Phone, "(+1 555) 010 0123")
    );
    for not_one in [
        "2026-12-02",
        "2026.12.02 and 02-12-2026",
        "14:07:59 12:00",
        "20261202",
        "5550100123",
        "1.24.3.12345",
        "+1 555",
        "12345678-ab",
        "x12345678",
        "555 0100 1234%",
        "555 0100.txt",
    ] {
        assert_eq!(found(not_one), [], "{not_one}");
    }
}

#[test]
fn hosts_of_the_tools_and_private_hosts_but_not_the_status_page() {
    use FindingKind::{InternalHost, InternalLink};
    assert_eq!(
        found("See https://grafana.cygni.dev/d/api?from=now-1h."),
        one(InternalHost, "grafana.cygni.dev")
    );
    assert_eq!(
        found("on eu.grafana.cygni.dev:3000"),
        one(InternalHost, "eu.grafana.cygni.dev")
    );
    assert_eq!(found("db-7.corp and cache.lan"), {
        let mut v = one(InternalHost, "db-7.corp");
        v.extend(one(InternalHost, "cache.lan"));
        v
    });
    assert_eq!(
        found("the runbook, docs.cygni.dev/runbooks/api"),
        one(InternalHost, "docs.cygni.dev")
    );
    // The status page is public even when it is also a tool link.
    let mut s = settings();
    s.tool_links.push(ToolLink {
        name: "Status".to_owned(),
        url: "https://status.cygni.dev/".to_owned(),
    });
    assert_eq!(check_text("https://status.cygni.dev/history", "x", &s), []);

    for link in [
        "https://cygni.atlassian.net/browse/OPS-12",
        "https://cygni.pagerduty.com/incidents/P1ABC",
        "https://meet.google.com/abc-defg-hij",
        "https://zoom.us/j/12345678901",
        "https://teams.microsoft.com/l/meetup-join/1",
        "linear.app/cygni/issue/ENG-12",
        "cygni.slack.com",
    ] {
        assert_eq!(found(&format!("({link})")), one(InternalLink, link));
    }
}

/// A sample bundle, an incident of it with a published post-mortem, and another one on the
/// site.
fn sample_with_published_postmortem() -> (Bundle, usize, usize) {
    let bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 4,
        now: now(),
    });
    let published = bundle
        .incidents
        .iter()
        .position(|i| on_site(i, now()) && i.postmortem.as_ref().is_some_and(|p| p.published))
        .unwrap();
    let other = bundle
        .incidents
        .iter()
        .position(|i| {
            on_site(i, now()) && i.postmortem.is_some() && i.id != bundle.incidents[published].id
        })
        .unwrap();
    (bundle, published, other)
}

#[test]
fn the_sample_publishes_nothing_to_confirm() {
    for (incidents, seed) in [(400, 1), (400, 7)] {
        let bundle = generate(&SampleOptions {
            incidents,
            seed,
            now: now(),
        });
        assert_eq!(check_public(&bundle, now()), [], "seed {seed}");
    }
}

#[test]
fn check_public_finds_what_a_published_postmortem_left_in() {
    let (mut bundle, n, other) = sample_with_published_postmortem();
    let text = "\n## Contributing Factors\n- [Factor 1]\n- Maya Chen was paged late.\n";
    bundle.incidents[n]
        .postmortem
        .as_mut()
        .unwrap()
        .markdown
        .push_str(text);
    // Not published: nothing is said of it.
    let unpublished = bundle.incidents[other].postmortem.as_mut().unwrap();
    unpublished.markdown.push_str(text);
    unpublished.published = false;
    unpublished.published_at = None;
    // An internal update is never published.
    let mut internal = bundle.incidents[other].updates[0].clone();
    internal.id = "internal-1".to_owned();
    internal.public = false;
    internal.message = "Ask Maya Chen, maya@cygni.dev, about [Factor 1].".to_owned();
    bundle.incidents[other].updates.push(internal);

    let findings = check_public(&bundle, now());
    let said: Vec<(&str, FindingKind, &str)> = findings
        .iter()
        .map(|f| (f.place.as_str(), f.kind, f.found.as_str()))
        .collect();
    let place = format!("incidents[{n}].postmortem.markdown");
    assert_eq!(
        said,
        [
            (place.as_str(), FindingKind::Placeholder, "[Factor 1]"),
            (place.as_str(), FindingKind::PersonName, "Maya Chen"),
        ]
    );
}

#[test]
fn check_public_reads_titles_updates_and_maintenances_by_their_path() {
    let (mut bundle, n, _) = sample_with_published_postmortem();
    // The responders' title is internal: what it says is not published, so not reported.
    bundle.incidents[n].title.push_str(" (ask @maya)");
    let title = bundle.incidents[n]
        .public_title
        .get_or_insert_with(String::new);
    title.push_str(" [Service Name]");
    let u = bundle.incidents[n]
        .updates
        .iter()
        .rposition(|u| u.public)
        .unwrap();
    bundle.incidents[n].updates[u]
        .message
        .push_str(" Questions: +1 555 0100.");
    bundle.maintenances[2].title.push_str(" (by @sofia)");
    bundle.maintenances[2].updates[0]
        .message
        .push_str(" Details: https://cygni.atlassian.net/browse/OPS-7");
    bundle.settings.components[0].description = Some("Served by api-1.internal".to_owned());
    let places: Vec<String> = check_public(&bundle, now())
        .into_iter()
        .map(|f| f.place)
        .collect();
    // Checked a few incidents at a time (the workspace's Publish), the same findings in order.
    for batch in [1, 7] {
        let mut job = super::PublicCheck::new(&bundle, now());
        let mut steps = 0;
        while job.step(batch) {
            steps += 1;
        }
        assert_eq!(steps, bundle.incidents.len().div_ceil(batch) - 1);
        let stepped: Vec<String> = job.finish().into_iter().map(|f| f.place).collect();
        assert_eq!(stepped, places);
    }
    assert_eq!(
        places,
        [
            "settings.components[0].description".to_owned(),
            format!("incidents[{n}].public_title"),
            format!("incidents[{n}].updates[{u}].message"),
            "maintenances[2].title".to_owned(),
            "maintenances[2].updates[0].message".to_owned(),
        ]
    );

    // A drill, or an incident deleted by a tombstone, is not on the site.
    bundle.incidents[n].drill = true;
    bundle.tombstones.push(Tombstone {
        kind: crate::model::RecordKind::Maintenance,
        id: bundle.maintenances[2].id.clone(),
        deleted_at: now(),
        device: "d".to_owned(),
    });
    let places: Vec<String> = check_public(&bundle, now())
        .into_iter()
        .map(|f| f.place)
        .collect();
    assert_eq!(places, ["settings.components[0].description"]);
}

#[test]
fn any_cut_of_odd_text_is_read_without_a_panic() {
    let text = "Zoë’s [état]: ü.internal@x.lan, (+1 555) 0100‐99 «@maya» https://ü.slack.com/é \
                `[`x]( [[Name]] 2026-12-02T14:07 Maya Chen’s 10.0.0.1/24 ]:[ @ . + (";
    let s = settings();
    for (at, _) in text.char_indices() {
        check_text(&text[..at], "x", &s);
        check_text(&text[at..], "x", &s);
    }
}

/// Schema 3's public words are checked where they are published: the workaround, a correction,
/// a public follow-up; and the settings' internal domains are internal hosts.
#[test]
fn check_public_reads_the_workaround_corrections_follow_ups_and_internal_domains() {
    let (mut bundle, n, _) = sample_with_published_postmortem();
    bundle.settings.internal_domains = vec!["corp.example".to_owned()];
    let inc = &mut bundle.incidents[n];
    inc.workaround = Some("Use https://vpn.corp.example/eu meanwhile.".to_owned());
    let u = inc.updates.iter().find(|u| u.public).unwrap().clone();
    inc.corrections.push(crate::model::Correction {
        id: "c-1".to_owned(),
        update: u.id.clone(),
        at: u.at,
        by: None,
        message: Some("Corrected: [Specific impact]".to_owned()),
    });
    let a = inc.action_items.iter().position(|a| a.public).unwrap();
    inc.action_items[a].action.push_str(" (owner: Maya Chen)");
    let said: Vec<(String, FindingKind)> = check_public(&bundle, now())
        .into_iter()
        .map(|f| (f.place, f.kind))
        .collect();
    assert_eq!(
        said,
        [
            (
                format!("incidents[{n}].workaround"),
                FindingKind::InternalHost
            ),
            (
                format!("incidents[{n}].corrections[0].message"),
                FindingKind::Placeholder
            ),
            (
                format!("incidents[{n}].action_items[{a}].action"),
                FindingKind::PersonName
            ),
        ]
    );
}
