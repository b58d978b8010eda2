//! Cygni's settings for the sample: components in groups, people, on-call schedules and tool
//! links, with the playbook's defaults. Nothing here is random.

use chrono::{TimeZone, Utc};

use crate::model::{
    BusinessHours, Component, ComponentGroup, OnCallSchedule, Organization, Person, Settings,
    Stamps, ToolLink,
};
use crate::playbook::Playbook;
use crate::time::Timestamp;

use super::{s, DAY, ENGINEERS, SPAN_DAYS};

const GROUPS: &[(&str, &str, &str)] = &[
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

const COMPONENTS: &[(&str, &str, &str, &str)] = &[
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

/// Id, name, chat handle, title and escalation levels.
const PEOPLE: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "p-maya",
        "Maya Chen",
        "maya",
        "Engineering Manager",
        &["em"],
    ),
    (
        "p-jonas",
        "Jonas Berg",
        "jonas",
        "Senior Engineer",
        &["sr-eng", "on-call"],
    ),
    (
        "p-amara",
        "Amara Okafor",
        "amara",
        "Senior SRE",
        &["sr-eng", "on-call"],
    ),
    (
        "p-lucas",
        "Lucas Moreau",
        "lucas",
        "Backend Engineer",
        &["on-call"],
    ),
    (
        "p-sofia",
        "Sofia Rossi",
        "sofia",
        "Platform Engineer",
        &["on-call"],
    ),
    (
        "p-daniel",
        "Daniel Kim",
        "daniel",
        "Frontend Engineer",
        &["on-call"],
    ),
    ("p-tom", "Tom Becker", "tom", "Software Engineer", &[]),
    ("p-hannah", "Hannah Weiss", "hannah", "Support Lead", &[]),
    ("p-omar", "Omar Haddad", "omar", "Product Manager", &[]),
    (
        "p-elena",
        "Elena Petrova",
        "elena",
        "VP Engineering",
        &["vp-eng"],
    ),
    ("p-raj", "Raj Patel", "raj", "CTO", &["cto"]),
    ("p-ingrid", "Ingrid Nilsson", "ingrid", "CEO", &["ceo"]),
];

const TOOL_LINKS: &[(&str, &str)] = &[
    ("PagerDuty", "https://cygni.pagerduty.com"),
    ("Status Page", "https://status.cygni.dev"),
    ("Runbooks", "https://docs.cygni.dev/runbooks"),
    ("Monitoring", "https://grafana.cygni.dev"),
];

/// Cygni's settings: components in groups, people, on-call schedules, tool links and the
/// playbook's defaults.
pub fn sample_settings(now: Timestamp) -> Settings {
    let created = now.plus_minutes(-(SPAN_DAYS + 400) * DAY);
    let rotation_start = Timestamp::from_datetime(
        Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let schedule = |id: &str, name: &str, ext: &str, rotation: Vec<&str>| OnCallSchedule {
        id: s(id),
        name: s(name),
        external_id: Some(s(ext)),
        rotation: rotation.into_iter().map(s).collect(),
        rotation_start,
        shift_days: 7,
    };
    let mut secondary = ENGINEERS.to_vec();
    secondary.rotate_left(1);
    Settings {
        organization: Organization {
            name: s("Cygni"),
            status_page_url: s("https://status.cygni.dev"),
        },
        component_groups: GROUPS
            .iter()
            .enumerate()
            .map(|(i, (id, name, description))| ComponentGroup {
                id: s(id),
                name: s(name),
                description: Some(s(description)),
                position: i as u32 + 1,
            })
            .collect(),
        components: COMPONENTS
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
        people: PEOPLE
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
                ENGINEERS.to_vec(),
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
        tool_links: TOOL_LINKS
            .iter()
            .map(|(name, url)| ToolLink {
                name: s(name),
                url: s(url),
            })
            .collect(),
        internal_domains: vec![s("corp.cygni.dev")],
        business_hours: BusinessHours::default(),
        uptime_weights: crate::model::UptimeWeights::default(),
        site_language: crate::model::SiteLanguage::default(),
        playbook: Playbook::default(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    }
}
