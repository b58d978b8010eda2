//! The sample's scheduled maintenances: one a month over the two years, one under way, two
//! upcoming.

use chrono::{Duration, TimeZone, Utc};

use crate::model::{Maintenance, MaintenanceStatus, MaintenanceUpdate, Stamps};
use crate::time::Timestamp;

use super::scenarios::MAINTENANCE;
use super::{s, Gen, DAY, SPAN_DAYS};

pub(super) fn maintenances(g: &mut Gen, now: Timestamp) -> Vec<Maintenance> {
    let mut out = Vec::new();
    let make = |g: &mut Gen, start: Timestamp, minutes: i64, now: Timestamp| {
        let (title, comps) = *g.pick(MAINTENANCE);
        let end = start.plus_minutes(minutes);
        // Announced a week ahead, or shortly before the sample's now for windows closer than that.
        let announced = start.plus_minutes(-7 * DAY).min(now.plus_minutes(-6 * 60));
        let mut updates = vec![MaintenanceUpdate {
            id: g.id(),
            at: announced,
            status: MaintenanceStatus::Scheduled,
            message: format!("{title} is scheduled. We expect no downtime, but requests may be slower during the window."),
        }];
        if start <= now {
            updates.push(MaintenanceUpdate {
                id: g.id(),
                at: start,
                status: MaintenanceStatus::InProgress,
                message: s("Maintenance is in progress."),
            });
        }
        if end <= now {
            updates.push(MaintenanceUpdate {
                id: g.id(),
                at: end,
                status: MaintenanceStatus::Completed,
                message: s("Maintenance has been completed."),
            });
        }
        Maintenance {
            id: g.id(),
            title: s(title),
            components: comps.iter().map(|c| s(c)).collect(),
            scheduled_start: start,
            scheduled_end: end,
            updates,
            stamps: Stamps::new(),
            conflicts: Vec::new(),
        }
    };
    // One a month over the two years, Tuesday nights 02:00 UTC; one under way now; two upcoming.
    let first = now.plus_minutes(-SPAN_DAYS * DAY);
    let base = first.datetime().date_naive();
    for month in 0..24 {
        let day = base + Duration::days(month * 30 + 3);
        let Some(at) = day.and_hms_opt(2, 0, 0) else {
            continue;
        };
        let at = Timestamp::from_datetime(Utc.from_utc_datetime(&at));
        if at.plus_minutes(3 * 60) < now {
            out.push(make(g, at, 120, now));
        }
    }
    out.push(make(g, now.plus_minutes(-30), 120, now));
    out.push(make(g, now.plus_minutes(3 * DAY + 60), 120, now));
    out.push(make(g, now.plus_minutes(17 * DAY + 120), 240, now));
    crate::sort::by_key(&mut out, |m| std::cmp::Reverse(m.scheduled_start));
    out
}
