//! The rollback decision tree, edited as a table of steps.
use incident_core::model::Settings;
use incident_core::playbook::DecisionNode;
use leptos::prelude::*;

use super::form::{new_id, step_label, tree_node_mut};

/// The rollback decision tree as a table of steps: each question with the step its yes and its
/// no lead to, each outcome with its name and what to do. Saving checks that the tree still
/// works as a guide (`DecisionTree::problems`: every answer leads somewhere, no loops, every
/// step reached).
#[component]
pub(super) fn RollbackTreeEditor(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tree = draft.with_untracked(|s| s.playbook.rollback_tree.clone());
    let steps: Vec<String> = tree.nodes.iter().map(|n| n.id().to_owned()).collect();
    // The answer menus: every step, named as it reads now (labels follow the text fields), and,
    // when an answer leads to no step (one was removed), a "choose" line shown as chosen, so
    // the menu never pretends to point at its first step.
    let options = move |current: &str| {
        let missing = !steps.iter().any(|sid| sid == current);
        let placeholder = missing.then(
            || view! { <option value="" selected=true disabled=true>"— choose a step —"</option> },
        );
        let list = steps.iter().map(|sid| {
            let (value, chosen, of) = (sid.clone(), sid == current, sid.clone());
            view! { <option value=value selected=chosen>{move || draft.with(|s| s.playbook.rollback_tree.node(&of).map(step_label).unwrap_or_default())}</option> }
        }).collect_view();
        view! { {placeholder}{list} }
    };
    let root_options = options(&tree.root);
    let menu = move |testid: String,
                     label: String,
                     current: String,
                     yes_answer: bool,
                     id: String| {
        let options = options(&current);
        view! {
            <label class="field"><span>{label}</span>
                <select data-testid=testid on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|s| if let Some(DecisionNode::Question { yes, no, .. }) = tree_node_mut(s, &id) {
                        if yes_answer { *yes = v } else { *no = v }
                    });
                }>{options}</select>
            </label>
        }
    };
    let root_menu = view! {
        <label class="field"><span>"The guide starts with"</span>
            <select data-testid="tree-root" on:change=move |ev| {
                let v = event_target_value(&ev);
                draft.update(|s| s.playbook.rollback_tree.root = v);
            }>{root_options}</select>
        </label>
    };
    let rows = tree.nodes.iter().map(|n| {
        let id = n.id().to_owned();
        let remove_id = id.clone();
        let remove = view! {
            <button type="button" class="small" data-testid=format!("tree-remove-{id}") aria-label=format!("Remove the step {}", step_label(n))
                on:click=move |_| {
                    draft.update(|s| s.playbook.rollback_tree.nodes.retain(|x| x.id() != remove_id));
                    rebuild();
                }>"Remove"</button>
        };
        match n {
            DecisionNode::Question { text, yes, no, .. } => {
                let (t_id, t_text) = (id.clone(), text.clone());
                view! {
                    <tr data-testid="tree-step">
                        <td><label class="field"><span>"Question"</span>
                            <input type="text" data-testid=format!("tree-text-{id}") prop:value=t_text
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Question { text, .. }) = tree_node_mut(s, &t_id) { *text = v }); } /></label></td>
                        <td>{menu(format!("tree-yes-{id}"), "Yes leads to".into(), yes.clone(), true, id.clone())}</td>
                        <td>{menu(format!("tree-no-{id}"), "No leads to".into(), no.clone(), false, id.clone())}</td>
                        <td>{remove}</td>
                    </tr>
                }.into_any()
            }
            DecisionNode::Outcome { outcome, text, .. } => {
                let (o_id, t_id) = (id.clone(), id.clone());
                let (o, t) = (outcome.clone(), text.clone());
                view! {
                    <tr data-testid="tree-step">
                        <td><label class="field"><span>"Outcome"</span>
                            <input type="text" data-testid=format!("tree-outcome-{id}") prop:value=o
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Outcome { outcome, .. }) = tree_node_mut(s, &o_id) { *outcome = v.trim().to_owned() }); } /></label></td>
                        <td colspan="2"><label class="field"><span>"What to do"</span>
                            <input type="text" data-testid=format!("tree-text-{id}") prop:value=t
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Outcome { text, .. }) = tree_node_mut(s, &t_id) { *text = v }); } /></label></td>
                        <td>{remove}</td>
                    </tr>
                }.into_any()
            }
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="tree-h">
            <h2 id="tree-h">"Rollback decision tree"</h2>
            <p class="muted">"The guide on every incident's page: questions answered yes or no, each answer leading to another question or to an outcome."</p>
            {root_menu}
            <table class="form-table"><caption class="sr">"Steps of the rollback decision tree"</caption><tbody>{rows}</tbody></table>
            <div class="buttons">
                <button type="button" data-testid="tree-add-question" on:click=move |_| {
                    draft.update(|s| {
                        let t = &mut s.playbook.rollback_tree;
                        let first_outcome = t.nodes.iter().find(|n| matches!(n, DecisionNode::Outcome { .. })).map(|n| n.id().to_owned()).unwrap_or_default();
                        t.nodes.push(DecisionNode::Question { id: new_id("q"), text: "New question?".into(), yes: first_outcome.clone(), no: first_outcome });
                    });
                    rebuild();
                }>"Add a question"</button>
                <button type="button" data-testid="tree-add-outcome" on:click=move |_| {
                    draft.update(|s| s.playbook.rollback_tree.nodes.push(DecisionNode::Outcome { id: new_id("o"), outcome: "ESCALATE".into(), text: "Escalate to the technical lead.".into() }));
                    rebuild();
                }>"Add an outcome"</button>
            </div>
        </section>
    }
}
