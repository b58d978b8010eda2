//! The site in English.

use super::Words;

pub static EN: Words = Words {
    lang: "en",

    months: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    day_first: false,
    decimal_comma: false,
    under_a_minute: "under a minute",
    unit_min: "min",
    unit_h: "h",
    unit_d: "d",

    operational: "Operational",
    under_maintenance: "Under maintenance",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
    degraded: "Degraded",
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved_status: "Resolved",
    postmortem: "Post-mortem",
    maint_scheduled: "Scheduled",
    maint_in_progress: "In progress",
    maint_verifying: "Verifying",
    maint_completed: "Completed",
    action_open: "Open",
    action_in_progress: "In progress",
    action_done: "Done",
    all_operational: "All Systems Operational",
    minor_outage_overall: "Minor Service Outage",
    partial_outage_overall: "Partial System Outage",
    major_outage_overall: "Major Service Outage",
    impact_critical: "Critical impact",
    impact_major: "Major impact",
    impact_minor: "Minor impact",
    impact_none: "Minimal impact",

    badge_label: "status",
    badge_operational: "operational",
    badge_maintenance: "maintenance",
    badge_degraded: "degraded",
    badge_minor_outage: "minor outage",
    badge_partial_outage: "partial outage",
    badge_major_outage: "major outage",

    site_title: |name| format!("{name} Status"),
    page_title: |what, name| format!("{what} · {name} Status"),
    feed_title: |name| format!("{name} status"),
    skip: "Skip to content",
    status: "Status",
    nav_label: "Site",
    history: "History",
    postmortems: "Post-mortems",
    subscribe: "Subscribe",
    subscribe_colon: "Subscribe:",
    maintenance_calendar: "Maintenance calendar",
    json_api: "JSON API",
    by_component: "by component",
    times_in_utc: "Times are in UTC. Generated",
    times_are_utc: "Times are in UTC.",

    index_description: |name, overall| {
        format!("{name}: {overall}. Current status, incidents and scheduled maintenance of {name}.")
    },
    as_of: "As of",
    active_incidents: "Active incidents",
    affects: "affects",
    corrected_at: "corrected at",
    workaround: "Workaround:",
    scheduled_maintenance: "Scheduled maintenance",
    components: "Components",
    uptime_colon: "Uptime:",
    uptime_by_month: "Uptime by month",
    bar_label: |name, uptime| {
        format!("{name}: {uptime} uptime over the last 90 days")
    },
    days_ago_90: "90 days ago",
    uptime_word: "uptime",
    today: "Today",
    past_incidents: "Past incidents",
    no_incidents_reported: "No incidents reported.",
    more_in_history: |n, date| format!("{n} more on {date} in the history"),
    incident_history: "Incident history",
    day_no_data: |date| format!("{date}: no data"),
    day_no_incidents: |date| format!("{date}: no incidents"),
    incident_count: |n| {
        if n == 1 {
            "1 incident".to_owned()
        } else {
            format!("{n} incidents")
        }
    },
    no_components: "No components",
    no_components_lower: "no components",
    in_sentence: str::to_lowercase,

    retracted: "retracted",
    lasted: "lasted",
    started: "Started",
    resolved: "Resolved",
    after: "after",
    affected: "Affected",
    read_postmortem: "Read the post-mortem",
    updates: "Updates",
    window: "Window",
    incident_description: |title, status, impact, started| {
        format!("{title} – {status} ({impact}), started {started}.")
    },
    maintenance_description: |title, status, window| {
        format!("Scheduled maintenance: {title} ({status}), {window}.")
    },
    postmortem_of: |title| format!("Post-mortem: {title}"),
    postmortem_description: |title| format!("Post-mortem of “{title}”."),
    published: "published",
    incident: "Incident",
    what_we_change: "What we are changing",
    back_to_incident: "← The incident and its updates",
    postmortems_description: |name| {
        format!("What happened, why, and what {name} changed: the post-mortems of its incidents.")
    },
    postmortems_lead: "What happened, why, and what we changed. Newest first.",
    no_postmortems: "No post-mortems published yet.",
    older_postmortems_before: |n| {
        format!("{n} older post-mortems are linked from their incidents in the ")
    },
    incident_history_link: "incident history",
    older_postmortems_after: ".",

    history_title: |month| format!("Incident history, {month}"),
    history_heading: |month| format!("Incident history: {month}"),
    history_description: |name, month| {
        format!("Every incident and maintenance of {name} in {month}.")
    },
    months_label: "Months",
    no_incidents_month: "No incidents reported this month.",
    incidents: "Incidents",
    maintenance: "Maintenance",
    all_months: "All months",

    subscribe_description: |name| {
        format!("Feeds, calendars, badges and JSON for {name} and each of its components")
    },
    subscribe_lead: "Follow what affects you. Each feed and calendar is a file that your feed reader or calendar app checks for changes: no account, no email address.",
    everything: "Everything",
    atom_feed: "Atom feed",
    and: "and",
    rss_feed: "RSS feed",
    feeds_hold: |n| format!(": every incident, correction and maintenance window, newest {n}."),
    calendar_holds: ": every scheduled maintenance window (subscribe to its address in your calendar app).",
    status_badge: "Status badge",
    badge_holds: ": the overall status now, as an image for a README or a wiki.",
    api_holds: ": Statuspage's API (v2), for widgets and monitoring tools.",
    by_group: "By group and component",
    by_group_lead: "Each group and component has the same files, holding only what affects it: feeds of its incidents and maintenance, a calendar of its maintenance windows, a badge of its status, and its status as JSON (its open incidents and upcoming maintenance).",
    calendar: "Calendar",
    badge: "Badge",
    group: "Group",
    component: "Component",
    group_lower: "group",
    component_lower: "component",

    weights: |major, partial, degraded, maintenance| {
        format!("a major outage counts {major}, a partial outage {partial}, degraded performance {degraded} and maintenance {maintenance}")
    },
    in_full: "in full",
    not_at_all: "not at all",
    at_pct: |p| format!("at {p} %"),
    uptime_description: |name, month| {
        format!("Uptime of each component of {name} in {month}, and how it is counted")
    },
    uptime_heading: |month| format!("Uptime in {month}"),
    uptime_lead: |weights, so_far| {
        format!(
            "How it is counted: {weights}. A component's uptime is 100 % less its downtime so counted, over the minutes of the month{}. An incident counts at each impact it had, for as long as it had it.",
            if so_far { " until now" } else { "" }
        )
    },
    uptime_caption: |month| format!("Each component in {month}, in minutes"),
    uptime: "Uptime",
    downtime_counted: "Downtime counted",
    uptime_csv: "Day by day, each component (CSV)",

    not_found: "Page not found",
    not_found_before: "This page does not exist. The ",
    current_status: "current status",
    not_found_and: " and the ",
    not_found_after: " are a click away.",

    updated: "Updated",
    maintenance_in_progress: "Maintenance in progress",
    retracted_update: "This update was retracted.",

    ev_incident_created: "New incident",
    ev_incident_updated: "Incident update",
    ev_update_corrected: "Update corrected",
    ev_update_retracted: "Update retracted",
    ev_maintenance_scheduled: "Scheduled maintenance",
    ev_maintenance_updated: "Maintenance update",
    ev_postmortem_published: "Post-mortem published",

    feed_about: |name| format!("Incidents and scheduled maintenance of {name}"),
    scope_about: |what, kind, site| {
        format!("Incidents and scheduled maintenance affecting {what} ({kind}) of {site}")
    },
    lasted_sentence: |d| format!("Duration: {d}."),
    correction: |title| format!("Correction: {title}"),
    now_reads: |at| format!("The update of {at} now reads:"),
    retracted_title: |title| format!("Retracted: {title}"),
    was_retracted: |at| format!("The update of {at} was retracted."),
    scheduled_from: |from, to| format!("Scheduled from {from} to {to}."),
    affects_list: |names| format!("Affects: {names}."),
    maintenance_title: |title| format!("Maintenance: {title}"),
    calendar_name: |name| format!("{name} scheduled maintenance"),
    calendar_description: |name| {
        format!("Scheduled maintenance windows of {name} (times in UTC)")
    },
};
