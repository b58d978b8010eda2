use super::*;

#[test]
fn defaults_are_the_playbooks_values() {
    let p = Playbook::default();
    assert_eq!(p.response_minutes(Severity::Sev1), Some(5));
    assert_eq!(p.response_minutes(Severity::Sev2), Some(15));
    assert_eq!(p.response_minutes(Severity::Sev3), Some(60));
    assert_eq!(p.response_minutes(Severity::Sev4), None);
    assert_eq!(p.update_minutes(Severity::Sev1), Some(15));
    assert_eq!(p.update_minutes(Severity::Sev2), Some(30));
    assert_eq!(p.update_minutes(Severity::Sev3), Some(60));
    assert_eq!(p.update_minutes(Severity::Sev4), None);
    assert_eq!(p.assessment_questions.len(), 5);
    assert_eq!(p.roles.len(), 4);
    assert_eq!(
        p.role(Role::CommunicationsLead).map(|r| r.usually.as_str()),
        Some("Support lead or PM")
    );
    assert_eq!(p.checklists.len(), 4);
    assert!(p.checklists.iter().all(|c| !c.items.is_empty()));
    assert_eq!(p.quick_wins.len(), 5);
    assert_eq!(p.data_collection.len(), 4);
    assert_eq!(p.recovery_monitoring.minutes, 30);
    assert_eq!(p.postmortem_due_hours, 48);
}

#[test]
fn escalation_matrix_by_elapsed_time() {
    let p = Playbook::default();
    let levels = |sev, min| -> Vec<String> {
        p.escalation_due(sev, min)
            .into_iter()
            .map(|r| r.level.clone())
            .collect()
    };
    assert_eq!(levels(Severity::Sev1, 0), ["on-call"]);
    assert_eq!(levels(Severity::Sev1, 4), ["on-call"]);
    assert_eq!(levels(Severity::Sev1, 5), ["on-call", "em"]);
    assert_eq!(
        levels(Severity::Sev1, 60),
        ["on-call", "em", "vp-eng", "cto", "ceo"]
    );
    assert_eq!(levels(Severity::Sev2, 30), ["on-call", "em", "sr-eng"]);
    assert_eq!(
        levels(Severity::Sev2, 60),
        ["on-call", "em", "sr-eng", "vp-eng"]
    );
    assert_eq!(levels(Severity::Sev3, 59), ["on-call"]);
    assert_eq!(levels(Severity::Sev3, 60), ["on-call", "em"]);
    assert_eq!(levels(Severity::Sev4, 600), ["ticket"]);
}

#[test]
fn a_broken_rollback_tree_is_described_where_it_breaks() {
    use super::DecisionNode;
    let good = Playbook::default().rollback_tree;
    assert_eq!(good.problems(), vec![]);
    let mut t = good.clone();
    // "Config change?" answered yes now leads back to the first question.
    for n in &mut t.nodes {
        if let DecisionNode::Question { id, yes, .. } = n {
            if id == "config-change" {
                *yes = "recent-deployment".to_owned();
            }
        }
    }
    let p = t.problems();
    assert!(
        p.iter().any(|(at, m)| at.ends_with("].yes")
            && m.contains("leads back to the question \"Recent deployment?\"")),
        "{p:?}"
    );
    // "test-revert" is now reached by nothing.
    assert!(
        p.iter()
            .any(|(_, m)| m.contains("no answer leads to the question \"Test revert: success?\"")),
        "{p:?}"
    );
    let mut t = good.clone();
    t.nodes.retain(|n| n.id() != "revert");
    let p = t.problems();
    assert!(
        p.iter()
            .any(|(_, m)| m.contains("leads to a step that is not in the tree (\"revert\")")),
        "{p:?}"
    );
    assert!(p.iter().all(super::DecisionTree::breaks_guide), "{p:?}");
    // A step nothing reaches is refused on the screen but does not break the guide.
    let mut t = good.clone();
    t.nodes.push(DecisionNode::Outcome {
        id: "spare".into(),
        outcome: "WAIT".into(),
        text: "Wait and watch.".into(),
    });
    let p = t.problems();
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(!super::DecisionTree::breaks_guide(&p[0]));
    let mut t = good.clone();
    t.root = "nowhere".into();
    assert_eq!(t.problems()[0].0, "root");
    let empty = super::DecisionTree {
        root: String::new(),
        nodes: vec![],
    };
    assert_eq!(empty.problems(), vec![]);
}

#[test]
fn rollback_tree_reaches_every_outcome() {
    let tree = Playbook::default().rollback_tree;
    let walk = |answers: &[bool]| -> String {
        let mut node = tree.node(&tree.root).unwrap();
        let mut answers = answers.iter();
        loop {
            match node {
                DecisionNode::Question { yes, no, .. } => {
                    let next = if *answers.next().unwrap() { yes } else { no };
                    node = tree.node(next).unwrap();
                }
                DecisionNode::Outcome { outcome, .. } => return outcome.clone(),
            }
        }
    };
    assert_eq!(walk(&[true, true]), "ROLLBACK");
    assert_eq!(walk(&[true, false, true, true]), "REVERT");
    assert_eq!(walk(&[false, true, true]), "REVERT");
    assert_eq!(walk(&[false, true, false]), "INVESTIGATE");
    assert_eq!(walk(&[false, false]), "INVESTIGATE");
}
