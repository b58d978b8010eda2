//! The edits each copy of a workspace goes through, and the scenarios of three copies.

use super::*;

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

pub(super) const TITLES: &[&str] = &[
    "API errors",
    "Checkout slow",
    "Login down",
    "Webhooks delayed",
];

#[derive(Debug, Clone)]
pub(super) enum Edit {
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

pub(super) fn edit() -> impl Strategy<Value = Edit> {
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
pub(super) struct Script {
    pub(super) device: &'static str,
    pub(super) start: i64,
    pub(super) edits: Vec<(Edit, i64)>,
}

pub(super) fn script(device: &'static str) -> impl Strategy<Value = Script> {
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
pub(super) struct Copy {
    pub(super) bundle: Bundle,
    /// Its device's clock, in minutes after `now()`.
    pub(super) clock: i64,
    /// Values (record, field, stamp) an edit in this copy's history replaced.
    pub(super) replaced: Replaced,
}

pub(super) fn base_copy(seed: usize) -> Copy {
    Copy {
        bundle: bases()[seed].clone(),
        clock: 0,
        replaced: BTreeSet::new(),
    }
}

pub(super) fn joined(a: &Copy, b: &Copy) -> Copy {
    Copy {
        bundle: merge(&a.bundle, &b.bundle),
        clock: a.clock.max(b.clock),
        replaced: a.replaced.union(&b.replaced).cloned().collect(),
    }
}

pub(super) type Replaced = BTreeSet<(String, String, Stamp)>;

/// An edit of a stamped field, through [`touch`] as the app does it.
pub(super) fn set(
    replaced: &mut Replaced,
    record: &str,
    stamps: &mut Stamps,
    field: &str,
    s: &Stamp,
) {
    let old = stamps.get(field).cloned().unwrap_or_else(merge::unstamped);
    replaced.insert((record.to_owned(), field.to_owned(), old));
    touch(stamps, field, s.clone());
}

pub(super) fn apply(mut c: Copy, script: &Script) -> Copy {
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
                        public: false,
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
            incident_core::sort::by(&mut inc.timeline, |x, y| {
                x.at.cmp(&y.at).then(x.id.cmp(&y.id))
            });
            unique(&mut inc.updates, |u| u.id.clone());
            incident_core::sort::by(&mut inc.updates, |x, y| {
                x.at.cmp(&y.at).then(x.id.cmp(&y.id))
            });
        }
        for m in &mut c.bundle.maintenances {
            unique(&mut m.updates, |u| u.id.clone());
            incident_core::sort::by(&mut m.updates, |x, y| x.at.cmp(&y.at).then(x.id.cmp(&y.id)));
        }
    }
    c
}

pub(super) fn unique<T>(xs: &mut Vec<T>, id: impl Fn(&T) -> String) {
    let mut seen = BTreeSet::new();
    xs.retain(|x| seen.insert(id(x)));
}

/// Three copies of one base: `a` from the base; `b` from the base or from `a`; `c` from the
/// base, `a`, `b` or their merge. So some copies are concurrent and some are descendants.
#[derive(Debug, Clone)]
pub(super) struct Scenario {
    pub(super) seed: usize,
    pub(super) a: Script,
    pub(super) b: Script,
    pub(super) b_from_a: bool,
    pub(super) c: Script,
    pub(super) c_from: u8,
}

pub(super) fn scenario() -> impl Strategy<Value = Scenario> {
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

pub(super) fn copies(s: &Scenario) -> [Copy; 3] {
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
