//! A deterministic, realistic sample workspace for Cygni: the demo, the benchmarks and the tests
//! all use it. The same options always give the same bundle.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::bundle::Bundle;
use crate::model::{Event, EventKind, Incident, IncidentStatus, Settings, Severity};
use crate::time::Timestamp;

mod incident;
mod maintenances;
mod postmortem;
mod response;
mod scenarios;
mod settings;

pub use settings::sample_settings;

use incident::incident;
use maintenances::maintenances;
use scenarios::{Scenario, SCENARIOS};

/// The sample's "now" when none is given: fixed, so the sample is reproducible.
pub const DEFAULT_NOW: &str = "2026-11-01T12:00:00Z";

#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub incidents: usize,
    pub seed: u64,
    /// The sample's present: a few incidents are still open at this time, maintenance is under
    /// way and upcoming, history reaches two years back.
    pub now: Timestamp,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            incidents: 120,
            seed: 1,
            now: Timestamp::parse(DEFAULT_NOW).unwrap_or_else(|_| epoch()),
        }
    }
}

fn epoch() -> Timestamp {
    Timestamp::from_datetime(Utc.timestamp_opt(0, 0).single().unwrap_or_default())
}

const DAY: i64 = 24 * 60;
const SPAN_DAYS: i64 = 730;

fn s(x: &str) -> String {
    x.to_owned()
}

/// The on-call engineers, in the primary rotation's order.
const ENGINEERS: &[&str] = &["p-jonas", "p-amara", "p-lucas", "p-sofia", "p-daniel"];

struct Gen<'a> {
    rng: ChaCha8Rng,
    settings: &'a Settings,
}

impl Gen<'_> {
    fn id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        #[allow(clippy::unwrap_used)] // every list here is a non-empty constant
        items.choose(&mut self.rng).unwrap()
    }

    fn person(&mut self, ids: &[&str]) -> String {
        let p: &&str = self.pick(ids);
        s(p)
    }

    fn event(&mut self, at: Timestamp, by: Option<&str>, kind: EventKind) -> Event {
        Event {
            id: self.id(),
            at,
            by: by.map(s),
            kind,
        }
    }
}

/// The shape of an incident's history, decided before its records are written.
struct Plan<'a> {
    scenario: &'a Scenario,
    start: Timestamp,
    /// Resolved incidents run to the end; open ones stop in this status at `now`.
    status: IncidentStatus,
    drill: bool,
    now: Timestamp,
}

fn first_thursday(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset =
        (7 + Weekday::Thu.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    first.checked_add_signed(Duration::days(i64::from(offset)))
}

/// Generates the sample workspace.
pub fn generate(opts: &SampleOptions) -> Bundle {
    let now = opts.now;
    let settings = sample_settings(now);
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        settings: &settings,
    };
    let n = opts.incidents;
    let open = n.min(3);
    let drill_count = if n >= 10 { (n / 25).clamp(1, 24) } else { 0 };
    let regular = n - open - drill_count.min(n - open);
    let drill_count = n - open - regular;

    let mut plans: Vec<Plan> = Vec::with_capacity(n);
    // Past, resolved incidents spread over two years; severities weighted as in real life.
    for _ in 0..regular {
        let roll = g.rng.random_range(0..100);
        let sev = match roll {
            0..5 => Severity::Sev1,
            5..22 => Severity::Sev2,
            22..62 => Severity::Sev3,
            _ => Severity::Sev4,
        };
        let choices: Vec<&Scenario> = SCENARIOS.iter().filter(|s| s.severity == sev).collect();
        let scenario = *g.pick(&choices);
        let minutes_ago = g.rng.random_range(2 * DAY..SPAN_DAYS * DAY);
        plans.push(Plan {
            scenario,
            start: now.plus_minutes(-minutes_ago),
            status: IncidentStatus::Resolved,
            drill: false,
            now,
        });
    }
    // Drills on the first Thursdays of the most recent months, 14:00 UTC.
    let today = now.datetime().date_naive();
    let (mut year, mut month) = (today.year(), today.month());
    let mut drills_made = 0;
    while drills_made < drill_count {
        if let Some(day) = first_thursday(year, month) {
            if let Some(at) = day.and_hms_opt(14, 0, 0) {
                let at = Timestamp::from_datetime(Utc.from_utc_datetime(&at));
                if at.plus_minutes(120) < now {
                    let scenario = &SCENARIOS[drills_made % 5];
                    plans.push(Plan {
                        scenario,
                        start: at,
                        status: IncidentStatus::Resolved,
                        drill: true,
                        now,
                    });
                    drills_made += 1;
                }
            }
        }
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    // Open incidents at "now": a SEV1 being monitored, a SEV2 identified, a fresh SEV3 that nobody
    // has acknowledged yet.
    let open_plans = [
        (0usize, 70i64, IncidentStatus::Monitoring),
        (5, 25, IncidentStatus::Identified),
        (11, 8, IncidentStatus::Investigating),
    ];
    for (scenario, ago, status) in open_plans.iter().take(open) {
        plans.push(Plan {
            scenario: &SCENARIOS[*scenario],
            start: now.plus_minutes(-ago),
            status: *status,
            drill: false,
            now,
        });
    }
    crate::sort::by_key(&mut plans, |p| p.start);

    let mut incidents: Vec<Incident> = plans.iter().map(|p| incident(&mut g, p)).collect();
    // Newest first, as every listing shows them.
    incidents.reverse();
    let maintenances = maintenances(&mut g, now);
    Bundle {
        exported_at: now,
        device_id: format!("sample-{}", opts.seed),
        sample: true,
        incidents,
        maintenances,
        ..Bundle::new(settings.clone(), "", now)
    }
}
