//! The site in German.

use super::Words;

pub static DE: Words = Words {
    lang: "de",

    months: [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
        "Oktober", "November", "Dezember",
    ],
    months_short: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ],
    day_first: true,
    decimal_comma: true,
    under_a_minute: "unter einer Minute",
    unit_min: "Min.",
    unit_h: "Std.",
    unit_d: "Tg.",

    operational: "Betriebsbereit",
    under_maintenance: "In Wartung",
    degraded_performance: "Eingeschränkte Leistung",
    partial_outage: "Teilausfall",
    major_outage: "Schwerer Ausfall",
    degraded: "Eingeschränkt",
    investigating: "Wird untersucht",
    identified: "Ursache erkannt",
    monitoring: "Wird beobachtet",
    resolved_status: "Behoben",
    postmortem: "Post-Mortem",
    maint_scheduled: "Geplant",
    maint_in_progress: "Läuft",
    maint_verifying: "Wird geprüft",
    maint_completed: "Abgeschlossen",
    action_open: "Offen",
    action_in_progress: "In Arbeit",
    action_done: "Erledigt",
    all_operational: "Alle Systeme betriebsbereit",
    minor_outage_overall: "Geringfügiger Dienstausfall",
    partial_outage_overall: "Teilweiser Systemausfall",
    major_outage_overall: "Schwerer Dienstausfall",
    impact_critical: "Kritische Auswirkung",
    impact_major: "Große Auswirkung",
    impact_minor: "Geringe Auswirkung",
    impact_none: "Minimale Auswirkung",

    badge_label: "Status",
    badge_operational: "betriebsbereit",
    badge_maintenance: "Wartung",
    badge_degraded: "eingeschränkt",
    badge_minor_outage: "geringfügiger Ausfall",
    badge_partial_outage: "Teilausfall",
    badge_major_outage: "schwerer Ausfall",

    site_title: |name| format!("{name} Status"),
    page_title: |what, name| format!("{what} · {name} Status"),
    feed_title: |name| format!("{name} Status"),
    skip: "Zum Inhalt springen",
    status: "Status",
    nav_label: "Website",
    history: "Verlauf",
    postmortems: "Post-Mortems",
    subscribe: "Abonnieren",
    subscribe_colon: "Abonnieren:",
    maintenance_calendar: "Wartungskalender",
    json_api: "JSON-API",
    by_component: "nach Komponente",
    times_in_utc: "Alle Zeiten in UTC. Erstellt am",
    times_are_utc: "Alle Zeiten in UTC.",

    index_description: |name, overall| {
        format!("{name}: {overall}. Aktueller Status, Störungen und geplante Wartungsarbeiten von {name}.")
    },
    as_of: "Stand:",
    active_incidents: "Aktuelle Störungen",
    affects: "betrifft",
    corrected_at: "korrigiert am",
    workaround: "Behelfslösung:",
    scheduled_maintenance: "Geplante Wartungsarbeiten",
    components: "Komponenten",
    uptime_colon: "Verfügbarkeit:",
    uptime_by_month: "Verfügbarkeit nach Monat",
    bar_label: |name, uptime| {
        format!("{name}: {uptime} Verfügbarkeit in den letzten 90 Tagen")
    },
    days_ago_90: "vor 90 Tagen",
    uptime_word: "Verfügbarkeit",
    today: "Heute",
    past_incidents: "Vergangene Störungen",
    no_incidents_reported: "Keine Störungen gemeldet.",
    more_in_history: |n, date| format!("{n} weitere am {date} im Verlauf"),
    incident_history: "Störungsverlauf",
    day_no_data: |date| format!("{date}: keine Daten"),
    day_no_incidents: |date| format!("{date}: keine Störungen"),
    incident_count: |n| {
        if n == 1 {
            "1 Störung".to_owned()
        } else {
            format!("{n} Störungen")
        }
    },
    no_components: "Keine Komponenten",
    no_components_lower: "keine Komponenten",
    // An adjective starts in lower case inside a sentence ("schwerer Ausfall"), a noun keeps
    // its capital ("Teilausfall").
    in_sentence: |s| {
        if s == "Teilausfall" {
            s.to_owned()
        } else {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default()
        }
    },

    retracted: "zurückgezogen am",
    lasted: "Dauer:",
    started: "Begonnen",
    resolved: "Behoben",
    after: "nach",
    affected: "Betroffen",
    read_postmortem: "Post-Mortem lesen",
    updates: "Meldungen",
    window: "Zeitraum",
    incident_description: |title, status, impact, started| {
        format!("{title} – {status} ({impact}), begonnen am {started}.")
    },
    maintenance_description: |title, status, window| {
        format!("Geplante Wartung: {title} ({status}), {window}.")
    },
    postmortem_of: |title| format!("Post-Mortem: {title}"),
    postmortem_description: |title| format!("Post-Mortem zu „{title}“."),
    published: "veröffentlicht am",
    incident: "Störung",
    what_we_change: "Was wir ändern",
    back_to_incident: "← Die Störung und ihre Meldungen",
    postmortems_description: |name| {
        format!("Was geschah, warum und was {name} geändert hat: die Post-Mortems zu den Störungen von {name}.")
    },
    postmortems_lead: "Was geschah, warum und was wir geändert haben. Neueste zuerst.",
    no_postmortems: "Noch keine Post-Mortems veröffentlicht.",
    older_postmortems_before: |n| format!("{n} ältere Post-Mortems sind bei ihren Störungen im "),
    incident_history_link: "Störungsverlauf",
    older_postmortems_after: " verlinkt.",

    history_title: |month| format!("Störungsverlauf, {month}"),
    history_heading: |month| format!("Störungsverlauf: {month}"),
    history_description: |name, month| {
        format!("Alle Störungen und Wartungsarbeiten von {name} im {month}.")
    },
    months_label: "Monate",
    no_incidents_month: "In diesem Monat wurden keine Störungen gemeldet.",
    incidents: "Störungen",
    maintenance: "Wartung",
    all_months: "Alle Monate",

    subscribe_description: |name| {
        format!("Feeds, Kalender, Badges und JSON für {name} und alle Komponenten")
    },
    subscribe_lead: "Verfolgen Sie, was Sie betrifft. Jeder Feed und jeder Kalender ist eine Datei, die Ihr Feedreader oder Ihre Kalender-App auf Änderungen prüft: kein Konto, keine E-Mail-Adresse.",
    everything: "Alles",
    atom_feed: "Atom-Feed",
    and: "und",
    rss_feed: "RSS-Feed",
    feeds_hold: |n| format!(": jede Störung, Korrektur und Wartung, die neuesten {n}."),
    calendar_holds: ": alle geplanten Wartungsfenster (abonnieren Sie seine Adresse in Ihrer Kalender-App).",
    status_badge: "Status-Badge",
    badge_holds: ": der Gesamtstatus jetzt, als Bild für eine README oder ein Wiki.",
    api_holds: ": eine Statuspage-kompatible API (v2), für Widgets und Monitoring-Werkzeuge.",
    by_group: "Nach Gruppe und Komponente",
    by_group_lead: "Jede Gruppe und Komponente hat dieselben Dateien, die jeweils nur enthalten, was sie betrifft: Feeds ihrer Störungen und Wartungsarbeiten, einen Kalender ihrer Wartungsfenster, ein Badge ihres Status und ihren Status als JSON (offene Störungen und anstehende Wartung).",
    calendar: "Kalender",
    badge: "Badge",
    group: "Gruppe",
    component: "Komponente",
    group_lower: "Gruppe",
    component_lower: "Komponente",

    weights: |major, partial, degraded, maintenance| {
        format!("ein schwerer Ausfall zählt {major}, ein Teilausfall {partial}, eingeschränkte Leistung {degraded} und Wartung {maintenance}")
    },
    in_full: "voll",
    not_at_all: "gar nicht",
    at_pct: |p| format!("zu {p} %"),
    uptime_description: |name, month| {
        format!("Verfügbarkeit jeder Komponente von {name} im {month}, und wie sie gezählt wird")
    },
    uptime_heading: |month| format!("Verfügbarkeit im {month}"),
    uptime_lead: |weights, so_far| {
        format!(
            "So wird gezählt: {weights}. Die Verfügbarkeit einer Komponente ist 100 % abzüglich der so gezählten Ausfallzeit, bezogen auf die {}Minuten des Monats. Eine Störung zählt mit jeder Auswirkung, die sie hatte, solange sie sie hatte.",
            if so_far { "bisherigen " } else { "" }
        )
    },
    uptime_caption: |month| format!("Jede Komponente im {month}, in Minuten"),
    uptime: "Verfügbarkeit",
    downtime_counted: "Gezählte Ausfallzeit",
    uptime_csv: "Tag für Tag, jede Komponente (CSV)",

    not_found: "Seite nicht gefunden",
    not_found_before: "Diese Seite gibt es nicht. Der ",
    current_status: "aktuelle Status",
    not_found_and: " und der ",
    not_found_after: " sind einen Klick entfernt.",

    updated: "Aktualisiert am",
    maintenance_in_progress: "Wartung läuft",
    retracted_update: "Diese Meldung wurde zurückgezogen.",

    ev_incident_created: "Neue Störung",
    ev_incident_updated: "Neue Meldung zur Störung",
    ev_update_corrected: "Meldung korrigiert",
    ev_update_retracted: "Meldung zurückgezogen",
    ev_maintenance_scheduled: "Wartung geplant",
    ev_maintenance_updated: "Neue Meldung zur Wartung",
    ev_postmortem_published: "Post-Mortem veröffentlicht",

    feed_about: |name| format!("Störungen und geplante Wartungsarbeiten von {name}"),
    scope_about: |what, kind, site| {
        format!("Störungen und geplante Wartungsarbeiten, die die {kind} „{what}“ von {site} betreffen")
    },
    // "Dauer: 2 Std. 5 Min." (the abbreviation's dot ends the sentence).
    lasted_sentence: |d| {
        if d.ends_with('.') {
            format!("Dauer: {d}")
        } else {
            format!("Dauer: {d}.")
        }
    },
    correction: |title| format!("Korrektur: {title}"),
    now_reads: |at| format!("Die Meldung vom {at} lautet jetzt:"),
    retracted_title: |title| format!("Zurückgezogen: {title}"),
    was_retracted: |at| format!("Die Meldung vom {at} wurde zurückgezogen."),
    scheduled_from: |from, to| format!("Geplant vom {from} bis {to}."),
    affects_list: |names| format!("Betrifft: {names}."),
    maintenance_title: |title| format!("Wartung: {title}"),
    calendar_name: |name| format!("Geplante Wartungsarbeiten von {name}"),
    calendar_description: |name| format!("Geplante Wartungsfenster von {name} (Zeiten in UTC)"),
};
