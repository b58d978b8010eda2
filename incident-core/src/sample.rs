//! A deterministic, realistic sample workspace for Cygni: the demo, the benchmarks and the tests
//! all use it. The same options always give the same bundle.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::bundle::Bundle;
use crate::model::*;
use crate::playbook::{checklist_ids, Playbook};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

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

/// Cygni's settings: components in groups, people, on-call schedules, tool links and the
/// playbook's defaults.
pub fn sample_settings(now: Timestamp) -> Settings {
    let created = now.plus_minutes(-(SPAN_DAYS + 400) * DAY);
    let groups = [
        (
            "g-api",
            "API",
            "Public REST and GraphQL APIs and outgoing webhooks",
        ),
        (
            "g-dashboard",
            "Dashboard",
            "The web dashboard and its reports",
        ),
        (
            "g-payments",
            "Payments",
            "Card payments, billing and invoices",
        ),
        ("g-auth", "Auth", "Sign-in, single sign-on and API keys"),
        (
            "g-database",
            "Database",
            "Storage, search and background processing",
        ),
    ];
    let components = [
        ("api-rest", "REST API", "g-api", "Requests to api.cygni.dev"),
        (
            "api-graphql",
            "GraphQL API",
            "g-api",
            "Requests to the GraphQL endpoint",
        ),
        (
            "api-webhooks",
            "Webhooks",
            "g-api",
            "Delivery of webhook events",
        ),
        ("dash-web", "Web Dashboard", "g-dashboard", "app.cygni.dev"),
        (
            "dash-reports",
            "Reports & Exports",
            "g-dashboard",
            "Scheduled reports and CSV exports",
        ),
        (
            "pay-processing",
            "Payment Processing",
            "g-payments",
            "Card and bank payments",
        ),
        (
            "pay-billing",
            "Billing & Invoices",
            "g-payments",
            "Invoices, receipts and billing emails",
        ),
        (
            "auth-login",
            "Login & SSO",
            "g-auth",
            "Password, SAML and OAuth sign-in",
        ),
        (
            "auth-keys",
            "API Keys",
            "g-auth",
            "Creating and validating API keys",
        ),
        (
            "db-primary",
            "Primary Database",
            "g-database",
            "The main transactional datastore",
        ),
        (
            "db-search",
            "Search",
            "g-database",
            "Full-text search across records",
        ),
        (
            "db-jobs",
            "Background Jobs",
            "g-database",
            "Queues for imports, exports and emails",
        ),
    ];
    let people = [
        (
            "p-maya",
            "Maya Chen",
            "maya",
            "Engineering Manager",
            &["em"][..],
        ),
        (
            "p-jonas",
            "Jonas Berg",
            "jonas",
            "Senior Engineer",
            &["sr-eng", "on-call"][..],
        ),
        (
            "p-amara",
            "Amara Okafor",
            "amara",
            "Senior SRE",
            &["sr-eng", "on-call"][..],
        ),
        (
            "p-lucas",
            "Lucas Moreau",
            "lucas",
            "Backend Engineer",
            &["on-call"][..],
        ),
        (
            "p-sofia",
            "Sofia Rossi",
            "sofia",
            "Platform Engineer",
            &["on-call"][..],
        ),
        (
            "p-daniel",
            "Daniel Kim",
            "daniel",
            "Frontend Engineer",
            &["on-call"][..],
        ),
        ("p-tom", "Tom Becker", "tom", "Software Engineer", &[][..]),
        (
            "p-hannah",
            "Hannah Weiss",
            "hannah",
            "Support Lead",
            &[][..],
        ),
        ("p-omar", "Omar Haddad", "omar", "Product Manager", &[][..]),
        (
            "p-elena",
            "Elena Petrova",
            "elena",
            "VP Engineering",
            &["vp-eng"][..],
        ),
        ("p-raj", "Raj Patel", "raj", "CTO", &["cto"][..]),
        ("p-ingrid", "Ingrid Nilsson", "ingrid", "CEO", &["ceo"][..]),
    ];
    let rotation_start = Timestamp::from_datetime(
        Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let engineers = ["p-jonas", "p-amara", "p-lucas", "p-sofia", "p-daniel"];
    let schedule = |id: &str, name: &str, ext: &str, rotation: Vec<&str>| OnCallSchedule {
        id: s(id),
        name: s(name),
        external_id: Some(s(ext)),
        rotation: rotation.into_iter().map(s).collect(),
        rotation_start,
        shift_days: 7,
    };
    let mut secondary = engineers.to_vec();
    secondary.rotate_left(1);
    Settings {
        organization: Organization {
            name: s("Cygni"),
            status_page_url: s("https://status.cygni.dev"),
        },
        component_groups: groups
            .iter()
            .enumerate()
            .map(|(i, (id, name, description))| ComponentGroup {
                id: s(id),
                name: s(name),
                description: Some(s(description)),
                position: i as u32 + 1,
            })
            .collect(),
        components: components
            .iter()
            .enumerate()
            .map(|(i, (id, name, group, description))| Component {
                id: s(id),
                name: s(name),
                description: Some(s(description)),
                group: Some(s(group)),
                position: i as u32 + 1,
                created_at: created,
            })
            .collect(),
        people: people
            .iter()
            .enumerate()
            .map(|(i, (id, name, handle, title, levels))| Person {
                id: s(id),
                name: s(name),
                handle: s(handle),
                title: Some(s(title)),
                email: Some(format!("{handle}@cygni.dev")),
                phone: Some(format!("+1-555-01{:02}", 10 + i)),
                escalation_levels: levels.iter().map(|l| s(l)).collect(),
            })
            .collect(),
        oncall_schedules: vec![
            schedule(
                "primary",
                "Primary on-call",
                "cygni-primary-oncall",
                engineers.to_vec(),
            ),
            schedule(
                "secondary",
                "Secondary on-call",
                "cygni-secondary-oncall",
                secondary,
            ),
            schedule(
                "management",
                "Management escalation",
                "cygni-management-escalation",
                vec!["p-maya", "p-elena"],
            ),
        ],
        tool_links: [
            ("PagerDuty", "https://cygni.pagerduty.com"),
            ("Status Page", "https://status.cygni.dev"),
            ("Runbooks", "https://docs.cygni.dev/runbooks"),
            ("Monitoring", "https://grafana.cygni.dev"),
        ]
        .iter()
        .map(|(name, url)| ToolLink {
            name: s(name),
            url: s(url),
        })
        .collect(),
        playbook: Playbook::default(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    }
}

/// A kind of incident the sample draws from.
struct Scenario {
    severity: Severity,
    title: &'static str,
    components: &'static [(&'static str, Impact)],
    impact: &'static str,
    cause: &'static str,
    fix: &'static str,
    /// Which way the rollback decision tree went.
    decision: Option<(&'static str, &'static str)>,
    page: Option<(&'static str, &'static str)>,
}

use Impact::{DegradedPerformance as Degraded, MajorOutage as Major, PartialOutage as Partial};

const ROLLBACK: Option<(&str, &str)> = Some((
    "Errors started right after the deployment: roll back.",
    "ROLLBACK",
));
const REVERT: Option<(&str, &str)> = Some((
    "Config change found and the test revert worked: revert it.",
    "REVERT",
));
const INVESTIGATE: Option<(&str, &str)> = Some((
    "No recent deployment or config change: investigate other causes.",
    "INVESTIGATE",
));

const SCENARIOS: &[Scenario] = &[
    Scenario {
        severity: Severity::Sev1,
        title: "API unavailable: requests failing with 503",
        components: &[("api-rest", Major), ("api-graphql", Major)],
        impact: "All API requests fail; integrations and the dashboard cannot load data.",
        cause: "A deployment of the API gateway shipped a routing table with no healthy upstreams.",
        fix: "Rolled back the API gateway deployment.",
        decision: ROLLBACK,
        page: Some(("amara", "Need help with the API gateway")),
    },
    Scenario {
        severity: Severity::Sev1,
        title: "Primary database unreachable",
        components: &[
            ("db-primary", Major),
            ("api-rest", Major),
            ("dash-web", Major),
        ],
        impact: "Every request that reads or writes data fails.",
        cause: "The primary database failed over to a replica whose storage volume was full.",
        fix: "Expanded the replica's volume and completed the failover.",
        decision: INVESTIGATE,
        page: Some(("jonas", "Need help with database")),
    },
    Scenario {
        severity: Severity::Sev1,
        title: "Payment processing failing for all card payments",
        components: &[("pay-processing", Major)],
        impact: "Customers cannot pay by card; checkouts fail.",
        cause: "The TLS certificate for the connection to the card processor expired.",
        fix: "Renewed and deployed the certificate.",
        decision: INVESTIGATE,
        page: Some(("sofia", "Need help with the payment gateway")),
    },
    Scenario {
        severity: Severity::Sev1,
        title: "Login unavailable for all users",
        components: &[("auth-login", Major), ("dash-web", Partial)],
        impact: "Nobody can sign in; existing sessions keep working.",
        cause: "A change of the session store's eviction policy made Redis run out of memory.",
        fix: "Reverted the eviction policy change and restarted the session store.",
        decision: REVERT,
        page: Some(("lucas", "Need help with the session store")),
    },
    Scenario {
        severity: Severity::Sev1,
        title: "Dashboard down in all regions",
        components: &[("dash-web", Major), ("dash-reports", Major)],
        impact: "The dashboard does not load for any customer.",
        cause: "A CDN configuration change removed the dashboard's origin.",
        fix: "Reverted the CDN configuration.",
        decision: REVERT,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Elevated API error rates (>5%)",
        components: &[("api-rest", Partial)],
        impact: "About 8% of API requests fail with 500 errors; retries usually succeed.",
        cause: "One node in the API pool returned errors after a kernel update.",
        fix: "Drained and replaced the faulty node.",
        decision: INVESTIGATE,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Slow dashboard response times",
        components: &[("dash-web", Degraded)],
        impact: "Dashboard pages take 10 to 20 seconds to load.",
        cause: "A schema migration dropped the index behind the activity feed query.",
        fix: "Recreated the index.",
        decision: ROLLBACK,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Intermittent authentication failures",
        components: &[("auth-login", Partial), ("auth-keys", Degraded)],
        impact: "Roughly one sign-in in ten fails; API keys are sometimes rejected.",
        cause: "Clock skew on two auth nodes made token validation fail.",
        fix: "Resynchronised the clocks and fixed the NTP configuration.",
        decision: INVESTIGATE,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Webhook deliveries delayed",
        components: &[("api-webhooks", Degraded)],
        impact: "Webhook events arrive up to 40 minutes late; none are lost.",
        cause: "A misconfigured autoscaler scaled the delivery workers down to one.",
        fix: "Fixed the autoscaler limits and scaled the workers up.",
        decision: REVERT,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Card payments intermittently declined",
        components: &[("pay-processing", Partial)],
        impact: "Some card payments are declined and must be retried.",
        cause: "The card processor rate-limited us after a retry storm from our side.",
        fix: "Added jitter to retries and worked with the processor to lift the limit.",
        decision: INVESTIGATE,
        page: None,
    },
    Scenario {
        severity: Severity::Sev2,
        title: "Search results missing recent records",
        components: &[("db-search", Partial)],
        impact: "Records created in the last hours do not appear in search.",
        cause: "The indexing pipeline stalled on a malformed document.",
        fix: "Skipped the document and reindexed the backlog.",
        decision: INVESTIGATE,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "Delayed report generation",
        components: &[("dash-reports", Degraded)],
        impact: "Scheduled reports arrive up to two hours late.",
        cause: "The report workers shared a queue with a large import.",
        fix: "Moved reports to their own queue.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "CSV exports failing for large accounts",
        components: &[("dash-reports", Partial)],
        impact: "Exports with more than 100,000 rows fail; smaller exports work.",
        cause: "A memory limit on the export workers was set too low.",
        fix: "Raised the limit and streamed the export.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "Errors on the usage API endpoint",
        components: &[("api-rest", Degraded)],
        impact: "The usage endpoint returns errors; the rest of the API is unaffected.",
        cause: "A query timeout on the usage aggregation.",
        fix: "Added a cache in front of the aggregation.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "Invoice emails delayed",
        components: &[("pay-billing", Degraded)],
        impact: "Invoice emails are sent late; invoices are available in the dashboard.",
        cause: "The email provider throttled our sending domain.",
        fix: "Spread sending over a longer window.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "Background jobs processing slowly",
        components: &[("db-jobs", Degraded)],
        impact: "Imports and bulk updates take longer than usual.",
        cause: "A stuck job held a lock on the queue table.",
        fix: "Killed the job and added a timeout.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "API key creation intermittently failing",
        components: &[("auth-keys", Partial)],
        impact: "Creating a new API key sometimes fails; existing keys work.",
        cause: "A race between two writers of the key table.",
        fix: "Serialised key creation per account.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev3,
        title: "GraphQL pagination returning duplicate items",
        components: &[("api-graphql", Degraded)],
        impact: "Some paginated GraphQL queries return an item twice.",
        cause: "An unstable sort order in the cursor query.",
        fix: "Added a tie-breaker to the sort.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev4,
        title: "Typo on the billing settings page",
        components: &[],
        impact: "Cosmetic only.",
        cause: "A copy change was not reviewed.",
        fix: "Fixed the copy.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev4,
        title: "Chart legend misaligned in Reports",
        components: &[],
        impact: "Cosmetic only.",
        cause: "A CSS regression in the chart library update.",
        fix: "Pinned the previous styles.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev4,
        title: "Low contrast of links in dark mode",
        components: &[],
        impact: "Links are hard to read in dark mode.",
        cause: "A missing dark-mode colour token.",
        fix: "Added the token.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev4,
        title: "Wrong tooltip on the API keys page",
        components: &[],
        impact: "A tooltip describes the wrong setting.",
        cause: "Copy was attached to the wrong element.",
        fix: "Moved the tooltip.",
        decision: None,
        page: None,
    },
    Scenario {
        severity: Severity::Sev4,
        title: "Time zone missing on invoice PDFs",
        components: &[],
        impact: "Invoice PDFs show times without a zone.",
        cause: "The PDF template formatted times without an offset.",
        fix: "Print times in UTC with the zone.",
        decision: None,
        page: None,
    },
];

const DRILLS: &[&str] = &[
    "API down",
    "Database unreachable",
    "Payment processing failed",
    "Auth failures",
    "Slow responses",
];

const FACTORS: &[&str] = &[
    "The alert threshold was too high to catch the first errors.",
    "The change was deployed to every region at once.",
    "The runbook for this component was out of date.",
    "A dashboard we needed was missing a panel for this metric.",
    "The on-call engineer was new to this system.",
    "The canary stage did not cover this code path.",
];
const WENT_WELL: &[&str] = &[
    "The alert fired within a minute of the first errors.",
    "The rollback took less than five minutes.",
    "Status page updates went out on time.",
    "Roles were assigned at once and handovers were clean.",
    "Customer support had a holding answer ready quickly.",
];
const WENT_WRONG: &[&str] = &[
    "It took too long to find the change that caused it.",
    "The first status page update was late.",
    "Two people worked on the same fix without knowing it.",
    "We paged the wrong team first.",
    "Logs from the failing nodes were rotated before we saved them.",
];
const ACTIONS: &[&str] = &[
    "Add an alert on the error rate of this component",
    "Stage deployments region by region",
    "Update the runbook with the recovery steps",
    "Add a dashboard panel for connection pool saturation",
    "Automate certificate renewal and alert 30 days before expiry",
    "Add a canary check for this code path",
    "Load-test the failover path every quarter",
    "Keep incident logs for 30 days",
];
const LESSONS: &[&str] = &[
    "Mitigate first: the rollback fixed it long before we understood the cause.",
    "Changes that touch every region at once need a slower rollout.",
    "A stale runbook costs more time than a missing one.",
    "Communicating early kept support tickets low.",
];
const MAINTENANCE: &[(&str, &[&str])] = &[
    ("Database engine upgrade", &["db-primary"]),
    ("Payment provider certificate rotation", &["pay-processing"]),
    (
        "Network maintenance in eu-west-1",
        &["api-rest", "api-graphql"],
    ),
    ("Search cluster migration", &["db-search"]),
    ("Login service upgrade", &["auth-login"]),
    ("Webhook infrastructure upgrade", &["api-webhooks"]),
];

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
    plans.sort_by_key(|p| p.start);

    let mut incidents: Vec<Incident> = plans.iter().map(|p| incident(&mut g, p)).collect();
    // Newest first, as every listing shows them.
    incidents.reverse();
    let maintenances = maintenances(&mut g, now);
    Bundle {
        exported_at: now,
        device_id: format!("sample-{}", opts.seed),
        incidents,
        maintenances,
        ..Bundle::new(settings.clone(), "", now)
    }
}

fn incident(g: &mut Gen, plan: &Plan) -> Incident {
    let sc = plan.scenario;
    let pb = &g.settings.playbook;
    let drill = plan.drill;
    let title = if drill {
        format!(
            "[Drill] {}",
            DRILLS[SCENARIOS
                .iter()
                .position(|x| std::ptr::eq(x, sc))
                .unwrap_or(0)
                % DRILLS.len()]
        )
    } else {
        s(sc.title)
    };
    // The severity the incident ends with; one in eight starts a level lower and is raised.
    let sev = sc.severity;
    let raised = !drill && sev != Severity::Sev4 && g.rng.random_ratio(1, 8);
    let declared_sev = if raised {
        Severity::ALL[sev as usize + 1]
    } else {
        sev
    };
    let detection = if drill {
        DetectionSource::Manual
    } else {
        match g.rng.random_range(0..10) {
            0..6 => DetectionSource::AutomatedAlert,
            6..8 => DetectionSource::CustomerReport,
            8 => DetectionSource::Engineer,
            _ => DetectionSource::Manual,
        }
    };
    let start = plan.start;
    let detect_delay = match detection {
        DetectionSource::AutomatedAlert => g.rng.random_range(1..4),
        DetectionSource::CustomerReport => g.rng.random_range(8..40),
        _ => g.rng.random_range(3..20),
    };
    // An open incident was detected and declared within the time it has been running.
    let room = if plan.status.is_open() {
        (plan.now.minutes_since(start) / 4).max(0)
    } else {
        i64::MAX
    };
    let detected = start.plus_minutes(if drill { 0 } else { detect_delay.min(room) });
    let declared = detected.plus_minutes(g.rng.random_range(0..3).min(room));
    // Acknowledged within the SLA nine times in ten.
    let sla = pb.response_minutes(declared_sev).map_or(8 * 60, i64::from);
    let ack_delay = if g.rng.random_ratio(9, 10) {
        g.rng.random_range(1..=sla.max(2) - 1)
    } else {
        g.rng.random_range(sla + 1..sla * 2 + 2)
    };
    let scale = match sev {
        Severity::Sev1 => 1,
        Severity::Sev2 => 2,
        Severity::Sev3 => 5,
        Severity::Sev4 => 30,
    };
    let to_identified = g.rng.random_range(8..40) * scale;
    let to_monitoring = g.rng.random_range(10..50) * scale;
    let to_resolved = g.rng.random_range(15..45) * scale;
    let mut acknowledged = Some(declared.plus_minutes(ack_delay));
    let mut identified = acknowledged.map(|a| a.plus_minutes(to_identified));
    // A SEV4 goes straight from identified to resolved.
    let mut monitoring = identified
        .filter(|_| sev != Severity::Sev4)
        .map(|t| t.plus_minutes(to_monitoring));
    let mut resolved = monitoring
        .or(identified)
        .map(|t| t.plus_minutes(to_resolved));
    // Open incidents: squeeze their history into the time since they started.
    if plan.status.is_open() {
        let elapsed = plan.now.minutes_since(declared).max(4);
        let at = |fraction: i64| Some(declared.plus_minutes(elapsed * fraction / 100));
        resolved = None;
        match plan.status {
            IncidentStatus::Monitoring => {
                acknowledged = at(8);
                identified = at(40);
                monitoring = at(75);
            }
            IncidentStatus::Identified => {
                acknowledged = at(20);
                identified = at(70);
                monitoring = None;
            }
            _ => {
                acknowledged = None;
                identified = None;
                monitoring = None;
            }
        }
    }

    let engineers = ["p-jonas", "p-amara", "p-lucas", "p-sofia", "p-daniel"];
    let on_call = g
        .settings
        .oncall_schedules
        .first()
        .and_then(|sch| sch.on_call_at(declared))
        .map_or_else(|| s("p-jonas"), s);
    let ic = if sev == Severity::Sev1 && g.rng.random_bool(0.5) {
        s("p-maya")
    } else {
        on_call.clone()
    };
    let mut roles = Roles::default();
    let mut timeline: Vec<Event> = Vec::new();
    let mut updates: Vec<StatusUpdate> = Vec::new();

    timeline.push(g.event(
        declared,
        Some(&on_call),
        EventKind::Declared {
            severity: declared_sev,
        },
    ));
    roles.set(Role::IncidentCommander, Some(ic.clone()));
    timeline.push(g.event(
        declared,
        Some(&on_call),
        EventKind::RoleAssigned {
            role: Role::IncidentCommander,
            person: Some(ic.clone()),
        },
    ));

    let tick = |g: &mut Gen,
                list: &str,
                item: &str,
                at: Timestamp,
                by: &str,
                timeline: &mut Vec<Event>| {
        // SEV4s are tickets: nobody works through the first-responder checklist for a typo.
        if sev == Severity::Sev4 && list == checklist_ids::FIRST_RESPONDER {
            return;
        }
        timeline.push(g.event(
            at,
            Some(by),
            EventKind::ChecklistItemDone {
                checklist: s(list),
                item: s(item),
            },
        ));
    };

    let components: Vec<AffectedComponent> = sc
        .components
        .iter()
        .map(|(c, impact)| AffectedComponent {
            component: s(c),
            impact: *impact,
        })
        .collect();
    let public_facing = !components.is_empty() && !drill;
    let names: Vec<&str> = sc
        .components
        .iter()
        .filter_map(|(c, _)| g.settings.component(c).map(|c| c.name.as_str()))
        .collect();
    let affected = if names.is_empty() {
        s("the dashboard")
    } else {
        names.join(" and ")
    };

    let mut update = |g: &mut Gen,
                      at: Timestamp,
                      status: IncidentStatus,
                      sev_now: Severity,
                      public: bool,
                      message: String,
                      actions: &str,
                      timeline: &mut Vec<Event>| {
        let id = g.id();
        let next = pb
            .update_minutes(sev_now)
            .map(|m| at.plus_minutes(i64::from(m)));
        let by = roles_cl_or(&ic);
        updates.push(StatusUpdate {
            id: id.clone(),
            at,
            status,
            severity: sev_now,
            impact: s(sc.impact),
            actions: s(actions),
            message,
            next_update_at: if status == IncidentStatus::Resolved {
                None
            } else {
                next
            },
            public,
            author: Some(by.clone()),
        });
        timeline.push(g.event(
            at,
            Some(&by),
            EventKind::UpdatePosted { update: id, public },
        ));
    };
    fn roles_cl_or(ic: &str) -> String {
        s(ic)
    }

    let mut sev_now = declared_sev;
    if let Some(ack) = acknowledged {
        timeline.push(g.event(ack, Some(&on_call), EventKind::Acknowledged));
        tick(
            g,
            checklist_ids::FIRST_RESPONDER,
            "acknowledge",
            ack,
            &on_call,
            &mut timeline,
        );
        tick(
            g,
            checklist_ids::FIRST_RESPONDER,
            "join-channel",
            ack.plus_minutes(1),
            &on_call,
            &mut timeline,
        );
        tick(
            g,
            checklist_ids::FIRST_RESPONDER,
            "assess-severity",
            ack.plus_minutes(2),
            &on_call,
            &mut timeline,
        );
        let tl = g.person(&engineers);
        if sev <= Severity::Sev2 {
            roles.set(Role::TechnicalLead, Some(tl.clone()));
            timeline.push(g.event(
                ack.plus_minutes(2),
                Some(&ic),
                EventKind::RoleAssigned {
                    role: Role::TechnicalLead,
                    person: Some(tl),
                },
            ));
            let cl = g.person(&["p-hannah", "p-omar"]);
            roles.set(Role::CommunicationsLead, Some(cl.clone()));
            timeline.push(g.event(
                ack.plus_minutes(3),
                Some(&ic),
                EventKind::RoleAssigned {
                    role: Role::CommunicationsLead,
                    person: Some(cl),
                },
            ));
            roles.set(Role::Scribe, Some(s("p-tom")));
            timeline.push(g.event(
                ack.plus_minutes(3),
                Some(&ic),
                EventKind::RoleAssigned {
                    role: Role::Scribe,
                    person: Some(s("p-tom")),
                },
            ));
        }
        if public_facing && sev <= Severity::Sev3 {
            let at = ack.plus_minutes(3);
            update(
                g,
                at,
                IncidentStatus::Investigating,
                sev_now,
                true,
                format!(
                    "We are investigating reports of problems with {affected}. {}",
                    sc.impact
                ),
                "Investigating",
                &mut timeline,
            );
            tick(
                g,
                checklist_ids::FIRST_RESPONDER,
                "status-page",
                at,
                &on_call,
                &mut timeline,
            );
        } else {
            update(
                g,
                ack.plus_minutes(3),
                IncidentStatus::Investigating,
                sev_now,
                false,
                format!("Investigating: {}", sc.title.to_lowercase()),
                "Looking at dashboards and recent changes",
                &mut timeline,
            );
        }
        tick(
            g,
            checklist_ids::FIRST_RESPONDER,
            "investigate",
            ack.plus_minutes(4),
            &on_call,
            &mut timeline,
        );
        for (k, item) in [
            "dashboards",
            "deployments",
            "resources",
            "error-logs",
            "dependencies",
        ]
        .iter()
        .enumerate()
        {
            if sev <= Severity::Sev2 {
                tick(
                    g,
                    checklist_ids::INITIAL_CHECKS,
                    item,
                    ack.plus_minutes(5 + k as i64),
                    &on_call,
                    &mut timeline,
                );
            }
        }
        if sev == Severity::Sev1 {
            for rule in pb.escalation_due(Severity::Sev1, 60).into_iter().skip(1) {
                let at = declared.plus_minutes(i64::from(rule.after_minutes));
                let end = resolved.or(Some(plan.now)).unwrap_or(plan.now);
                if at <= end && at >= ack {
                    let who = g
                        .settings
                        .people
                        .iter()
                        .find(|p| p.escalation_levels.contains(&rule.level))
                        .map(|p| p.id.clone());
                    timeline.push(g.event(
                        at,
                        Some(&ic),
                        EventKind::EscalationEngaged {
                            level: rule.level.clone(),
                            person: who,
                        },
                    ));
                }
            }
            if let Some((handle, msg)) = sc.page {
                timeline.push(g.event(
                    ack.plus_minutes(6),
                    Some(&ic),
                    EventKind::Paged {
                        target: format!("@{handle}"),
                        message: s(msg),
                    },
                ));
            }
        }
        if raised {
            let at = ack.plus_minutes(7);
            timeline.push(g.event(
                at,
                Some(&ic),
                EventKind::SeverityChanged {
                    from: declared_sev,
                    to: sev,
                },
            ));
            sev_now = sev;
        }
        if sev <= Severity::Sev2 {
            timeline.push(g.event(
                ack.plus_minutes(9),
                Some("p-tom"),
                EventKind::Note {
                    text: format!(
                        "Error rate graphs shared in the channel; {}",
                        sc.impact.to_lowercase()
                    ),
                },
            ));
        }
    }
    // Regular internal updates by cadence while investigating.
    if let (Some(ack), Some(cadence)) = (acknowledged, pb.update_minutes(sev)) {
        let until = identified.unwrap_or(plan.now);
        let mut at = ack.plus_minutes(3 + i64::from(cadence));
        let mut count = 0;
        while at < until && count < 6 {
            update(
                g,
                at,
                IncidentStatus::Investigating,
                sev_now,
                false,
                format!("Still investigating. {}", sc.impact),
                "Checking recent deployments and dependencies",
                &mut timeline,
            );
            at = at.plus_minutes(i64::from(cadence));
            count += 1;
        }
    }
    let mut status = IncidentStatus::Investigating;
    let mut change = |g: &mut Gen, at: Timestamp, to: IncidentStatus, timeline: &mut Vec<Event>| {
        timeline.push(g.event(at, Some(&ic), EventKind::StatusChanged { from: status, to }));
        status = to;
    };
    if let Some(at) = identified {
        if let Some((text, outcome)) = sc.decision {
            timeline.push(g.event(
                at.plus_minutes(-1),
                Some(&ic),
                EventKind::Decision {
                    text: s(text),
                    outcome: Some(s(outcome)),
                },
            ));
        }
        change(g, at, IncidentStatus::Identified, &mut timeline);
        update(
            g,
            at,
            IncidentStatus::Identified,
            sev_now,
            public_facing,
            s("The issue has been identified and a fix is being implemented."),
            sc.fix,
            &mut timeline,
        );
    }
    if let Some(at) = monitoring {
        change(g, at, IncidentStatus::Monitoring, &mut timeline);
        update(
            g,
            at,
            IncidentStatus::Monitoring,
            sev_now,
            public_facing,
            s("A fix has been implemented and we are monitoring the results."),
            "Watching error rates and latency",
            &mut timeline,
        );
    }
    if let Some(at) = resolved {
        let items: &[&str] = if sev <= Severity::Sev2 {
            &[
                "primary-issue",
                "error-rates",
                "response-times",
                "health-checks",
                "no-complaints",
            ]
        } else {
            &[]
        };
        for item in items {
            tick(g, checklist_ids::RESOLUTION, item, at, &ic, &mut timeline);
        }
        change(g, at, IncidentStatus::Resolved, &mut timeline);
        update(
            g,
            at,
            IncidentStatus::Resolved,
            sev_now,
            public_facing,
            format!(
                "This incident has been resolved. {affected} {} operating normally.",
                if names.len() > 1 { "are" } else { "is" }
            ),
            "Resolved; recovery monitoring for 30 minutes",
            &mut timeline,
        );
        for (k, item) in [
            "update-ticket",
            "all-clear",
            "thank-responders",
            "schedule-postmortem",
        ]
        .iter()
        .enumerate()
        {
            if sev <= Severity::Sev2 || drill {
                tick(
                    g,
                    checklist_ids::IMMEDIATE_ACTIONS,
                    item,
                    at.plus_minutes(40 + 30 * k as i64),
                    &ic,
                    &mut timeline,
                );
            }
        }
    }
    timeline.sort_by_key(|e| e.at);
    updates.sort_by_key(|u| u.at);

    // Post-mortems: every SEV1 and SEV2, some SEV3, every drill review.
    let wants_postmortem = resolved.is_some()
        && (sev <= Severity::Sev2 || drill || (sev == Severity::Sev3 && g.rng.random_ratio(1, 5)));
    let mut action_items = Vec::new();
    let mut postmortem = None;
    if let (true, Some(res)) = (wants_postmortem, resolved) {
        let written = res.plus_minutes(g.rng.random_range(6 * 60..46 * 60));
        let count = g.rng.random_range(2..=4);
        for _ in 0..count {
            let due = written.datetime().date_naive() + Duration::days(g.rng.random_range(7..45));
            let due_ts = Timestamp::from_datetime(
                Utc.from_utc_datetime(&due.and_hms_opt(17, 0, 0).unwrap_or_default()),
            );
            let done = due_ts < plan.now && g.rng.random_ratio(4, 5);
            let status = if done {
                ActionStatus::Done
            } else if g.rng.random_bool(0.3) {
                ActionStatus::InProgress
            } else {
                ActionStatus::Open
            };
            action_items.push(ActionItem {
                id: g.id(),
                action: s(g.pick::<&str>(ACTIONS)),
                owner: Some(g.person(&engineers)),
                due: Some(due),
                priority: *g.pick(&[Priority::P0, Priority::P1, Priority::P1, Priority::P2]),
                status,
                created_at: written,
                completed_at: done.then(|| due_ts.plus_minutes(-g.rng.random_range(60..5 * DAY))),
                stamps: Stamps::new(),
            });
        }
        let published = !drill && written < plan.now && g.rng.random_ratio(4, 5);
        let markdown =
            postmortem_markdown(g, &title, sev, sc, start, res, &timeline, &action_items);
        postmortem = Some(Postmortem {
            markdown,
            published,
            published_at: published.then_some(written),
            updated_at: written,
        });
        if published {
            timeline.push(g.event(written, Some(&ic), EventKind::PostmortemPublished));
        }
    }

    let mut stamps = Stamps::new();
    let device = s("sample");
    let last_status = timeline
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::StatusChanged { .. }))
        .map_or(declared, |e| e.at);
    stamps.insert(
        s(keys::STATUS),
        Stamp {
            at: last_status,
            device: device.clone(),
        },
    );
    let last_sev = timeline
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::SeverityChanged { .. }))
        .map_or(declared, |e| e.at);
    stamps.insert(
        s(keys::SEVERITY),
        Stamp {
            at: last_sev,
            device,
        },
    );

    Incident {
        id: g.id(),
        title,
        severity: sev,
        status: plan.status,
        drill,
        components,
        detection,
        started_at: start,
        detected_at: detected,
        declared_at: declared,
        acknowledged_at: acknowledged,
        resolved_at: resolved,
        roles,
        timeline,
        updates,
        postmortem,
        action_items,
        stamps,
    }
}

fn duration_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[allow(clippy::too_many_arguments)]
fn postmortem_markdown(
    g: &mut Gen,
    title: &str,
    sev: Severity,
    sc: &Scenario,
    start: Timestamp,
    end: Timestamp,
    timeline: &[Event],
    actions: &[ActionItem],
) -> String {
    let mut key = Vec::new();
    for e in timeline {
        let line = match &e.kind {
            EventKind::Declared { .. } => Some(s("Incident declared")),
            EventKind::Acknowledged => Some(s("Engineer acknowledged")),
            EventKind::StatusChanged {
                to: IncidentStatus::Identified,
                ..
            } => Some(s("Root cause identified")),
            EventKind::StatusChanged {
                to: IncidentStatus::Monitoring,
                ..
            } => Some(s("Mitigation applied")),
            EventKind::StatusChanged {
                to: IncidentStatus::Resolved,
                ..
            } => Some(s("Incident resolved")),
            EventKind::Decision {
                outcome: Some(o), ..
            } => Some(format!("Decision: {o}")),
            _ => None,
        };
        if let Some(line) = line {
            key.push(format!("- {} - {line}", e.at.utc_hhmm()));
        }
    }
    let mut md = String::new();
    md.push_str(&format!(
        "# Incident Post-Mortem: {title}\n\n## Incident Summary\n"
    ));
    md.push_str(&format!("- Date: {}\n", start.utc_date()));
    md.push_str(&format!(
        "- Duration: {} - {} ({})\n",
        start.utc_hhmm(),
        end.utc_hhmm(),
        duration_text(end.minutes_since(start))
    ));
    md.push_str(&format!("- Severity: {sev}\n- Impact: {}\n\n", sc.impact));
    md.push_str("## Timeline\nAll times UTC.\n\n");
    md.push_str(&format!("- {} - Problem began\n", start.utc_hhmm()));
    md.push_str(&key.join("\n"));
    md.push_str(&format!(
        "\n\n## Root Cause\n{}\n\n## Contributing Factors\n",
        sc.cause
    ));
    for _ in 0..2 {
        md.push_str(&format!("- {}\n", g.pick(FACTORS)));
    }
    md.push_str("\n## What Went Well\n");
    md.push_str(&format!("- {}\n- {}\n", g.pick(WENT_WELL), sc.fix));
    md.push_str("\n## What Went Wrong\n");
    md.push_str(&format!("- {}\n", g.pick(WENT_WRONG)));
    md.push_str("\n## Action Items\n| Action | Owner | Due Date | Priority |\n|--------|-------|----------|----------|\n");
    for a in actions {
        let owner = a
            .owner
            .as_deref()
            .and_then(|o| g.settings.person(o))
            .map_or("", |p| p.name.as_str());
        let due = a.due.map(|d| d.to_string()).unwrap_or_default();
        md.push_str(&format!(
            "| {} | {owner} | {due} | {:?} |\n",
            a.action, a.priority
        ));
    }
    md.push_str(&format!("\n## Lessons Learned\n{}\n", g.pick(LESSONS)));
    md
}

fn maintenances(g: &mut Gen, now: Timestamp) -> Vec<Maintenance> {
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
    out.sort_by_key(|m| std::cmp::Reverse(m.scheduled_start));
    out
}
