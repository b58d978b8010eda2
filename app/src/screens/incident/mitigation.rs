//! Mitigation: the quick wins, the data-collection commands (copy in one click), and the
//! rollback decision tree as a guide whose outcome is logged as a decision.

use incident_core::ops;
use incident_core::playbook::DecisionNode;
use leptos::prelude::*;

use super::page::Page;
use crate::platform::clipboard;

/// Mitigation: the quick wins, the data-collection commands (copy in one click), and the
/// rollback decision tree as a guide whose outcome is logged as a decision.
#[component]
pub(super) fn Mitigation(page: Page) -> impl IntoView {
    let (settings, actions) = (page.settings, page.actions);
    let (node, path) = (page.tree_node, page.tree_path);
    let pb = settings.get_value().playbook;
    let root = pb.rollback_tree.root.clone();
    if node.get_untracked().is_empty() {
        node.set(root.clone());
    }
    let tree = StoredValue::new(pb.rollback_tree.clone());
    view! {
        <section class="panel" aria-labelledby="mit-h">
            <h3 id="mit-h">"Mitigation"</h3>
            <details class="checklist"><summary>"Quick wins"</summary>
                <ul>{pb.quick_wins.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ul>
            </details>
            <details class="checklist"><summary>"Data collection commands"</summary>
                <ul class="commands">{pb.data_collection.iter().map(|c| {
                    let cmd = c.command.clone();
                    view! {
                        <li><span>{c.description.clone()}</span>
                            <code>{c.command.clone()}</code>
                            <button type="button" class="copy" on:click=move |_| clipboard::copy(&cmd)>"Copy"</button></li>
                    }
                }).collect_view()}</ul>
            </details>
            <div class="tree" data-testid="rollback-tree">
                <h4>"Rollback decision"</h4>
                {move || {
                    let t = tree.get_value();
                    match t.node(&node.get()).cloned() {
                        Some(DecisionNode::Question { text, yes, no, .. }) => {
                            let (q1, q2) = (text.clone(), text.clone());
                            view! {
                                <p class="q">{text}</p>
                                <div class="buttons">
                                    <button type="button" data-testid="tree-yes" on:click=move |_| { path.update(|p| p.push(format!("{q1} Yes"))); node.set(yes.clone()); }>"Yes"</button>
                                    <button type="button" data-testid="tree-no" on:click=move |_| { path.update(|p| p.push(format!("{q2} No"))); node.set(no.clone()); }>"No"</button>
                                </div>
                            }.into_any()
                        }
                        Some(DecisionNode::Outcome { outcome, text, .. }) => {
                            let o = outcome.clone();
                            let root = root.clone();
                            view! {
                                <p class="outcome" data-testid="tree-outcome"><strong>{outcome}</strong>" – "{text}</p>
                                <div class="buttons">
                                    <button type="button" class="primary" data-testid="tree-log" on:click=move |_| {
                                        let why = path.get_untracked().join(" → ");
                                        let o = o.clone();
                                        actions.run(Box::new(move |i, a| ops::decide(i, &format!("Rollback decision tree: {why}"), Some(&o), a)));
                                    }>"Log this decision"</button>
                                    <button type="button" on:click=move |_| { path.set(Vec::new()); node.set(root.clone()); }>"Start over"</button>
                                </div>
                            }.into_any()
                        }
                        None => view! { <p class="meta">"The playbook's decision tree is empty."</p> }.into_any(),
                    }
                }}
            </div>
        </section>
    }
}
