//! Form fields as text, read into settings values: the screens' text boxes of one item per
//! line, and optional single-line fields.

use crate::model::Impact;
use crate::playbook::ChecklistItem;

/// The impacts, mildest first, as the pickers offer them.
pub const IMPACTS: [Impact; 3] = [
    Impact::DegradedPerformance,
    Impact::PartialOutage,
    Impact::MajorOutage,
];

/// An impact as a picker's option value (its serialized name).
pub fn impact_key(impact: Impact) -> &'static str {
    match impact {
        Impact::DegradedPerformance => "degraded_performance",
        Impact::PartialOutage => "partial_outage",
        Impact::MajorOutage => "major_outage",
    }
}

/// An impact from a picker's option value; anything else (such as "not affected") is none.
pub fn impact_from_key(key: &str) -> Option<Impact> {
    IMPACTS.into_iter().find(|i| impact_key(*i) == key)
}

/// A text field's value, trimmed; `None` when nothing is left.
pub fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A checklist edited as one item per line (blank lines skipped). Existing items keep their ids
/// by position, so ticks on open incidents stay with their items; a new line gets
/// `<list_id>-<n>`, never an id already used.
pub fn checklist_items(list_id: &str, old: &[ChecklistItem], text: &str) -> Vec<ChecklistItem> {
    let mut used: Vec<String> = Vec::new();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(n, line)| {
            let mut id = old
                .get(n)
                .map_or_else(|| format!("{list_id}-{}", n + 1), |i| i.id.clone());
            while used.contains(&id) || (old.get(n).is_none() && old.iter().any(|i| i.id == id)) {
                id.push('x');
            }
            used.push(id.clone());
            ChecklistItem {
                id,
                text: line.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str) -> ChecklistItem {
        ChecklistItem {
            id: id.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn impact_keys_are_the_serialized_names_and_read_back() {
        for i in IMPACTS {
            assert_eq!(serde_json::to_value(i).ok(), Some(impact_key(i).into()));
            assert_eq!(impact_from_key(impact_key(i)), Some(i));
        }
        assert_eq!(impact_from_key(""), None);
    }

    #[test]
    fn optional_fields_are_trimmed_and_empty_is_none() {
        assert_eq!(optional("  +1 555 0100 "), Some("+1 555 0100".to_owned()));
        assert_eq!(optional(" \t "), None);
    }

    #[test]
    fn items_keep_their_ids_by_position_and_new_ones_get_fresh_ids() {
        let old = vec![item("triage-1", "Page"), item("triage-2", "Open a channel")];
        let new = checklist_items(
            "triage",
            &old,
            "Page the on-call\n\n  Open a channel \nLog it\n",
        );
        assert_eq!(
            new,
            vec![
                item("triage-1", "Page the on-call"),
                item("triage-2", "Open a channel"),
                item("triage-3", "Log it"),
            ]
        );
    }

    #[test]
    fn a_new_line_never_takes_an_id_in_use() {
        // The list's second item was removed earlier, so the third kept id `t-3`.
        let old = vec![item("t-1", "One"), item("t-3", "Three")];
        let new = checklist_items("t", &old, "One\nThree\nFour");
        let ids: Vec<&str> = new.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["t-1", "t-3", "t-3x"]);
    }
}
