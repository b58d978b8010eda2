//! Tool links: dashboards, logs and runbooks.
use incident_core::model::{Settings, ToolLink};
use leptos::prelude::*;

use crate::widgets::fields::{list_area, text_field};

#[component]
pub(super) fn ToolLinks(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = draft.get_untracked();
    let rows = s.tool_links.iter().enumerate().map(|(n, _)| {
        view! {
            <tr data-testid="tool-row">
                <td>{text_field(draft, "Name", format!("tool-name-{n}"), move |s| s.tool_links.get(n).map(|l| l.name.clone()).unwrap_or_default(), move |s, v| if let Some(l) = s.tool_links.get_mut(n) { l.name = v })}</td>
                <td>{text_field(draft, "Address", format!("tool-url-{n}"), move |s| s.tool_links.get(n).map(|l| l.url.clone()).unwrap_or_default(), move |s, v| if let Some(l) = s.tool_links.get_mut(n) { l.url = v.trim().to_owned() })}</td>
                <td><button type="button" class="small" aria-label=format!("Remove tool link {}", n + 1) on:click=move |_| {
                    draft.update(|s| if n < s.tool_links.len() { s.tool_links.remove(n); });
                    rebuild();
                }>"Remove"</button></td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="tools-h">
            <h2 id="tools-h">"Tool links"</h2>
            <p class="muted">"Dashboards, logs and runbooks, one click from every incident."</p>
            <table class="form-table"><caption class="sr">"Tool links"</caption><tbody>{rows}</tbody></table>
            <button type="button" data-testid="add-tool" on:click=move |_| {
                draft.update(|s| s.tool_links.push(ToolLink { name: String::new(), url: "https://".into() }));
                rebuild();
            }>"Add a link"</button>
            {list_area(draft, "Internal domains (one per line): the publish check names any public text that mentions one, or a host below it".to_owned(), "internal-domains".to_owned(),
                |s| s.internal_domains.clone(), |s, v| s.internal_domains = v)}
        </section>
    }
}
