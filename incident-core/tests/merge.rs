//! The merge laws, by property tests over divergent copies of a realistic base, and the rules by
//! example: a severity conflict, a stale copy, a tombstone against an edit.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use incident_core::merge::{
    self, describe_conflict, live, merge, merge_all, normalize, preview, touch, PreviewJob,
};
use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::validate::check;
use incident_core::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn at(minutes: i64) -> Timestamp {
    now().plus_minutes(minutes)
}

fn stamp(minutes: i64, device: &str) -> Stamp {
    Stamp {
        at: at(minutes),
        device: device.to_owned(),
    }
}

/// Small realistic workspaces: the sample's three open incidents and one resolved one, and its
/// four latest maintenances.
fn bases() -> &'static [Bundle] {
    static BASES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BASES.get_or_init(|| {
        (1..=3)
            .map(|seed| {
                let mut b = generate(&SampleOptions {
                    incidents: 4,
                    seed,
                    now: now(),
                });
                b.maintenances.truncate(4);
                normalize(&b)
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

const TITLES: &[&str] = &[
    "API errors",
    "Checkout slow",
    "Login down",
    "Webhooks delayed",
];

#[derive(Debug, Clone)]
enum Edit {
    Severity(usize, usize),
    Title(usize, usize),
    Status(usize, usize),
    Role(usize, usize, usize),
    Note(usize, u8),
    Update(usize, bool, u8),
    ActionItem(usize, usize),
    DeleteIncident(usize, bool),
    MaintenanceTitle(usize, usize),
    MaintenanceUpdate(usize, u8),
    ComponentName(usize, usize),
    Organization(usize),
    Playbook(u32),
    DeleteComponent(usize),
    /// An edit by an old version that does not stamp.
    UnstampedTitle(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0..4usize;
    prop_oneof![
        3 => (i.clone(), 0..4usize).prop_map(|(i, s)| Edit::Severity(i, s)),
        3 => (i.clone(), 0..4usize).prop_map(|(i, t)| Edit::Title(i, t)),
        2 => (i.clone(), 0..4usize).prop_map(|(i, s)| Edit::Status(i, s)),
        2 => (i.clone(), 0..4usize, 0..3usize).prop_map(|(i, r, p)| Edit::Role(i, r, p)),
        3 => (i.clone(), 0..6u8).prop_map(|(i, n)| Edit::Note(i, n)),
        2 => (i.clone(), any::<bool>(), 0..4u8).prop_map(|(i, p, n)| Edit::Update(i, p, n)),
        1 => (i.clone(), 0..3usize).prop_map(|(i, s)| Edit::ActionItem(i, s)),
        1 => (i.clone(), any::<bool>()).prop_map(|(i, r)| Edit::DeleteIncident(i, r)),
        1 => (0..4usize, 0..4usize).prop_map(|(m, t)| Edit::MaintenanceTitle(m, t)),
        1 => (0..4usize, 0..3u8).prop_map(|(m, n)| Edit::MaintenanceUpdate(m, n)),
        1 => (0..3usize, 0..4usize).prop_map(|(c, t)| Edit::ComponentName(c, t)),
        1 => (0..4usize).prop_map(Edit::Organization),
        1 => (1..100u32).prop_map(Edit::Playbook),
        1 => (0..3usize).prop_map(Edit::DeleteComponent),
        1 => (i, 0..4usize).prop_map(|(i, t)| Edit::UnstampedTitle(i, t)),
    ]
}

/// A copy of the workspace on one device: its edits, each a few minutes after the previous one.
#[derive(Debug, Clone)]
struct Script {
    device: &'static str,
    start: i64,
    edits: Vec<(Edit, i64)>,
}

fn script(device: &'static str) -> impl Strategy<Value = Script> {
    (0..20i64, prop::collection::vec((edit(), 0..4i64), 0..6)).prop_map(move |(start, edits)| {
        Script {
            device,
            start,
            edits,
        }
    })
}

/// A copy, and what the test knows about its history.
#[derive(Debug, Clone)]
struct Copy {
    bundle: Bundle,
    /// Its device's clock, in minutes after `now()`.
    clock: i64,
    /// Values (record, field, stamp) an edit in this copy's history replaced.
    replaced: Replaced,
}

fn base_copy(seed: usize) -> Copy {
    Copy {
        bundle: bases()[seed].clone(),
        clock: 0,
        replaced: BTreeSet::new(),
    }
}

fn joined(a: &Copy, b: &Copy) -> Copy {
    Copy {
        bundle: merge(&a.bundle, &b.bundle),
        clock: a.clock.max(b.clock),
        replaced: a.replaced.union(&b.replaced).cloned().collect(),
    }
}

type Replaced = BTreeSet<(String, String, Stamp)>;

/// An edit of a stamped field, through [`touch`] as the app does it.
fn set(replaced: &mut Replaced, record: &str, stamps: &mut Stamps, field: &str, s: &Stamp) {
    let old = stamps.get(field).cloned().unwrap_or_else(merge::unstamped);
    replaced.insert((record.to_owned(), field.to_owned(), old));
    touch(stamps, field, s.clone());
}

fn apply(mut c: Copy, script: &Script) -> Copy {
    c.clock += script.start;
    let dev = script.device;
    for (seq, (edit, step)) in script.edits.iter().enumerate() {
        c.clock += step;
        let s = stamp(c.clock, dev);
        let (b, replaced) = (&mut c.bundle, &mut c.replaced);
        let n = b.incidents.len();
        match edit {
            Edit::Severity(i, v) => {
                let inc = &mut b.incidents[i % n];
                let to = Severity::ALL[*v];
                inc.timeline.push(Event {
                    id: format!("sev-{dev}-{}-{seq}", c.clock),
                    at: s.at,
                    by: None,
                    kind: EventKind::SeverityChanged {
                        from: inc.severity,
                        to,
                    },
                });
                inc.severity = to;
                let id = inc.id.clone();
                set(replaced, &id, &mut inc.stamps, "severity", &s);
            }
            Edit::Title(i, t) => {
                let inc = &mut b.incidents[i % n];
                inc.title = TITLES[*t].to_owned();
                let id = inc.id.clone();
                set(replaced, &id, &mut inc.stamps, "title", &s);
            }
            Edit::UnstampedTitle(i, t) => {
                b.incidents[i % n].title = format!("{} (old app)", TITLES[*t]);
            }
            Edit::Status(i, v) => {
                let inc = &mut b.incidents[i % n];
                inc.status = IncidentStatus::ALL[*v];
                inc.resolved_at = (!inc.status.is_open()).then_some(s.at);
                let id = inc.id.clone();
                set(replaced, &id, &mut inc.stamps, "status", &s);
            }
            Edit::Role(i, r, p) => {
                let people: Vec<String> = b.settings.people.iter().map(|p| p.id.clone()).collect();
                let inc = &mut b.incidents[i % n];
                let role = Role::ALL[*r];
                inc.roles.set(role, Some(people[p % people.len()].clone()));
                let field = format!(
                    "roles.{}",
                    serde_json::to_value(role).unwrap().as_str().unwrap()
                );
                let id = inc.id.clone();
                set(replaced, &id, &mut inc.stamps, &field, &s);
            }
            Edit::Note(i, k) => {
                // Ids from a small set, so two copies sometimes write the same id differently.
                b.incidents[i % n].timeline.push(Event {
                    id: format!("note-{k}"),
                    at: s.at,
                    by: None,
                    kind: EventKind::Note {
                        text: format!("{dev} at {}", c.clock),
                    },
                });
            }
            Edit::Update(i, public, k) => {
                let inc = &mut b.incidents[i % n];
                let id = format!("upd-{dev}-{k}-{}", c.clock);
                inc.updates.push(StatusUpdate {
                    id: id.clone(),
                    at: s.at,
                    status: inc.status,
                    severity: inc.severity,
                    impact: "Some requests fail".to_owned(),
                    actions: "Rolling back".to_owned(),
                    message: format!("Update from {dev}"),
                    next_update_at: None,
                    public: *public,
                    author: None,
                });
                inc.timeline.push(Event {
                    id: format!("ev-{id}"),
                    at: s.at,
                    by: None,
                    kind: EventKind::UpdatePosted {
                        update: id,
                        public: *public,
                    },
                });
            }
            Edit::ActionItem(i, v) => {
                let inc = &mut b.incidents[i % n];
                let item_id = format!("ai-{}", inc.id);
                if !inc.action_items.iter().any(|a| a.id == item_id) {
                    inc.action_items.push(ActionItem {
                        id: item_id.clone(),
                        action: "Add an alert".to_owned(),
                        owner: None,
                        due: None,
                        priority: Priority::P1,
                        status: ActionStatus::Open,
                        created_at: now(),
                        completed_at: None,
                        stamps: Stamps::new(),
                    });
                }
                let inc_id = inc.id.clone();
                let item = inc
                    .action_items
                    .iter_mut()
                    .find(|a| a.id == item_id)
                    .unwrap();
                item.status = [
                    ActionStatus::Open,
                    ActionStatus::InProgress,
                    ActionStatus::Done,
                ][*v];
                item.completed_at = (item.status == ActionStatus::Done).then_some(s.at);
                set(
                    replaced,
                    &format!("{inc_id}/{item_id}"),
                    &mut item.stamps,
                    "status",
                    &s,
                );
            }
            Edit::DeleteIncident(i, remove) => {
                let id = b.incidents[i % n].id.clone();
                b.tombstones.push(Tombstone {
                    kind: RecordKind::Incident,
                    id: id.clone(),
                    deleted_at: s.at,
                    device: dev.to_owned(),
                });
                // Dropping the record too (as a client that forgets deleted records would), but
                // never the last one: the edits that follow need an incident to work on.
                if *remove && n > 1 {
                    b.incidents.retain(|x| x.id != id);
                }
            }
            Edit::MaintenanceTitle(m, t) => {
                let len = b.maintenances.len();
                let mt = &mut b.maintenances[m % len];
                mt.title = format!("{} maintenance", TITLES[*t]);
                let id = mt.id.clone();
                set(replaced, &id, &mut mt.stamps, "title", &s);
            }
            Edit::MaintenanceUpdate(m, k) => {
                let len = b.maintenances.len();
                b.maintenances[m % len].updates.push(MaintenanceUpdate {
                    id: format!("mu-{dev}-{k}-{}", c.clock),
                    at: s.at,
                    status: MaintenanceStatus::InProgress,
                    message: format!("{dev} says hi"),
                });
            }
            Edit::ComponentName(k, t) => {
                let comp = &mut b.settings.components[*k];
                comp.name = format!("{} component", TITLES[*t]);
                let field = merge::settings_key("components", &comp.id, "name");
                set(replaced, "settings", &mut b.settings.stamps, &field, &s);
            }
            Edit::Organization(t) => {
                b.settings.organization.name = format!("Cygni {}", TITLES[*t]);
                set(
                    replaced,
                    "settings",
                    &mut b.settings.stamps,
                    "organization.name",
                    &s,
                );
            }
            Edit::Playbook(h) => {
                b.settings.playbook.postmortem_due_hours = *h;
                set(
                    replaced,
                    "settings",
                    &mut b.settings.stamps,
                    "playbook.postmortem_due_hours",
                    &s,
                );
            }
            Edit::DeleteComponent(k) => {
                let id = b.settings.components[*k].id.clone();
                b.tombstones.push(Tombstone {
                    kind: RecordKind::Component,
                    id,
                    deleted_at: s.at,
                    device: dev.to_owned(),
                });
            }
        }
    }
    // Ids stay unique within a copy (the first entry of an id stays), and logs in order.
    let logs = |e: &Edit| {
        matches!(
            e,
            Edit::Note(..) | Edit::Update(..) | Edit::MaintenanceUpdate(..)
        )
    };
    if script.edits.iter().any(|(e, _)| logs(e)) {
        for inc in &mut c.bundle.incidents {
            unique(&mut inc.timeline, |e| e.id.clone());
            inc.timeline
                .sort_by(|x, y| x.at.cmp(&y.at).then(x.id.cmp(&y.id)));
            unique(&mut inc.updates, |u| u.id.clone());
            inc.updates
                .sort_by(|x, y| x.at.cmp(&y.at).then(x.id.cmp(&y.id)));
        }
        for m in &mut c.bundle.maintenances {
            unique(&mut m.updates, |u| u.id.clone());
            m.updates
                .sort_by(|x, y| x.at.cmp(&y.at).then(x.id.cmp(&y.id)));
        }
    }
    c
}

fn unique<T>(xs: &mut Vec<T>, id: impl Fn(&T) -> String) {
    let mut seen = BTreeSet::new();
    xs.retain(|x| seen.insert(id(x)));
}

/// Three copies of one base: `a` from the base; `b` from the base or from `a`; `c` from the
/// base, `a`, `b` or their merge. So some copies are concurrent and some are descendants.
#[derive(Debug, Clone)]
struct Scenario {
    seed: usize,
    a: Script,
    b: Script,
    b_from_a: bool,
    c: Script,
    c_from: u8,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        0..3usize,
        script("dev-a"),
        script("dev-b"),
        any::<bool>(),
        script("dev-c"),
        0..4u8,
    )
        .prop_map(|(seed, a, b, b_from_a, c, c_from)| Scenario {
            seed,
            a,
            b,
            b_from_a,
            c,
            c_from,
        })
}

fn copies(s: &Scenario) -> [Copy; 3] {
    let a = apply(base_copy(s.seed), &s.a);
    let b = apply(
        if s.b_from_a {
            a.clone()
        } else {
            base_copy(s.seed)
        },
        &s.b,
    );
    let c = match s.c_from {
        0 => apply(base_copy(s.seed), &s.c),
        1 => apply(a.clone(), &s.c),
        2 => apply(b.clone(), &s.c),
        _ => apply(joined(&a, &b), &s.c),
    };
    [a, b, c]
}

// ---------------------------------------------------------------------------------------------
// Properties: 4 × 2,500 cases
// ---------------------------------------------------------------------------------------------

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("MERGE_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2500),
        failure_persistence: None,
        // The default (ChaCha) costs a tenth of the run in a debug build.
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn merge_is_commutative(s in scenario()) {
        let [a, b, c] = copies(&s);
        for (x, y) in [(&a, &b), (&b, &c)] {
            prop_assert_eq!(merge(&x.bundle, &y.bundle), merge(&y.bundle, &x.bundle));
        }
    }

    #[test]
    fn merge_is_associative(s in scenario()) {
        let [a, b, c] = copies(&s);
        let left = merge(&merge(&a.bundle, &b.bundle), &c.bundle);
        let right = merge(&a.bundle, &merge(&b.bundle, &c.bundle));
        prop_assert_eq!(&left, &right);
    }

    #[test]
    fn merge_is_idempotent(s in scenario()) {
        let [a, b, _] = copies(&s);
        prop_assert_eq!(merge(&a.bundle, &a.bundle), normalize(&a.bundle));
        let ab = merge(&a.bundle, &b.bundle);
        prop_assert_eq!(&merge(&ab, &ab), &ab);
        // Merging an input again changes nothing.
        prop_assert_eq!(&merge(&ab, &a.bundle), &ab);
        prop_assert_eq!(&merge(&b.bundle, &ab), &ab);
    }

    #[test]
    fn merge_loses_nothing(s in scenario()) {
        let [a, b, c] = copies(&s);
        let ab = merge(&a.bundle, &b.bundle);
        let abc = merge(&ab, &c.bundle);
        let replaced: BTreeSet<_> = a.replaced.iter().chain(&b.replaced).chain(&c.replaced).collect();
        let recorded = conflicts(&abc);
        for input in [&a, &b, &c] {
            nothing_lost(&input.bundle, &abc, &recorded, &replaced)?;
        }
        // Still a valid workspace, and nothing internal (a conflict) reaches the public view.
        let problems = check(&abc);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let site = serde_json::to_string(&project(&abc, at(60))).unwrap();
        prop_assert!(!site.contains("conflict"));
        // A copy that only descends from another takes it over whole: no conflict, and the same
        // public view.
        if s.b_from_a && !has_unstamped(&s.b) {
            let nb = normalize(&b.bundle);
            prop_assert_eq!(&*live(&ab), &*live(&nb));
            prop_assert_eq!(project(&ab, at(60)), project(&b.bundle, at(60)));
            prop_assert_eq!(conflicts(&ab), conflicts(&nb));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases / 5, ..config() })]

    /// The import's preview computed a batch of incidents at a time (so the page can answer
    /// between batches) is the preview computed at once, whatever the batch size.
    #[test]
    fn preview_in_batches_is_the_whole_preview(s in scenario(), batch in 1usize..4) {
        let [a, b, c] = copies(&s);
        for (local, incoming) in [(&a, &b), (&c, &a)] {
            let whole = preview(&local.bundle, &incoming.bundle);
            let mut job = PreviewJob::new(&local.bundle, &incoming.bundle, batch);
            while job.step(&local.bundle, &incoming.bundle) {}
            prop_assert_eq!(job.remaining(), 0);
            prop_assert_eq!(job.finish(&local.bundle, &incoming.bundle), whole);
        }
    }
}

fn has_unstamped(s: &Script) -> bool {
    s.edits
        .iter()
        .any(|(e, _)| matches!(e, Edit::UnstampedTitle(..)))
}

type Conflicts = BTreeSet<(String, String, Stamp, String)>;

/// Every conflict of a bundle: (record, field, stamp, value).
fn conflicts(b: &Bundle) -> Conflicts {
    let mut out = BTreeSet::new();
    for i in &b.incidents {
        for e in &i.timeline {
            if let EventKind::Conflict {
                field,
                value,
                stamp,
            } = &e.kind
            {
                out.insert((
                    i.id.clone(),
                    field.clone(),
                    stamp.clone(),
                    value.to_string(),
                ));
            }
        }
    }
    for m in &b.maintenances {
        for c in &m.conflicts {
            out.insert((
                m.id.clone(),
                c.field.clone(),
                c.stamp.clone(),
                c.value.to_string(),
            ));
        }
    }
    for c in &b.settings.conflicts {
        out.insert((
            "settings".to_owned(),
            c.field.clone(),
            c.stamp.clone(),
            c.value.to_string(),
        ));
    }
    out
}

/// Each stamped value of `input` is in `out` as the current value, as a conflict, or was
/// replaced by an edit whose author saw it; each event and update id of `input` is in `out`.
fn nothing_lost(
    input: &Bundle,
    out: &Bundle,
    recorded: &Conflicts,
    replaced: &BTreeSet<&(String, String, Stamp)>,
) -> Result<(), TestCaseError> {
    let accounted = |record: &str, field: &str, stamp: &Stamp, value: Value, current: Value| {
        *stamp == merge::unstamped()
            || value == current
            || recorded.contains(&(
                record.to_owned(),
                field.to_owned(),
                stamp.clone(),
                value.to_string(),
            ))
            || replaced.contains(&(record.to_owned(), field.to_owned(), stamp.clone()))
    };
    let stamp_of =
        |stamps: &Stamps, f: &str| stamps.get(f).cloned().unwrap_or_else(merge::unstamped);
    let outs: BTreeMap<&str, &Incident> =
        out.incidents.iter().map(|i| (i.id.as_str(), i)).collect();
    for i in &input.incidents {
        let o = outs.get(i.id.as_str()).copied();
        prop_assert!(o.is_some(), "incident {} lost", i.id);
        let o = o.unwrap();
        let ids: BTreeSet<&str> = o.timeline.iter().map(|e| e.id.as_str()).collect();
        for e in &i.timeline {
            // A conflict is dropped once an edit has replaced the value it kept.
            let settled = match &e.kind {
                EventKind::Conflict { field, stamp, .. } => {
                    replaced.contains(&(i.id.clone(), field.clone(), stamp.clone()))
                }
                _ => false,
            };
            prop_assert!(
                settled || ids.contains(e.id.as_str()),
                "event {} lost",
                e.id
            );
        }
        let ids: BTreeSet<&str> = o.updates.iter().map(|u| u.id.as_str()).collect();
        for u in &i.updates {
            prop_assert!(ids.contains(u.id.as_str()), "update {} lost", u.id);
        }
        let status = |x: &Incident| json!({"status": x.status, "resolved_at": x.resolved_at});
        let mut fields: Vec<(String, Value, Value)> = vec![
            ("title".into(), json!(i.title), json!(o.title)),
            ("severity".into(), json!(i.severity), json!(o.severity)),
            ("status".into(), status(i), status(o)),
        ];
        for role in Role::ALL {
            let name = serde_json::to_value(role).unwrap();
            fields.push((
                format!("roles.{}", name.as_str().unwrap()),
                json!(i.roles.get(role)),
                json!(o.roles.get(role)),
            ));
        }
        for (field, value, current) in fields {
            let s = stamp_of(&i.stamps, &field);
            prop_assert!(
                accounted(&i.id, &field, &s, value.clone(), current),
                "{}.{} = {} ({:?}) lost",
                i.id,
                field,
                value,
                s
            );
        }
        for item in &i.action_items {
            let oi = o.action_items.iter().find(|x| x.id == item.id);
            prop_assert!(oi.is_some(), "action item lost");
            let oi = oi.unwrap();
            let v = |x: &ActionItem| json!({"status": x.status, "completed_at": x.completed_at});
            let s = stamp_of(&item.stamps, "status");
            let field = format!("action_items/{}.status", item.id);
            let record = format!("{}/{}", i.id, item.id);
            prop_assert!(
                *s.device == *""
                    || v(item) == v(oi)
                    || recorded.contains(&(i.id.clone(), field, s.clone(), v(item).to_string()))
                    || replaced.contains(&(record, "status".to_owned(), s.clone())),
                "action item status lost"
            );
        }
    }
    for m in &input.maintenances {
        let o = out.maintenances.iter().find(|x| x.id == m.id).unwrap();
        let ids: BTreeSet<&str> = o.updates.iter().map(|u| u.id.as_str()).collect();
        for u in &m.updates {
            prop_assert!(ids.contains(u.id.as_str()), "maintenance update lost");
        }
        let s = stamp_of(&m.stamps, "title");
        prop_assert!(accounted(
            &m.id,
            "title",
            &s,
            json!(m.title),
            json!(o.title)
        ));
    }
    let (si, so) = (&input.settings, &out.settings);
    let s = stamp_of(&si.stamps, "organization.name");
    prop_assert!(accounted(
        "settings",
        "organization.name",
        &s,
        json!(si.organization.name),
        json!(so.organization.name)
    ));
    for c in &si.components {
        let field = merge::settings_key("components", &c.id, "name");
        let current = so.components.iter().find(|x| x.id == c.id).unwrap();
        let s = stamp_of(&si.stamps, &field);
        prop_assert!(accounted(
            "settings",
            &field,
            &s,
            json!(c.name),
            json!(current.name)
        ));
    }
    for t in &input.tombstones {
        prop_assert!(out.tombstones.contains(t), "tombstone lost");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

fn base() -> Bundle {
    bases()[0].clone()
}

fn open_incident(b: &mut Bundle) -> &mut Incident {
    b.incidents.iter_mut().find(|i| i.is_open()).unwrap()
}

#[test]
fn concurrent_component_changes_keep_the_loser_as_a_conflict_in_words() {
    use incident_core::model::{AffectedComponent, Impact};
    use incident_core::ops::{set_components, Actor};
    let mut a = base();
    let mut b = base();
    let inc = open_incident(&mut a);
    let id = inc.id.clone();
    // Everything after the incident's last event, so the actions are not refused.
    let start = inc.timeline.iter().map(|e| e.at).max().unwrap();
    let after = |minutes: i64, device: &str| Actor {
        person: None,
        device: device.into(),
        now: start.plus_minutes(minutes),
    };
    let degraded = vec![AffectedComponent {
        component: "api-rest".into(),
        impact: Impact::DegradedPerformance,
    }];
    set_components(inc, degraded, &after(5, "dev-a")).unwrap();
    let inc = open_incident(&mut b);
    set_components(inc, vec![], &after(7, "dev-b")).unwrap();

    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    let inc = m.incident(&id).unwrap();
    assert!(inc.components.is_empty(), "the later change wins");
    // Both people's timeline events are kept, and the losing value is said in words.
    let changes = inc
        .timeline
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ComponentsChanged { .. }))
        .count();
    assert_eq!(changes, 2);
    let conflict = inc
        .timeline
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Conflict {
                field,
                value,
                stamp,
            } => Some(describe_conflict(field, value, stamp)),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        conflict,
        format!(
            "conflict: dev-a also set components to api-rest (Degraded performance) at {}",
            start.plus_minutes(5).utc_minute()
        )
    );
    assert!(check(&m).is_empty(), "{:?}", check(&m));
}

#[test]
fn concurrent_severity_changes_keep_the_loser_as_a_conflict() {
    let mut a = base();
    let mut b = base();
    let inc = open_incident(&mut a);
    let id = inc.id.clone();
    inc.severity = Severity::Sev2;
    touch(&mut inc.stamps, "severity", stamp(5, "dev-a"));
    let inc = open_incident(&mut b);
    inc.severity = Severity::Sev1;
    touch(&mut inc.stamps, "severity", stamp(7, "dev-b"));

    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    let inc = m.incident(&id).unwrap();
    assert_eq!(inc.severity, Severity::Sev1, "the later stamp wins");
    let lost: Vec<&Event> = inc
        .timeline
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Conflict { .. }))
        .collect();
    assert_eq!(lost.len(), 1);
    let EventKind::Conflict {
        field,
        value,
        stamp: s,
    } = &lost[0].kind
    else {
        unreachable!()
    };
    assert_eq!(field, "severity");
    assert_eq!(value, &json!("sev2"));
    assert_eq!(lost[0].at, at(5));
    assert_eq!(
        describe_conflict(field, value, s),
        "conflict: dev-a also set severity to SEV2 at 2026-11-01 12:05 UTC"
    );
    assert!(lost[0].id.starts_with("conflict-"));
    assert!(check(&m).is_empty(), "{:?}", check(&m));

    // The preview says so before anything is stored.
    let p = preview(&a, &b);
    assert_eq!(p.updated_incidents, vec![id.clone()]);
    assert_eq!(p.conflicts.len(), 1);
    assert_eq!(
        p.conflicts[0].message,
        "conflict: dev-a also set severity to SEV2 at 2026-11-01 12:05 UTC"
    );
    assert_eq!(p.merged, m);

    // Someone settles it by setting the severity again: the conflict stays as history, and a
    // stale copy of either side brings nothing new.
    let mut settled = m.clone();
    let inc = settled.incidents.iter_mut().find(|i| i.id == id).unwrap();
    inc.severity = Severity::Sev2;
    touch(&mut inc.stamps, "severity", stamp(9, "dev-b"));
    let again = merge(&merge(&settled, &a), &b);
    assert_eq!(again, normalize(&settled));
}

#[test]
fn equal_stamps_are_decided_by_value_the_same_way_everywhere() {
    let mut a = base();
    let mut b = base();
    let id = open_incident(&mut a).id.clone();
    for (bundle, title) in [(&mut a, "Zebra"), (&mut b, "Aardvark")] {
        let inc = open_incident(bundle);
        inc.title = title.to_owned();
        inc.stamps.insert("title".to_owned(), stamp(3, "dev-x"));
    }
    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    assert_eq!(m.incident(&id).unwrap().title, "Zebra");
}

#[test]
fn a_stale_copy_merges_without_conflicts() {
    let old = base();
    let mut new = old.clone();
    let inc = open_incident(&mut new);
    inc.title = "Checkout errors in eu-west-1".to_owned();
    touch(&mut inc.stamps, "title", stamp(1, "dev-a"));
    inc.severity = Severity::Sev1;
    touch(&mut inc.stamps, "severity", stamp(2, "dev-a"));
    new.settings.organization.name = "Cygni Labs".to_owned();
    touch(
        &mut new.settings.stamps,
        "organization.name",
        stamp(3, "dev-a"),
    );

    let m = merge(&old, &new);
    assert_eq!(m, normalize(&new));
    let p = preview(&new, &old);
    assert!(p.is_noop(), "{p:?}");
    assert_eq!(p.unchanged_incidents.len(), new.incidents.len());
}

#[test]
fn touch_moves_a_clock_that_is_behind_past_the_previous_stamp() {
    let mut stamps = Stamps::new();
    touch(&mut stamps, "title", stamp(10, "dev-a"));
    touch(&mut stamps, "title", stamp(4, "dev-b"));
    let s = &stamps["title"];
    assert_eq!(s.device, "dev-b");
    assert!(s.at > at(10) && s.at < at(11));
    assert_eq!(stamps["title@dev-a"], stamp(10, "dev-a"));
    assert_eq!(stamps["title@"], merge::unstamped());
}

#[test]
fn a_tombstone_hides_older_edits_and_yields_to_newer_ones() {
    let mut deleted = base();
    let id = open_incident(&mut deleted).id.clone();
    deleted.tombstones.push(Tombstone {
        kind: RecordKind::Incident,
        id: id.clone(),
        deleted_at: at(30),
        device: "dev-a".to_owned(),
    });
    deleted.incidents.retain(|i| i.id != id);

    // Edited before the deletion: the tombstone wins.
    let mut before = base();
    let inc = open_incident(&mut before);
    inc.title = "Renamed before the deletion".to_owned();
    touch(&mut inc.stamps, "title", stamp(20, "dev-b"));
    let m = merge(&deleted, &before);
    assert!(live(&m).incident(&id).is_none());
    assert!(project(&m, at(60)).incidents.iter().all(|i| i.id != id));
    assert_eq!(m.tombstones.len(), 1);
    // The record is kept, hidden, so the merge stays associative.
    assert!(m.incident(&id).is_some());

    // Edited after the deletion: the record survives, with everything it had, and the
    // tombstone is kept.
    let mut after = base();
    let inc = open_incident(&mut after);
    inc.title = "Still being worked on".to_owned();
    touch(&mut inc.stamps, "title", stamp(40, "dev-c"));
    let m2 = merge(&m, &after);
    let view = live(&m2);
    let inc = view.incident(&id).unwrap();
    assert_eq!(inc.title, "Still being worked on");
    assert_eq!(m2.tombstones.len(), 1);
    assert!(project(&m2, at(60)).incidents.iter().any(|i| i.id == id));
    // In any order.
    assert_eq!(m2, merge(&merge(&deleted, &after), &before));
    assert_eq!(m2, merge(&deleted, &merge(&after, &before)));

    let p = preview(&before, &deleted);
    assert_eq!(p.deleted_incidents, vec![id]);
}

#[test]
fn deleting_an_incident_hides_it_until_someone_edits_it_again() {
    let mut b = base();
    let inc = open_incident(&mut b).clone();
    assert!(merge::hidden_incidents(&b).is_empty());
    // A clock behind the incident's last edit still deletes everything seen so far.
    let t = merge::delete_incident(&inc, "dev-a", at(-100_000));
    assert!(t.deleted_at > at(-100_000));
    b.tombstones.push(t);
    let hidden: Vec<&str> = merge::hidden_incidents(&b).into_iter().collect();
    assert_eq!(hidden, [inc.id.as_str()]);
    assert!(live(&b).incident(&inc.id).is_none());
    assert!(b.incident(&inc.id).is_some(), "kept, hidden, for the merge");
    // An edit after the deletion brings it back, everywhere it is merged.
    let mut edited = b.clone();
    let i = edited
        .incidents
        .iter_mut()
        .find(|i| i.id == inc.id)
        .unwrap();
    incident_core::ops::add_note(
        i,
        "Restored: not a duplicate after all",
        &incident_core::ops::Actor {
            person: None,
            device: "dev-b".to_owned(),
            now: at(90),
        },
    )
    .unwrap();
    assert!(merge::hidden_incidents(&edited).is_empty());
    assert!(merge::hidden_incidents(&merge(&b, &edited)).is_empty());
    assert_eq!(merge::hidden_incidents(&merge(&b, &base())).len(), 1);

    // Deleted by a device whose clock runs ahead: a restore dated by a correct clock would not
    // count as later, so it is dated just after the deletion.
    let mut ahead = base();
    let inc = open_incident(&mut ahead).clone();
    ahead
        .tombstones
        .push(merge::delete_incident(&inc, "dev-fast", at(500)));
    let when = merge::restore_at(&ahead, &inc.id, at(90));
    assert!(when > at(500) && when < at(501), "{when:?}");
    assert_eq!(merge::restore_at(&ahead, &inc.id, at(600)), at(600));
    let i = ahead.incidents.iter_mut().find(|i| i.id == inc.id).unwrap();
    let actor = incident_core::ops::Actor {
        person: None,
        device: "dev-b".to_owned(),
        now: when,
    };
    incident_core::ops::add_note(i, "Restored after it was deleted", &actor).unwrap();
    assert!(merge::hidden_incidents(&ahead).is_empty());
}

#[test]
fn several_sample_bundles_merge_into_a_valid_workspace() {
    let a = generate(&SampleOptions {
        incidents: 40,
        seed: 1,
        now: now(),
    });
    let b = generate(&SampleOptions {
        incidents: 40,
        seed: 2,
        now: now(),
    });
    let m = merge_all(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(m, merge(&a, &b));
    assert_eq!(m.incidents.len(), 80);
    assert!(check(&m).is_empty(), "{:?}", check(&m));
    assert_eq!(m.device_id, "sample-1");
    // Round trip through the bundle format.
    assert_eq!(parse_bundle(&m.to_json()).unwrap(), m);
    assert!(merge_all(&[]).is_none());
    let p = preview(&a, &b);
    assert_eq!(p.new_incidents.len(), 40);
    assert!(p.conflicts.is_empty());
    for batch in [1, 7, 1000] {
        assert_eq!(PreviewJob::new(&a, &b, batch).finish(&a, &b), p);
    }
}

#[test]
fn maintenance_and_settings_conflicts_are_kept_on_the_record() {
    let mut a = base();
    let mut b = base();
    for (bundle, name, minute, dev) in [
        (&mut a, "Cygni A", 5, "dev-a"),
        (&mut b, "Cygni B", 6, "dev-b"),
    ] {
        bundle.settings.organization.name = name.to_owned();
        touch(
            &mut bundle.settings.stamps,
            "organization.name",
            stamp(minute, dev),
        );
        let m = &mut bundle.maintenances[0];
        m.title = format!("{name} upgrade");
        touch(&mut m.stamps, "title", stamp(minute, dev));
    }
    let m = merge(&a, &b);
    assert_eq!(m.settings.organization.name, "Cygni B");
    assert_eq!(m.settings.conflicts.len(), 1);
    assert_eq!(m.settings.conflicts[0].field, "organization.name");
    assert_eq!(m.settings.conflicts[0].value, json!("Cygni A"));
    let mt = m
        .maintenances
        .iter()
        .find(|x| x.id == a.maintenances[0].id)
        .unwrap();
    assert_eq!(mt.title, "Cygni B upgrade");
    assert_eq!(mt.conflicts.len(), 1);
    let text = m.to_json();
    assert_eq!(parse_bundle(&text).unwrap(), m);
    assert!(!serde_json::to_string(&project(&m, at(60)))
        .unwrap()
        .contains("Cygni A upgrade"));
    // The import's preview names both, after any incident's, also when done in batches.
    let p = preview(&a, &b);
    assert_eq!(p.conflicts.len(), 2);
    assert_eq!(PreviewJob::new(&a, &b, 1).finish(&a, &b), p);
}

/// Found by CI: two devices set a playbook value to the same number at the same minute while a
/// third set another value later.
#[test]
fn three_concurrent_settings_edits_merge_in_any_order() {
    let one = |device, start, h, step| Script {
        device,
        start,
        edits: vec![(Edit::Playbook(h), step)],
    };
    let s = Scenario {
        seed: 0,
        a: one("dev-a", 1, 1, 3),
        b: one("dev-b", 0, 63, 0),
        b_from_a: false,
        c: one("dev-c", 0, 63, 0),
        c_from: 0,
    };
    let [a, b, c] = copies(&s);
    let left = merge(&merge(&a.bundle, &b.bundle), &c.bundle);
    let right = merge(&a.bundle, &merge(&b.bundle, &c.bundle));
    assert_eq!(
        serde_json::to_string_pretty(&left.settings.conflicts).unwrap(),
        serde_json::to_string_pretty(&right.settings.conflicts).unwrap()
    );
    assert_eq!(left, right);
}
