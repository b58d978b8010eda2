//! `site-gen build` end to end: the contract's paths, determinism, all-or-nothing output, the
//! leak test (nothing internal is ever published) and hostile content parsed by a real HTML
//! parser. The external validators (Nu HTML checker, feedparser, icalendar, a Statuspage client,
//! axe-core, Chromium) run from `tests/site/` in the test command.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use incident_core::model::{ActionItem, ActionStatus, EventKind, Priority, StatusUpdate};
use incident_core::sample::{self, SampleOptions};
use incident_core::{Bundle, Timestamp};

const NOW: &str = "2026-11-01T12:00:00Z";

mod common;
use common::{site_gen_env as site_gen, text};

fn now() -> Timestamp {
    Timestamp::parse(NOW).unwrap()
}

fn sample_bundle(n: usize) -> Bundle {
    sample::generate(&SampleOptions {
        incidents: n,
        seed: 7,
        now: now(),
    })
}

fn write_bundle(dir: &Path, name: &str, b: &Bundle) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, b.to_json_pretty()).unwrap();
    p
}

fn build(input: &Path, out: &Path, env: &[(&str, &str)]) -> Output {
    site_gen(
        &[
            "build",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            NOW,
            "--base-url",
            "https://status.cygni.example",
            // The inputs here are samples: these tests build demo sites.
            "--allow-sample",
        ],
        env,
    )
}

/// Every file of a folder, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The text a reader sees, as a real HTML parser reads the page.
fn visible_text(html: &[u8]) -> String {
    let doc = scraper::Html::parse_document(&text(html));
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

fn json(site: &BTreeMap<String, Vec<u8>>, path: &str) -> serde_json::Value {
    serde_json::from_slice(
        site.get(path)
            .unwrap_or_else(|| panic!("{path} is missing")),
    )
    .unwrap()
}

#[test]
fn the_sample_builds_every_path_of_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = sample_bundle(300);
    let input = write_bundle(dir.path(), "in.json", &bundle);
    let out = dir.path().join("site");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let site = tree(&out);
    for path in [
        "index.html",
        "history/index.html",
        "feed.atom",
        "feed.rss",
        "api/v2/summary.json",
        "api/v2/status.json",
        "api/v2/components.json",
        "api/v2/incidents.json",
        "api/v2/incidents/unresolved.json",
        "api/v2/scheduled-maintenances.json",
        "api/v2/scheduled-maintenances/upcoming.json",
        "api/v2/scheduled-maintenances/active.json",
        "badge.svg",
        "maintenance.ics",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "_headers",
    ] {
        assert!(site.contains_key(path), "{path} is missing");
    }

    // Every public incident has its page; published post-mortems have theirs; drills never.
    let projected = incident_core::public::project(&bundle, now());
    assert!(projected.incidents.len() > 50);
    for i in &projected.incidents {
        assert!(site.contains_key(&format!("incidents/{}/index.html", i.id)));
        assert_eq!(
            site.contains_key(&format!("postmortems/{}/index.html", i.id)),
            i.postmortem.is_some()
        );
    }
    for drill in bundle.incidents.iter().filter(|i| i.drill) {
        assert!(!site.contains_key(&format!("incidents/{}/index.html", drill.id)));
    }

    // The API says what the projection says, newest first.
    let status = json(&site, "api/v2/status.json");
    assert_eq!(status["status"]["indicator"], projected.indicator.key());
    let incidents = json(&site, "api/v2/incidents.json");
    let list = incidents["incidents"].as_array().unwrap();
    assert_eq!(list.len(), 50);
    let created: Vec<&str> = list
        .iter()
        .map(|i| i["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = created.clone();
    incident_core::sort::by(&mut sorted, |a, b| b.cmp(a));
    assert_eq!(created, sorted, "incidents.json is newest first");
    let unresolved = json(&site, "api/v2/incidents/unresolved.json");
    let open = unresolved["incidents"].as_array().unwrap();
    assert_eq!(open.len(), projected.unresolved().count());
    assert!(!open.is_empty(), "the sample has open incidents at its now");
    for i in open {
        assert!(
            ["investigating", "identified", "monitoring"].contains(&i["status"].as_str().unwrap())
        );
        assert!(i["resolved_at"].is_null());
    }

    // The status page names the overall status and every component.
    let index = visible_text(&site["index.html"]);
    assert!(index.contains(projected.description()));
    for c in &projected.components {
        assert!(
            index.contains(&c.name),
            "{} is not on the status page",
            c.name
        );
    }

    // Absolute links under --base-url in feeds and sitemap.
    let sitemap = text(&site["sitemap.xml"]);
    assert!(sitemap.contains("<loc>https://status.cygni.example/incidents/"));
    assert!(text(&site["feed.atom"]).contains("https://status.cygni.example/incidents/"));
    assert!(text(&site["robots.txt"]).contains("Sitemap: https://status.cygni.example/sitemap.xml"));
}

#[test]
fn same_input_and_now_give_byte_identical_sites() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "in.json", &sample_bundle(200));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&input, &a, &[]).status.success());
    assert!(build(&input, &b, &[]).status.success());
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 100);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

#[test]
fn a_build_that_fails_half_way_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "in.json", &sample_bundle(150));
    let out = dir.path().join("site");
    assert!(build(&input, &out, &[]).status.success());
    let before = tree(&out);

    // A different input, so a completed build would change files; the write fails after 40.
    let mut changed = sample_bundle(150);
    changed.settings.organization.name = "Renamed".to_owned();
    let input2 = write_bundle(dir.path(), "in2.json", &changed);
    let o = build(&input2, &out, &[("SITE_GEN_FAIL_AFTER_FILES", "40")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("simulated failure"),
        "{}",
        text(&o.stderr)
    );
    assert!(tree(&out) == before, "the previous site changed");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    // And the same build without the failure replaces the site.
    assert!(build(&input2, &out, &[]).status.success());
    assert!(visible_text(&tree(&out)["index.html"]).contains("Renamed"));
}

/// Names of the hidden entries beside `out` (staging folders, previous sites), waiting up to 20 s
/// for the background removal of a previous site to finish.
fn leftovers_after_cleanup(dir: &Path) -> Vec<String> {
    let list = || -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    };
    for _ in 0..200 {
        if list().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    list()
}

#[test]
fn two_builds_at_once_into_one_folder_both_finish_and_leave_one_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = sample_bundle(120);
    one.settings.organization.name = "First Build".to_owned();
    let mut two = sample_bundle(120);
    two.settings.organization.name = "Second Build".to_owned();
    let (in1, in2) = (
        write_bundle(dir.path(), "one.json", &one),
        write_bundle(dir.path(), "two.json", &two),
    );
    let out = dir.path().join("site");
    // A site already there, so both builds replace one.
    assert!(build(&in1, &out, &[]).status.success());
    let reference = |input: &Path| {
        let d = tempfile::tempdir().unwrap();
        let o = d.path().join("site");
        assert!(build(input, &o, &[]).status.success());
        tree(&o)
    };
    let (t1, t2) = (reference(&in1), reference(&in2));

    let handles: Vec<_> = [in1.clone(), in2.clone(), in1, in2]
        .into_iter()
        .map(|input| {
            let out = out.clone();
            std::thread::spawn(move || build(&input, &out, &[]))
        })
        .collect();
    for h in handles {
        let o = h.join().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    let now = tree(&out);
    assert!(now == t1 || now == t2, "the site is a mix of two builds");
    let left = leftovers_after_cleanup(dir.path());
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_rebuild_replaces_the_site_and_removes_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "in.json", &sample_bundle(80));
    let out = dir.path().join("site");
    assert!(build(&input, &out, &[]).status.success());
    let mut changed = sample_bundle(80);
    changed.settings.organization.name = "Renamed Org".to_owned();
    let input2 = write_bundle(dir.path(), "in2.json", &changed);
    assert!(build(&input2, &out, &[]).status.success());
    assert!(visible_text(&tree(&out)["index.html"]).contains("Renamed Org"));
    let left = leftovers_after_cleanup(dir.path());
    assert!(
        left.is_empty(),
        "the previous site was not removed: {left:?}"
    );
}

#[test]
fn build_never_replaces_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "in.json", &sample_bundle(20));
    let out = dir.path().join("precious");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "years of work").unwrap();
    let o = build(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("not written by site-gen"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn a_bad_base_url_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "in.json", &sample_bundle(20));
    let out = dir.path().join("site");
    let o = site_gen(
        &[
            "build",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "javascript:alert(1)",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--base-url"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
}

/// Puts a unique marker into every field that must never be published, and returns them.
fn plant_markers(b: &mut Bundle) -> Vec<String> {
    let mut markers = Vec::new();
    let mut mark = |what: &str| {
        let m = format!("zqxleak{}{what}", markers.len());
        markers.push(m.clone());
        m
    };
    for p in &mut b.settings.people {
        p.name = mark("name");
        p.handle = mark("handle");
        p.title = Some(mark("title"));
        p.email = Some(format!("{}@example.com", mark("email")));
        p.phone = Some(mark("phone"));
    }
    for s in &mut b.settings.oncall_schedules {
        s.name = mark("schedule");
        s.external_id = Some(mark("schedule-ext"));
    }
    for t in &mut b.settings.tool_links {
        t.name = mark("tool");
        t.url = format!("https://{}.example.com/", mark("toolurl"));
    }
    b.settings.internal_domains = vec![format!("{}.example", mark("domain"))];
    for q in &mut b.settings.playbook.assessment_questions {
        *q = mark("question");
    }
    for i in &mut b.incidents {
        // The responders' title is internal, published or not: the public reads the public title.
        i.title = mark("internal-title");
        i.links = incident_core::model::IncidentLinks {
            chat_channel: Some(mark("chat")),
            bridge: Some(format!("https://{}.example.com/", mark("bridge"))),
            ticket: Some(mark("ticket")),
            other: vec![incident_core::model::ToolLink {
                name: mark("link-name"),
                url: format!("https://{}.example.com/", mark("link-url")),
            }],
        };
        if let Some(last) = i.timeline.last().map(|e| e.at) {
            let id = format!("{}-told", i.id);
            i.timeline.push(incident_core::model::Event {
                id,
                at: last,
                by: None,
                kind: EventKind::Notified { who: mark("told") },
            });
        }
        for u in &mut i.updates {
            // The public part of an update is its message; the template fields stay inside.
            u.impact = mark("update-impact");
            u.actions = mark("update-actions");
            if !u.public || i.drill {
                u.message = mark("internal-update");
            }
        }
        for e in &mut i.timeline {
            match &mut e.kind {
                EventKind::Note { text } => *text = mark("note"),
                EventKind::Decision { text, outcome } => {
                    *text = mark("decision");
                    *outcome = Some(mark("outcome"));
                }
                EventKind::Paged { message, .. } => *message = mark("page"),
                EventKind::Reopened { reason } => *reason = mark("reopen"),
                _ => {}
            }
        }
        // An action item chosen for the public follow-up list is public words; the others are not.
        for a in i.action_items.iter_mut().filter(|a| !a.public) {
            a.action = mark("action");
        }
        i.action_items.push(ActionItem {
            id: format!("{}-ai-leak", i.id),
            action: mark("action"),
            owner: None,
            due: None,
            priority: Priority::P0,
            status: ActionStatus::Open,
            created_at: i.declared_at,
            completed_at: None,
            public: false,
            stamps: Default::default(),
        });
        if let Some(pm) = &mut i.postmortem {
            if pm.published && !i.drill {
                // Published: everything but its action items is public.
                pm.markdown.push_str(&format!(
                    "\n\n## Action Items\n\n| Action | Owner | Due | Priority |\n|---|---|---|---|\n| {} | {} | 2026-12-01 | P0 |\n\n### Owners\n\n{}\n",
                    mark("pm-action"),
                    mark("pm-owner"),
                    mark("pm-owner-note")
                ));
            } else {
                pm.markdown = mark("draft-postmortem");
            }
        }
    }
    markers
}

#[test]
fn nothing_internal_reaches_any_published_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle = sample_bundle(400);
    let markers = plant_markers(&mut bundle);
    assert!(markers.len() > 1000, "{} markers", markers.len());
    // Person ids appear wherever someone acted: publish none of them either.
    let mut json = bundle.to_json_pretty();
    for (n, p) in bundle.settings.people.iter().enumerate() {
        let id = format!("zqxleak-person-{n}");
        json = json.replace(&format!("\"{}\"", p.id), &format!("\"{id}\""));
    }
    let input = dir.path().join("marked.json");
    std::fs::write(&input, &json).unwrap();
    let out = dir.path().join("site");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let site = tree(&out);
    let mut leaks = Vec::new();
    for (path, bytes) in &site {
        let body = text(bytes).to_lowercase();
        if let Some(at) = body.find("zqxleak") {
            leaks.push(format!(
                "{path}: …{}…",
                &body[at..(at + 40).min(body.len())]
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "internal data published:\n{}",
        leaks.join("\n")
    );

    // The control: public update messages and published post-mortems are there.
    let public_update: &StatusUpdate = bundle
        .incidents
        .iter()
        .filter(|i| !i.drill)
        .flat_map(|i| &i.updates)
        .find(|u| u.public)
        .unwrap();
    let shown = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .any(|(_, b)| visible_text(b).contains(&public_update.message));
    assert!(
        shown,
        "a public update is missing: {}",
        public_update.message
    );
    assert!(site.keys().any(|k| k.starts_with("postmortems/")));
}

const PAYLOADS: [&str; 6] = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "\"><svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
    "</title><script>window.__xss=1</script>",
    "<a href=\"javascript:window.__xss=1\">click</a>",
];

/// A bundle whose every published text is hostile: titles, update messages, component and
/// group names, maintenance, post-mortems.
fn hostile_bundle(incidents: usize) -> Bundle {
    let mut b = sample_bundle(incidents);
    let p = |n: usize| PAYLOADS[n % PAYLOADS.len()];
    b.settings.organization.name = format!("Cygni {}", p(0));
    for (n, c) in b.settings.components.iter_mut().enumerate() {
        c.name = format!("{} {}", c.name, p(n));
        c.description = Some(p(n + 1).to_owned());
    }
    for (n, g) in b.settings.component_groups.iter_mut().enumerate() {
        g.name = format!("{} {}", g.name, p(n + 2));
    }
    for (n, i) in b.incidents.iter_mut().enumerate() {
        i.title = format!("{} {}", i.title, p(n));
        for (k, u) in i.updates.iter_mut().enumerate() {
            u.message = format!("{} {}", u.message, p(n + k));
        }
        if let Some(pm) = &mut i.postmortem {
            pm.markdown.push_str(
                "\n\n## Hostile\n\n<script>window.__xss=1</script>\n\n<img src=x onerror=\"window.__xss=1\">\n\n[click](javascript:window.__xss=1) [data](data:text/html,<script>window.__xss=1</script>) ![i](javascript:window.__xss=1)\n\n<iframe src=\"javascript:window.__xss=1\"></iframe>\n\n| a | <b onmouseover=window.__xss=1>b</b> |\n|---|---|\n| `<script>` | [x](JaVaScRiPt:window.__xss=1) |\n",
            );
        }
    }
    for (n, m) in b.maintenances.iter_mut().enumerate() {
        m.title = format!("{} {}", m.title, p(n));
        for u in &mut m.updates {
            u.message = format!("{} {}", u.message, p(n + 3));
        }
    }
    b
}

#[test]
fn hostile_text_becomes_text_in_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_bundle(dir.path(), "hostile.json", &hostile_bundle(60));
    let out = dir.path().join("site");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let site = tree(&out);
    let mut pages = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        pages += 1;
        let doc = scraper::Html::parse_document(&text(bytes));
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            let v = el.value();
            assert!(
                !["script", "iframe", "object", "embed", "svg", "img"].contains(&v.name())
                    || v.name() == "img"
                        && v.attr("src").is_some_and(|s| !s.contains("javascript")),
                "{path}: a <{}> element was published",
                v.name()
            );
            for (name, value) in v.attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: an event handler attribute {name} was published"
                );
                let lower = value.to_ascii_lowercase();
                if ["href", "src", "action", "formaction"].contains(&name) {
                    assert!(
                        !lower.trim_start().starts_with("javascript:")
                            && !lower.trim_start().starts_with("data:"),
                        "{path}: {name}={value:?}"
                    );
                }
            }
        }
    }
    assert!(pages > 30);
    // The payloads are shown as the text they are.
    let index = visible_text(&site["index.html"]);
    assert!(index.contains("<script>window.__xss=1</script>"), "{index}");
}

/// `tests/fixtures/hostile/hostile.json` is what the test command builds and opens in Chromium
/// (tests/site/xss.spec.js). Regenerate with `UPDATE_FIXTURES=1 cargo test -p site-gen --test build`.
#[test]
fn the_hostile_fixture_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/hostile.json");
    let mut want = hostile_bundle(24).to_json_pretty();
    want.push('\n');
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run UPDATE_FIXTURES=1 cargo test -p site-gen --test build",
        path.display()
    );
}

#[test]
fn several_inputs_are_merged_and_nobodys_update_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample_bundle(40);
    let open = base
        .incidents
        .iter()
        .find(|i| !i.drill && i.status.is_open() && i.updates.iter().any(|u| u.public))
        .unwrap()
        .id
        .clone();
    let post = |b: &mut Bundle, device: &str, message: &str, minutes: i64| {
        b.device_id = device.to_owned();
        let inc = b.incidents.iter_mut().find(|i| i.id == open).unwrap();
        let last = inc.updates.iter().map(|u| u.at).max().unwrap();
        let mut u = inc.updates.iter().find(|u| u.public).unwrap().clone();
        u.id = format!("{device}-update");
        u.at = last.plus_minutes(minutes).min(now());
        u.message = message.to_owned();
        inc.updates.push(u);
    };
    let (mut a, mut b) = (base.clone(), base);
    post(&mut a, "laptop-a", "Update written on laptop A", 1);
    post(&mut b, "laptop-b", "Update written on laptop B", 2);
    let inputs = dir.path().join("bundles");
    std::fs::create_dir(&inputs).unwrap();
    write_bundle(&inputs, "a.json", &a);
    write_bundle(&inputs, "b.json", &b);
    let out = dir.path().join("site");
    let o = build(&inputs, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let page = visible_text(&tree(&out)[&format!("incidents/{open}/index.html")]);
    assert!(page.contains("Update written on laptop A"), "{page}");
    assert!(page.contains("Update written on laptop B"), "{page}");
}

/// Every link the feeds, the calendar and the API give resolves to a file of the built site:
/// each maintenance has a page of its own (`maintenance/<id>/`), which they link to.
#[test]
fn every_link_of_the_feeds_calendar_and_api_resolves_to_a_page_of_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = sample_bundle(60);
    assert!(!bundle.maintenances.is_empty());
    let input = write_bundle(dir.path(), "in.json", &bundle);
    let out = dir.path().join("site");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let site = tree(&out);
    let base = "https://status.cygni.example/";
    let resolves = |link: &str| {
        let path = link
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{link} is not on the site"));
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_owned()
        };
        site.contains_key(&file)
    };
    let mut links: Vec<(&str, String)> = Vec::new();
    let atom = atom_syndication::Feed::read_from(&site["feed.atom"][..]).unwrap();
    for e in atom.entries() {
        links.extend(e.links().iter().map(|l| ("feed.atom", l.href().to_owned())));
    }
    let rss = rss::Channel::read_from(&site["feed.rss"][..]).unwrap();
    links.extend(
        rss.items()
            .iter()
            .filter_map(|i| i.link())
            .map(|l| ("feed.rss", l.to_owned())),
    );
    // iCalendar folds long lines: a line starting with a space continues the one before.
    let ics = text(&site["maintenance.ics"]).replace("\r\n ", "");
    links.extend(
        ics.lines()
            .filter_map(|l| l.strip_prefix("URL:"))
            .map(|l| ("maintenance.ics", l.to_owned())),
    );
    let api = json(&site, "api/v2/scheduled-maintenances.json");
    for m in api["scheduled_maintenances"].as_array().unwrap() {
        links.push((
            "scheduled-maintenances.json",
            m["shortlink"].as_str().unwrap().to_owned(),
        ));
    }
    // Each maintenance links to its own page, in the calendar and in the API.
    let calendar: Vec<&String> = links
        .iter()
        .filter(|(f, _)| *f == "maintenance.ics")
        .map(|(_, l)| l)
        .collect();
    assert_eq!(calendar.len(), ics.matches("BEGIN:VEVENT").count());
    assert!(!calendar.is_empty());
    assert!(
        calendar
            .iter()
            .all(|l| l.starts_with(&format!("{base}maintenance/"))),
        "{calendar:?}"
    );
    let broken: Vec<_> = links.iter().filter(|(_, l)| !resolves(l)).collect();
    assert!(broken.is_empty(), "links that answer 404: {broken:?}");
    // A maintenance's page says what the public needs: its title, window, status and updates.
    let m = &bundle.maintenances[0];
    let page = visible_text(&site[&format!("maintenance/{}/index.html", m.id)]);
    assert!(page.contains(&m.title), "{page}");
    assert!(page.contains("UTC"), "{page}");
}
