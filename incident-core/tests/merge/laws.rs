//! The merge laws as properties: commutative, associative, idempotent, nothing lost.

use super::*;

// ---------------------------------------------------------------------------------------------
// Properties: 4 × 2,500 cases
// ---------------------------------------------------------------------------------------------

pub(super) fn config() -> ProptestConfig {
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
            let mut job = PreviewJob::new(&local.bundle, incoming.bundle.clone(), batch);
            while job.step(&local.bundle) {}
            prop_assert_eq!(job.remaining(), 0);
            prop_assert_eq!(job.finish(&local.bundle), whole);
        }
    }
}

pub(super) fn has_unstamped(s: &Script) -> bool {
    s.edits
        .iter()
        .any(|(e, _)| matches!(e, Edit::UnstampedTitle(..)))
}

pub(super) type Conflicts = BTreeSet<(String, String, Stamp, String)>;

/// Every conflict of a bundle: (record, field, stamp, value).
pub(super) fn conflicts(b: &Bundle) -> Conflicts {
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
                    (**stamp).clone(),
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
pub(super) fn nothing_lost(
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
                    replaced.contains(&(i.id.clone(), field.clone(), (**stamp).clone()))
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
