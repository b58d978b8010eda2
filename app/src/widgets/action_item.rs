//! An action item's row cells, shared by the incident's table and the list of every action item:
//! what, who (by name), due (marked when overdue), priority.

use chrono::NaiveDate;
use incident_core::comms;
use incident_core::model::{ActionItem, Settings};
use leptos::prelude::*;

/// The first four cells of an action item's row, as of `today`.
pub(crate) fn cells(a: &ActionItem, settings: &Settings, today: NaiveDate) -> impl IntoView {
    let owner = a
        .owner
        .as_deref()
        .and_then(|o| settings.person(o))
        .map_or("—".to_owned(), |p| p.name.clone());
    let overdue = comms::is_overdue(a, today);
    view! {
        <td>{a.action.clone()}</td>
        <td>{owner}</td>
        <td class:late=overdue>{a.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}{overdue.then_some(" (overdue)")}</td>
        <td>{a.priority.label()}</td>
    }
}
