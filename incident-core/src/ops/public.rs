//! What responders do to the incident's public face (its public title, the workaround, corrections
//! and retractions of posted public updates) and to its internal hub (links, who has been told).

use crate::limits;
use crate::merge::touch;
use crate::model::{Correction, EventKind, Incident, IncidentLinks};
use crate::stamp_keys as keys;

use super::{not_before_last, push_event, refuse, Actor, Refused};

/// Trimmed, or `None` when empty.
fn chosen(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Sets an optional text of the incident (trimmed; `""` clears it) within `max` characters,
/// stamped under `key`. Returns what it was, or `None` when nothing changed.
#[allow(clippy::option_option)] // changed from nothing, or not changed at all
fn set_text(
    incident: &mut Incident,
    slot: fn(&mut Incident) -> &mut Option<String>,
    text: &str,
    (what, max, key): (&str, usize, &str),
    actor: &Actor,
) -> Result<Option<Option<String>>, Refused> {
    let text = chosen(text);
    if let Some(m) = text.as_deref().and_then(|t| limits::too_long(what, t, max)) {
        return refuse(m);
    }
    if text == *slot(incident) {
        return Ok(None);
    }
    not_before_last(incident, actor)?;
    let before = std::mem::replace(slot(incident), text);
    touch(&mut incident.stamps, key, actor.stamp());
    Ok(Some(before))
}

/// Sets the public title (`""` clears it: the site then shows the suggestion for the severity,
/// never the internal title). The timeline keeps what the public read before (internal).
pub fn set_public_title(
    incident: &mut Incident,
    title: &str,
    actor: &Actor,
) -> Result<(), Refused> {
    let limit = ("The public title", limits::TITLE, keys::PUBLIC_TITLE);
    let Some(before) = set_text(incident, |i| &mut i.public_title, title, limit, actor)? else {
        return Ok(());
    };
    let text = match (&before, &incident.public_title) {
        (Some(b), Some(n)) => format!("Public title changed from “{b}” to “{n}”"),
        (None, Some(n)) => format!("Public title set to “{n}”"),
        (Some(b), None) => format!("Public title “{b}” cleared"),
        (None, None) => return Ok(()),
    };
    push_event(incident, actor, EventKind::Note { text });
    Ok(())
}

/// Sets the workaround shown on the status page while the incident is open (`""` removes it).
pub fn set_workaround(incident: &mut Incident, text: &str, actor: &Actor) -> Result<(), Refused> {
    let limit = ("The workaround", limits::WORKAROUND, keys::WORKAROUND);
    set_text(incident, |i| &mut i.workaround, text, limit, actor).map(|_| ())
}

/// The public update `update`, if it is one that was posted.
fn public_update<'a>(incident: &'a Incident, update: &str) -> Result<&'a str, Refused> {
    match incident.updates.iter().find(|u| u.id == update) {
        Some(u) if u.public => Ok(u.message.as_str()),
        Some(_) => {
            refuse("That update is internal: only a public update is corrected on the status page.")
        }
        None => refuse("There is no such update on this incident."),
    }
}

/// The text the public reads of `update` now: its latest correction, or what was posted.
fn current_text(incident: &Incident, update: &str, posted: &str) -> Option<String> {
    match incident.correction_of(update) {
        Some(c) => c.message.clone(),
        None => Some(posted.to_owned()),
    }
}

/// Appends a correction (`message` `None`: a retraction) of `update` and the timeline's note of
/// what the public read before; returns the correction's id.
fn record(
    incident: &mut Incident,
    update: &str,
    message: Option<String>,
    note: String,
    actor: &Actor,
) -> Result<String, Refused> {
    not_before_last(incident, actor)?;
    let id = format!(
        "c{}-{}",
        actor.now.unix_millis(),
        incident.corrections.len() + 1
    );
    incident.corrections.push(Correction {
        id: id.clone(),
        update: update.to_owned(),
        at: actor.now,
        by: actor.person.clone(),
        message,
    });
    push_event(incident, actor, EventKind::Note { text: note });
    Ok(id)
}

/// Corrects a posted public update: the status site shows `message` and "corrected at …"; the
/// update as posted is kept, and the timeline says what it said.
pub fn correct_update(
    incident: &mut Incident,
    update: &str,
    message: &str,
    actor: &Actor,
) -> Result<String, Refused> {
    let posted = public_update(incident, update)?.to_owned();
    let Some(message) = chosen(message) else {
        return refuse("Write the corrected text, or retract the update instead.");
    };
    let before = current_text(incident, update, &posted);
    if before.as_deref() == Some(message.as_str()) {
        return refuse("The text is unchanged: there is nothing to correct.");
    }
    let was = before.map_or_else(
        || "it had been retracted".to_owned(),
        |b| format!("it said: “{b}”"),
    );
    let note = format!("Public update corrected; {was}");
    record(incident, update, Some(message), note, actor)
}

/// Retracts a posted public update: the status site shows that it was retracted, not its text;
/// the update as posted is kept, and the timeline says what it said and why it was retracted.
pub fn retract_update(
    incident: &mut Incident,
    update: &str,
    reason: &str,
    actor: &Actor,
) -> Result<String, Refused> {
    let posted = public_update(incident, update)?.to_owned();
    let Some(before) = current_text(incident, update, &posted) else {
        return refuse("That update is already retracted.");
    };
    let why = chosen(reason).map_or_else(String::new, |r| format!(" Why: {r}"));
    let note = format!("Public update retracted; it said: “{before}”.{why}");
    record(incident, update, None, note, actor)
}

/// Sets the incident's links (chat channel, bridge, ticket, others), trimmed; empty ones dropped.
pub fn set_links(
    incident: &mut Incident,
    links: IncidentLinks,
    actor: &Actor,
) -> Result<(), Refused> {
    let mut links = IncidentLinks {
        chat_channel: links.chat_channel.as_deref().and_then(chosen),
        bridge: links.bridge.as_deref().and_then(chosen),
        ticket: links.ticket.as_deref().and_then(chosen),
        other: links.other,
    };
    links.other.retain(|l| !l.url.trim().is_empty());
    for l in &mut links.other {
        l.url = l.url.trim().to_owned();
        l.name = l.name.trim().to_owned();
    }
    for v in [&links.chat_channel, &links.bridge, &links.ticket]
        .into_iter()
        .flatten()
        .chain(links.other.iter().map(|l| &l.url))
    {
        if let Some(m) = limits::too_long("A link", v, limits::SHORT) {
            return refuse(m);
        }
    }
    if links == incident.links {
        return Ok(());
    }
    not_before_last(incident, actor)?;
    incident.links = links;
    touch(&mut incident.stamps, keys::LINKS, actor.stamp());
    Ok(())
}

/// The chat channel the playbook names for an incident: `#incident-<timestamp>`, from its
/// declaration (`#incident-20261202-0931`).
pub fn suggested_channel(incident: &Incident) -> String {
    format!(
        "#incident-{}",
        incident.declared_at.to_rfc3339()[..16]
            .replace(['-', ':'], "")
            .replace('T', "-")
    )
}

/// Ticks (or unticks) `who` of the severity's notification list: they have been told.
pub fn tell(incident: &mut Incident, who: &str, told: bool, actor: &Actor) -> Result<(), Refused> {
    let who = who.trim();
    if who.is_empty() {
        return refuse("Say who was told.");
    }
    if incident.notified().contains(&who) == told {
        return Ok(());
    }
    not_before_last(incident, actor)?;
    let who = who.to_owned();
    let kind = if told {
        EventKind::Notified { who }
    } else {
        EventKind::NotifiedUndone { who }
    };
    push_event(incident, actor, kind);
    Ok(())
}
