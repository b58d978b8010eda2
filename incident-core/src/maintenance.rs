//! Scheduled maintenance as the workspace authors it: schedule a window, post its updates
//! (scheduled -> in progress -> verifying -> completed), cancel it, delete it, and the reminders
//! when a window should have started or ended and was not marked so.

use crate::merge::touch;
use crate::model::{
    Maintenance, MaintenanceStatus, MaintenanceUpdate, Settings, Stamps, Tombstone,
};
use crate::ops::{Actor, Refused};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

/// A window as the schedule form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// Component ids.
    pub components: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The first public words; empty gives the default.
    pub message: String,
}

/// The words an update gets when the writer gives none.
pub fn default_message(status: MaintenanceStatus) -> &'static str {
    match status {
        MaintenanceStatus::Scheduled => "This maintenance is scheduled.",
        MaintenanceStatus::InProgress => "This maintenance is in progress.",
        MaintenanceStatus::Verifying => "The work is done; we are verifying that all is well.",
        MaintenanceStatus::Completed => "This maintenance is complete.",
    }
}

/// What a cancelled window says as its last update (the Statuspage format has no cancelled
/// status: a cancelled window is completed with these words).
pub const CANCELLED: &str = "This maintenance was cancelled; no work was done.";

fn refuse<T>(why: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(why.into()))
}

/// A new window, with its first update (scheduled). Refused, with the reason, without a title,
/// with an end not after its start, or with a component the settings do not have.
pub fn schedule(d: Draft, settings: &Settings, actor: &Actor) -> Result<Maintenance, Refused> {
    let title = d.title.trim().to_owned();
    if title.is_empty() {
        return refuse(
            "Give the maintenance a title: what will be worked on, as customers would say it.",
        );
    }
    if let Some(m) = crate::limits::too_long("The title", &title, crate::limits::TITLE) {
        return refuse(m);
    }
    if !crate::validate::is_valid_id(&d.id) {
        return refuse(format!("{:?} is not a usable id", d.id));
    }
    if d.end <= d.start {
        return refuse("The window must end after it starts.");
    }
    if let Some(c) = d
        .components
        .iter()
        .find(|c| settings.component(c).is_none())
    {
        return refuse(format!("There is no component {c:?} in the settings."));
    }
    let mut stamps = Stamps::new();
    for field in [
        keys::TITLE,
        keys::COMPONENTS,
        keys::SCHEDULED_START,
        keys::SCHEDULED_END,
    ] {
        touch(&mut stamps, field, actor.stamp());
    }
    let message = d.message.trim();
    Ok(Maintenance {
        updates: vec![MaintenanceUpdate {
            id: format!("{}-u1", d.id),
            at: actor.now,
            status: MaintenanceStatus::Scheduled,
            message: if message.is_empty() {
                default_message(MaintenanceStatus::Scheduled).to_owned()
            } else {
                message.to_owned()
            },
        }],
        id: d.id,
        title,
        components: d.components,
        scheduled_start: d.start,
        scheduled_end: d.end,
        stamps,
        conflicts: Vec::new(),
    })
}

fn rank(s: MaintenanceStatus) -> u8 {
    match s {
        MaintenanceStatus::Scheduled => 0,
        MaintenanceStatus::InProgress => 1,
        MaintenanceStatus::Verifying => 2,
        MaintenanceStatus::Completed => 3,
    }
}

/// Posts an update: the same status with new words, or the next ones (never back, nothing after
/// completed). Empty words get the status's default.
pub fn post_update(
    m: &mut Maintenance,
    status: MaintenanceStatus,
    message: &str,
    actor: &Actor,
) -> Result<(), Refused> {
    let now = m.status();
    if now == MaintenanceStatus::Completed {
        return refuse("This maintenance is completed: nothing more can be posted.");
    }
    if rank(status) < rank(now) {
        return refuse(format!(
            "This maintenance is already {}; an update cannot take it back to {}.",
            label(now).to_lowercase(),
            label(status).to_lowercase()
        ));
    }
    let message = message.trim();
    let at = m
        .updates
        .iter()
        .map(|u| u.at)
        .max()
        .map_or(actor.now, |last| actor.now.max(last));
    m.updates.push(MaintenanceUpdate {
        id: format!(
            "{}-u{}-{}",
            m.id,
            m.updates.len() + 1,
            actor.now.unix_millis()
        ),
        at,
        status,
        message: if message.is_empty() {
            default_message(status).to_owned()
        } else {
            message.to_owned()
        },
    });
    Ok(())
}

/// Cancels a window that has not completed: its last update says so.
pub fn cancel(m: &mut Maintenance, actor: &Actor) -> Result<(), Refused> {
    post_update(m, MaintenanceStatus::Completed, CANCELLED, actor)
}

/// The deletion of a window: a tombstone dated at or after its last edit, which merges like the
/// others ([`crate::merge::delete_maintenance`]).
pub fn delete(m: &Maintenance, device: &str, now: Timestamp) -> Tombstone {
    crate::merge::delete_maintenance(m, device, now)
}

/// What the workspace reminds of: a window that should have started (still scheduled at its
/// start) or ended (still going at its end) and was not marked so.
pub fn reminder(m: &Maintenance, now: Timestamp) -> Option<&'static str> {
    match m.status() {
        MaintenanceStatus::Scheduled if now >= m.scheduled_start => {
            Some("should have started: mark it in progress, or cancel it")
        }
        MaintenanceStatus::InProgress | MaintenanceStatus::Verifying if now >= m.scheduled_end => {
            Some("should have ended: mark it completed, or say it runs late")
        }
        _ => None,
    }
}

/// A status in words.
pub fn label(s: MaintenanceStatus) -> &'static str {
    match s {
        MaintenanceStatus::Scheduled => "Scheduled",
        MaintenanceStatus::InProgress => "In progress",
        MaintenanceStatus::Verifying => "Verifying",
        MaintenanceStatus::Completed => "Completed",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::RecordKind;
    use crate::sample::{generate, SampleOptions};

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn actor(now: &str) -> Actor {
        Actor {
            person: None,
            device: "laptop".to_owned(),
            now: at(now),
        }
    }

    fn settings() -> Settings {
        generate(&SampleOptions {
            incidents: 1,
            seed: 2,
            now: at("2026-12-01T00:00:00Z"),
        })
        .settings
    }

    fn draft(settings: &Settings) -> Draft {
        Draft {
            id: "m-db".to_owned(),
            title: " Database upgrade ".to_owned(),
            components: vec![settings.components[0].id.clone()],
            start: at("2026-12-05T02:00:00Z"),
            end: at("2026-12-05T03:00:00Z"),
            message: String::new(),
        }
    }

    #[test]
    fn a_window_goes_forward_only_and_reminds_when_it_is_late() {
        let s = settings();
        let mut m = schedule(draft(&s), &s, &actor("2026-12-02T10:00:00Z")).unwrap();
        assert_eq!(m.title, "Database upgrade");
        assert_eq!(m.status(), MaintenanceStatus::Scheduled);
        assert_eq!(
            m.updates[0].message,
            default_message(MaintenanceStatus::Scheduled)
        );
        assert!(m.stamps.contains_key(keys::SCHEDULED_START));
        assert_eq!(reminder(&m, at("2026-12-05T01:59:00Z")), None);
        assert!(reminder(&m, at("2026-12-05T02:01:00Z"))
            .unwrap()
            .contains("should have started"));
        post_update(
            &mut m,
            MaintenanceStatus::InProgress,
            "",
            &actor("2026-12-05T02:01:00Z"),
        )
        .unwrap();
        assert_eq!(m.status(), MaintenanceStatus::InProgress);
        assert_eq!(reminder(&m, at("2026-12-05T02:30:00Z")), None);
        assert!(reminder(&m, at("2026-12-05T03:05:00Z"))
            .unwrap()
            .contains("should have ended"));
        let back = post_update(
            &mut m,
            MaintenanceStatus::Scheduled,
            "x",
            &actor("2026-12-05T02:02:00Z"),
        );
        assert!(back.unwrap_err().0.contains("cannot take it back"));
        post_update(
            &mut m,
            MaintenanceStatus::InProgress,
            "Halfway.",
            &actor("2026-12-05T02:30:00Z"),
        )
        .unwrap();
        post_update(
            &mut m,
            MaintenanceStatus::Completed,
            "Done.",
            &actor("2026-12-05T02:50:00Z"),
        )
        .unwrap();
        assert_eq!(m.status(), MaintenanceStatus::Completed);
        assert_eq!(reminder(&m, at("2026-12-06T00:00:00Z")), None);
        let after = post_update(
            &mut m,
            MaintenanceStatus::Completed,
            "x",
            &actor("2026-12-05T02:51:00Z"),
        );
        assert!(after.unwrap_err().0.contains("completed"));
        let ids: std::collections::BTreeSet<&str> =
            m.updates.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), m.updates.len());
    }

    #[test]
    fn a_bad_window_is_refused_with_the_reason() {
        let s = settings();
        let a = actor("2026-12-02T10:00:00Z");
        let mut d = draft(&s);
        d.end = d.start;
        assert!(schedule(d, &s, &a).unwrap_err().0.contains("end after"));
        let mut d = draft(&s);
        d.title = "  ".to_owned();
        assert!(schedule(d, &s, &a).unwrap_err().0.contains("title"));
        let mut d = draft(&s);
        d.components = vec!["nope".to_owned()];
        assert!(schedule(d, &s, &a).unwrap_err().0.contains("nope"));
    }

    #[test]
    fn a_cancelled_window_is_completed_with_words_saying_so_and_a_deletion_follows_its_edits() {
        let s = settings();
        let mut m = schedule(draft(&s), &s, &actor("2026-12-02T10:00:00Z")).unwrap();
        cancel(&mut m, &actor("2026-12-03T10:00:00Z")).unwrap();
        assert_eq!(m.status(), MaintenanceStatus::Completed);
        assert_eq!(m.updates.last().unwrap().message, CANCELLED);
        // A clock behind the last edit still deletes everything seen.
        let t = delete(&m, "laptop", at("2026-12-01T00:00:00Z"));
        assert_eq!(t.kind, RecordKind::Maintenance);
        assert_eq!(t.deleted_at, at("2026-12-03T10:00:00Z"));
    }
}
