//! Editing the workspace settings (components and groups, people and contacts, on-call
//! schedules, tool links, the playbook's values) as one pure function: the screen edits a copy,
//! [`apply`] checks it, and stamps every field that changed (through [`crate::merge::touch`] and
//! the stamp keys of [`crate::merge`]), so two people's settings edits merge field by field.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::bundle::Bundle;
use crate::merge::{settings_key, touch};
use crate::model::{MaintenanceStatus, RecordKind, Settings, Stamp, Tombstone};
use crate::ops::{Actor, Refused};
use crate::playbook::{Command, ResponseTarget, UpdateCadence};
use crate::stamp_keys as keys;

mod setup;
pub use setup::{components_from_lines, new_workspace, people_from_lines, Setup, UNNAMED};

/// `edited` checked against the rules below and stamped against `current`: every field that
/// differs gets `actor`'s stamp. Stamps and conflicts in `edited` are ignored (the screen does
/// not edit them). Records cannot be removed here (incidents refer to them).
pub fn apply(current: &Settings, edited: &Settings, actor: &Actor) -> Result<Settings, Refused> {
    check(edited)?;
    let stamp = Stamp {
        at: actor.now,
        device: actor.device.clone(),
    };
    let mut out = edited.clone();
    out.stamps = current.stamps.clone();
    out.conflicts = current.conflicts.clone();
    let mut changed: Vec<String> = Vec::new();

    for key in changed_keys(&current.organization, &edited.organization) {
        changed.push(format!("{}{key}", keys::ORGANIZATION));
    }
    diff_list(
        keys::COMPONENT_GROUPS,
        &current.component_groups,
        &edited.component_groups,
        |g| &g.id,
        "component group",
        &mut changed,
    )?;
    diff_list(
        keys::COMPONENTS,
        &current.components,
        &edited.components,
        |c| &c.id,
        "component",
        &mut changed,
    )?;
    diff_list(
        keys::PEOPLE,
        &current.people,
        &edited.people,
        |p| &p.id,
        "person",
        &mut changed,
    )?;
    diff_list(
        keys::ONCALL_SCHEDULES,
        &current.oncall_schedules,
        &edited.oncall_schedules,
        |s| &s.id,
        "on-call schedule",
        &mut changed,
    )?;
    if current.tool_links != edited.tool_links {
        changed.push(keys::TOOL_LINKS.to_owned());
    }
    if current.internal_domains != edited.internal_domains {
        changed.push(keys::INTERNAL_DOMAINS.to_owned());
    }
    if current.business_hours != edited.business_hours {
        changed.push(keys::BUSINESS_HOURS.to_owned());
    }
    if current.uptime_weights != edited.uptime_weights {
        changed.push(keys::UPTIME_WEIGHTS.to_owned());
    }
    if current.site_language != edited.site_language {
        changed.push(keys::SITE_LANGUAGE.to_owned());
    }
    for key in changed_keys(&current.playbook, &edited.playbook) {
        changed.push(format!("{}{key}", keys::PLAYBOOK));
    }
    for key in changed {
        touch(&mut out.stamps, &key, stamp.clone());
    }
    Ok(out)
}

/// The top-level fields of two values (as JSON objects) that differ, by name.
fn changed_keys<T: Serialize>(a: &T, b: &T) -> Vec<String> {
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

fn diff_list<T: Serialize>(
    list: &str,
    current: &[T],
    edited: &[T],
    id: impl Fn(&T) -> &String,
    what: &str,
    changed: &mut Vec<String>,
) -> Result<(), Refused> {
    for old in current {
        if !edited.iter().any(|x| id(x) == id(old)) {
            return Err(Refused(format!(
                "The {what} {:?} cannot be removed here: incidents and schedules may refer to it.",
                id(old)
            )));
        }
    }
    for new in edited {
        let fields = match current.iter().find(|x| id(x) == id(new)) {
            Some(old) => changed_keys(old, new),
            // A new record: every field is this edit's.
            None => changed_keys(&Value::Object(Default::default()), &to_value(new)),
        };
        for f in fields.into_iter().filter(|f| f != "id") {
            changed.push(settings_key(list, id(new), &f));
        }
    }
    Ok(())
}

/// Removes a component, component group, person or on-call schedule from the workspace: the
/// tombstone to store ([`crate::merge::delete_settings_record`]). The record stays in the
/// settings (incidents that name it keep its name) but no screen offers it and the status page
/// no longer lists it. Refused, with what to do first, while something current still needs it:
/// an open incident or a maintenance not yet completed affecting the component, a component
/// in the group, a schedule whose rotation names the person.
pub fn remove(
    bundle: &Bundle,
    kind: RecordKind,
    id: &str,
    actor: &Actor,
) -> Result<Tombstone, Refused> {
    use crate::merge::{hidden_incidents, live_settings};
    let live = live_settings(&bundle.settings, &bundle.tombstones);
    let refuse = |m: String| Err(Refused(m));
    match kind {
        RecordKind::Component => {
            let Some(c) = live.component(id) else {
                return refuse(format!("There is no component {id:?} to remove."));
            };
            let hidden = hidden_incidents(bundle);
            if let Some(i) = bundle.incidents.iter().find(|i| {
                i.is_open()
                    && !hidden.contains(i.id.as_str())
                    && i.components.iter().any(|a| a.component == id)
            }) {
                return refuse(format!(
                    "{} is affected by the open incident \"{}\": remove it from that incident or resolve the incident first.",
                    c.name, i.title
                ));
            }
            // A deleted maintenance needs nothing; one nobody reported on is over once its
            // window has closed (as the status page shows it).
            let maintenances = crate::merge::live(&bundle.without_incidents()).into_owned();
            if let Some(m) = maintenances.maintenances.iter().find(|m| {
                let told = m.status();
                let over = told == MaintenanceStatus::Completed
                    || (told == MaintenanceStatus::Scheduled && actor.now >= m.scheduled_end);
                !over && m.components.iter().any(|x| x == id)
            }) {
                return refuse(format!(
                    "{} is part of the maintenance \"{}\", which has not been completed.",
                    c.name, m.title
                ));
            }
        }
        RecordKind::ComponentGroup => {
            let Some(g) = live.component_groups.iter().find(|g| g.id == id) else {
                return refuse(format!("There is no component group {id:?} to remove."));
            };
            let members: Vec<&str> = live
                .components
                .iter()
                .filter(|c| c.group.as_deref() == Some(id))
                .map(|c| c.name.as_str())
                .collect();
            if !members.is_empty() {
                return refuse(format!(
                    "The group {} still holds {}: move them to another group or remove them first.",
                    g.name,
                    members.join(", ")
                ));
            }
        }
        RecordKind::Person => {
            let Some(p) = live.person(id) else {
                return refuse(format!("There is no person {id:?} to remove."));
            };
            if let Some(sch) = live
                .oncall_schedules
                .iter()
                .find(|s| s.rotation.iter().any(|r| r == id))
            {
                return refuse(format!(
                    "{} is on the rotation of {}: take them off it first.",
                    p.name, sch.name
                ));
            }
        }
        RecordKind::OncallSchedule => {
            if !live.oncall_schedules.iter().any(|s| s.id == id) {
                return refuse(format!("There is no on-call schedule {id:?} to remove."));
            }
        }
        _ => {
            return refuse(
                "Only components, groups, people and schedules are removed here.".to_owned(),
            )
        }
    }
    crate::merge::delete_settings_record(&bundle.settings, kind, id, &actor.device, actor.now)
        .ok_or_else(|| Refused("This record cannot be removed.".to_owned()))
}

/// Brings back a removed component, group, person or schedule (the undo of [`remove`]): the
/// settings with an edit of the record dated after its removal (now, or just after the removal
/// when a clock dated that later), which every copy's merge keeps over the tombstone.
pub fn restore(
    settings: &Settings,
    tombstones: &[Tombstone],
    kind: RecordKind,
    id: &str,
    actor: &Actor,
) -> Result<Settings, Refused> {
    let Some(list) = crate::merge::settings_list(kind) else {
        return Err(Refused(
            "Only components, groups, people and schedules are restored here.".to_owned(),
        ));
    };
    let exists = match kind {
        RecordKind::Component => settings.component(id).is_some(),
        RecordKind::ComponentGroup => settings.component_groups.iter().any(|g| g.id == id),
        RecordKind::Person => settings.person(id).is_some(),
        _ => settings.oncall_schedules.iter().any(|s| s.id == id),
    };
    if !exists {
        return Err(Refused(format!("There is no {id:?} to bring back.")));
    }
    let at = crate::merge::edit_after_deletion(tombstones, kind, id, actor.now);
    let mut out = settings.clone();
    touch(
        &mut out.stamps,
        &settings_key(list, id, "name"),
        Stamp {
            at,
            device: actor.device.clone(),
        },
    );
    Ok(out)
}

fn to_value<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

fn is_web_url(url: &str) -> bool {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && !u.chars().any(char::is_whitespace)
}

/// The rules a settings screen enforces before anything is stored; the first broken one is
/// returned as a sentence that says what and where.
pub fn check(s: &Settings) -> Result<(), Refused> {
    let bad = |m: String| Err(Refused(m));
    if s.organization.name.trim().is_empty() {
        return bad("The organization needs a name.".to_owned());
    }
    if let Some((_, m)) = crate::limits::settings_too_long(s).into_iter().next() {
        return bad(format!("{m}."));
    }
    let url = s.organization.status_page_url.trim();
    if !url.is_empty() && !is_web_url(url) {
        return bad(format!(
            "The status page address {url:?} must start with https:// (or http://)."
        ));
    }
    for g in &s.component_groups {
        if g.name.trim().is_empty() {
            return bad(format!("The component group {:?} needs a name.", g.id));
        }
    }
    for c in &s.components {
        if c.name.trim().is_empty() {
            return bad(format!("The component {:?} needs a name.", c.id));
        }
    }
    let mut handles = BTreeSet::new();
    for p in &s.people {
        if p.name.trim().is_empty() {
            return bad(format!("The person {:?} needs a name.", p.id));
        }
        let handle = p.handle.trim();
        if handle.is_empty()
            || handle.starts_with('@')
            || handle.chars().any(|c| c.is_whitespace() || c == '"')
        {
            return bad(format!(
                "{}'s handle {handle:?} must be one word without @ (it is used as /page @handle).",
                p.name
            ));
        }
        if !handles.insert(handle.to_lowercase()) {
            return bad(format!(
                "The handle {handle:?} is used by two people; /page @{handle} must name one."
            ));
        }
        if let Some(email) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
            let ok = email
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
                && !email.chars().any(char::is_whitespace);
            if !ok {
                return bad(format!(
                    "{}'s email {email:?} is not an email address.",
                    p.name
                ));
            }
        }
    }
    if let Some((_, m)) = s.playbook.rollback_tree.problems().first() {
        return bad(format!("Rollback decision tree: {m}."));
    }
    for sch in &s.oncall_schedules {
        if sch.name.trim().is_empty() {
            return bad(format!("The on-call schedule {:?} needs a name.", sch.id));
        }
        if sch.shift_days == 0 {
            return bad(format!(
                "The on-call schedule {:?} needs shifts of at least one day.",
                sch.name
            ));
        }
        if sch.rotation.is_empty() {
            return bad(format!(
                "The on-call schedule {:?} needs at least one person in its rotation.",
                sch.name
            ));
        }
    }
    for d in &s.internal_domains {
        let host = d.trim().trim_start_matches("*.");
        let ok = !host.is_empty()
            && host.contains('.')
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !ok {
            return bad(format!(
                "The internal domain {d:?} is not a host name: write it as corp.example.com, without https:// or a path."
            ));
        }
    }
    for (_, what, w) in s.uptime_weights.fields() {
        if w > 100 {
            return bad(format!(
                "The uptime weight of {what} is a percentage from 0 to 100, not {w}."
            ));
        }
    }
    let h = &s.business_hours;
    if h.days.is_empty() || h.days.iter().any(|d| !(1..=7).contains(d)) {
        return bad("Business days must be one or more of Monday to Sunday.".to_owned());
    }
    if h.opens >= h.closes {
        return bad(format!(
            "Business hours must open before they close (opens {}, closes {}).",
            h.opens.format("%H:%M"),
            h.closes.format("%H:%M")
        ));
    }
    if h.utc_offset_minutes.abs() > 14 * 60 {
        return bad("The business hours' offset from UTC must be within 14 hours.".to_owned());
    }
    for (n, link) in s.tool_links.iter().enumerate() {
        if link.name.trim().is_empty() {
            return bad(format!("Tool link {} needs a name.", n + 1));
        }
        if !is_web_url(&link.url) {
            return bad(format!(
                "The tool link {:?} must be a web address starting with https:// (or http://), not {:?}.",
                link.name, link.url
            ));
        }
    }
    let p = &s.playbook;
    for level in &p.severities {
        if let ResponseTarget::Minutes { minutes: 0 } = level.response_time {
            return bad(format!(
                "{}'s response time must be at least one minute.",
                level.severity
            ));
        }
        if let UpdateCadence::Every { minutes: 0 } = level.update_cadence {
            return bad(format!(
                "{}'s update cadence must be at least one minute.",
                level.severity
            ));
        }
    }
    for list in &p.checklists {
        if list.items.iter().any(|i| i.text.trim().is_empty()) {
            return bad(format!("The checklist {:?} has an empty item.", list.title));
        }
    }
    for c in &p.data_collection {
        if c.command.trim().is_empty() {
            return bad(format!(
                "The data collection entry {:?} has no command (put it on the lines after its # line).",
                c.description
            ));
        }
    }
    if p.postmortem_due_hours == 0 {
        return bad("The post-mortem must be due at least one hour after resolution.".to_owned());
    }
    // And the bundle rules (unique ids, references between settings records, one level per
    // severity), as a bundle of these settings would be checked on import.
    let bundle = Bundle::new(s.clone(), "settings-check", crate::merge::unstamped().at);
    if let Some(problem) = crate::validate::check(&bundle).into_iter().next() {
        return bad(format!(
            "{} (at {})",
            problem.message,
            problem.path.replace("$.settings.", "")
        ));
    }
    Ok(())
}

/// The lines of a text box as a list (examples, responsibilities, quick wins): each line
/// trimmed, empty lines left out.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Data-collection commands as one text box: each as a `# description` line followed by its
/// command (one or more lines). [`commands_from_text`] reads it back.
pub fn commands_to_text(list: &[Command]) -> String {
    list.iter()
        .map(|c| format!("# {}\n{}", c.description, c.command))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Reads [`commands_to_text`]'s form: a line starting with `#` names the command on the lines
/// below it; a command before any `#` line has no description. A description without a command
/// is kept (with an empty command) so that [`check`] can say so rather than lose it.
pub fn commands_from_text(text: &str) -> Vec<Command> {
    let mut out: Vec<Command> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(description) = t.strip_prefix('#') {
            out.push(Command {
                description: description.trim().to_owned(),
                command: String::new(),
            });
        } else if !t.is_empty() {
            match out.last_mut() {
                Some(c) if !c.command.is_empty() => {
                    c.command.push('\n');
                    c.command.push_str(line.trim_end());
                }
                Some(c) => c.command = line.trim_end().trim_start().to_owned(),
                None => out.push(Command {
                    description: String::new(),
                    command: t.to_owned(),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
