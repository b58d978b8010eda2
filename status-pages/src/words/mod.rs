//! The status site's fixed words, one table per language ([`EN`], [`DE`]): every heading, label,
//! status name, sentence and date of the pages, feeds, calendars, badges and embeds comes from
//! the table of the workspace's site language. A table is a struct, so a word missing from one
//! language does not compile. The API, `widget.json`, `status.json`'s keys and the CSV's
//! columns keep Statuspage's English names (programs read them); `published.json` and the
//! messages of `site-gen notify` are in the site's language.

mod de;
mod en;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use incident_core::model::{ActionStatus, MaintenanceStatus, SiteLanguage};
use incident_core::public::{ComponentStatus, Indicator, PublicStatus, PublicUpdate, Weights};
use incident_core::Timestamp;

pub use de::DE;
pub use en::EN;

/// The table of a language.
pub fn words(lang: SiteLanguage) -> &'static Words {
    match lang {
        SiteLanguage::English => &EN,
        SiteLanguage::German => &DE,
    }
}

/// A phrase with one value put in.
pub type Fill1 = fn(&str) -> String;
/// A phrase with two values put in.
pub type Fill2 = fn(&str, &str) -> String;

/// Every fixed word of the site in one language.
#[derive(Debug)]
pub struct Words {
    /// The pages' `lang` and the feeds' language (`en`, `de`).
    pub lang: &'static str,

    // Dates and numbers.
    pub months: [&'static str; 12],
    pub months_short: [&'static str; 12],
    /// `1. Nov. 2026` (day first) or `Nov 1, 2026`.
    pub day_first: bool,
    /// `99,95 %` or `99.95 %`.
    pub decimal_comma: bool,
    pub under_a_minute: &'static str,
    pub unit_min: &'static str,
    pub unit_h: &'static str,
    pub unit_d: &'static str,

    // Statuses.
    pub operational: &'static str,
    pub under_maintenance: &'static str,
    pub degraded_performance: &'static str,
    pub partial_outage: &'static str,
    pub major_outage: &'static str,
    /// The legend's and the uptime table's short "Degraded".
    pub degraded: &'static str,
    pub investigating: &'static str,
    pub identified: &'static str,
    pub monitoring: &'static str,
    pub resolved_status: &'static str,
    pub postmortem: &'static str,
    pub maint_scheduled: &'static str,
    pub maint_in_progress: &'static str,
    pub maint_verifying: &'static str,
    pub maint_completed: &'static str,
    pub action_open: &'static str,
    pub action_in_progress: &'static str,
    pub action_done: &'static str,
    /// The overall status (Statuspage's four sentences).
    pub all_operational: &'static str,
    pub minor_outage_overall: &'static str,
    pub partial_outage_overall: &'static str,
    pub major_outage_overall: &'static str,
    /// An incident's impact, by Statuspage's scale.
    pub impact_critical: &'static str,
    pub impact_major: &'static str,
    pub impact_minor: &'static str,
    pub impact_none: &'static str,

    // Badges (lower case, short).
    pub badge_label: &'static str,
    pub badge_operational: &'static str,
    pub badge_maintenance: &'static str,
    pub badge_degraded: &'static str,
    pub badge_minor_outage: &'static str,
    pub badge_partial_outage: &'static str,
    pub badge_major_outage: &'static str,

    // The frame of every page.
    pub site_title: Fill1,
    pub page_title: Fill2,
    pub feed_title: Fill1,
    pub skip: &'static str,
    pub status: &'static str,
    pub nav_label: &'static str,
    pub history: &'static str,
    pub postmortems: &'static str,
    pub subscribe: &'static str,
    pub subscribe_colon: &'static str,
    pub maintenance_calendar: &'static str,
    pub json_api: &'static str,
    pub by_component: &'static str,
    pub times_in_utc: &'static str,
    /// The footer of a page that does not say when it was made.
    pub times_are_utc: &'static str,

    // The status page.
    pub index_description: fn(&str, &str) -> String,
    pub as_of: &'static str,
    pub active_incidents: &'static str,
    pub affects: &'static str,
    pub corrected_at: &'static str,
    pub workaround: &'static str,
    pub scheduled_maintenance: &'static str,
    pub components: &'static str,
    pub uptime_colon: &'static str,
    pub uptime_by_month: &'static str,
    pub bar_label: Fill2,
    pub days_ago_90: &'static str,
    pub uptime_word: &'static str,
    pub today: &'static str,
    pub past_incidents: &'static str,
    pub no_incidents_reported: &'static str,
    pub more_in_history: Fill2,
    pub incident_history: &'static str,
    pub day_no_data: Fill1,
    pub day_no_incidents: Fill1,
    /// `1 incident`, `3 incidents`.
    pub incident_count: fn(usize) -> String,
    pub no_components: &'static str,
    pub no_components_lower: &'static str,
    /// A status's label inside a sentence (`major outage` in English; German keeps its nouns).
    pub in_sentence: fn(&str) -> String,

    // Incidents, maintenance and post-mortems.
    pub retracted: &'static str,
    pub lasted: &'static str,
    pub started: &'static str,
    pub resolved: &'static str,
    pub after: &'static str,
    pub affected: &'static str,
    pub read_postmortem: &'static str,
    pub updates: &'static str,
    pub window: &'static str,
    pub incident_description: fn(&str, &str, &str, &str) -> String,
    pub maintenance_description: fn(&str, &str, &str) -> String,
    pub postmortem_of: Fill1,
    pub postmortem_description: Fill1,
    pub published: &'static str,
    pub incident: &'static str,
    pub what_we_change: &'static str,
    pub back_to_incident: &'static str,
    pub postmortems_description: Fill1,
    pub postmortems_lead: &'static str,
    pub no_postmortems: &'static str,
    pub older_postmortems_before: Fill1,
    pub incident_history_link: &'static str,
    pub older_postmortems_after: &'static str,

    // The history.
    pub history_title: Fill1,
    pub history_heading: Fill1,
    pub history_description: Fill2,
    pub months_label: &'static str,
    pub no_incidents_month: &'static str,
    pub incidents: &'static str,
    pub maintenance: &'static str,
    pub all_months: &'static str,

    // Subscribe.
    pub subscribe_description: Fill1,
    pub subscribe_lead: &'static str,
    pub everything: &'static str,
    pub atom_feed: &'static str,
    pub and: &'static str,
    pub rss_feed: &'static str,
    pub feeds_hold: Fill1,
    pub calendar_holds: &'static str,
    pub status_badge: &'static str,
    pub badge_holds: &'static str,
    pub api_holds: &'static str,
    pub by_group: &'static str,
    pub by_group_lead: &'static str,
    pub calendar: &'static str,
    pub badge: &'static str,
    pub group: &'static str,
    pub component: &'static str,
    pub group_lower: &'static str,
    pub component_lower: &'static str,

    // Uptime.
    pub weights: fn(&str, &str, &str, &str) -> String,
    pub in_full: &'static str,
    pub not_at_all: &'static str,
    pub at_pct: Fill1,
    pub uptime_description: Fill2,
    pub uptime_heading: Fill1,
    pub uptime_lead: fn(&str, bool) -> String,
    pub uptime_caption: Fill1,
    pub uptime: &'static str,
    pub downtime_counted: &'static str,
    pub uptime_csv: &'static str,

    // 404.
    pub not_found: &'static str,
    pub not_found_before: &'static str,
    pub current_status: &'static str,
    pub not_found_and: &'static str,
    pub not_found_after: &'static str,

    // Embeds.
    pub updated: &'static str,
    pub maintenance_in_progress: &'static str,
    /// What a retracted update says instead of its words.
    pub retracted_update: &'static str,

    // Notifications (`published.json`, `site-gen notify`): what happened.
    pub ev_incident_created: &'static str,
    pub ev_incident_updated: &'static str,
    pub ev_update_corrected: &'static str,
    pub ev_update_retracted: &'static str,
    pub ev_maintenance_scheduled: &'static str,
    pub ev_maintenance_updated: &'static str,
    pub ev_postmortem_published: &'static str,

    // Feeds and calendars.
    pub feed_about: Fill1,
    pub scope_about: fn(&str, &str, &str) -> String,
    /// "Duration: 2 h." in a feed entry.
    pub lasted_sentence: Fill1,
    pub correction: Fill1,
    pub now_reads: Fill1,
    pub retracted_title: Fill1,
    pub was_retracted: Fill1,
    pub scheduled_from: Fill2,
    pub affects_list: Fill1,
    pub maintenance_title: Fill1,
    pub calendar_name: Fill1,
    pub calendar_description: Fill1,
}

impl Words {
    /// `Nov 1, 2026` / `1. Nov. 2026`
    pub fn date(&self, d: NaiveDate) -> String {
        let mon = self.months_short[d.month0() as usize];
        if self.day_first {
            format!("{}. {mon} {}", d.day(), d.year())
        } else {
            format!("{mon} {}, {}", d.day(), d.year())
        }
    }

    /// `Nov 1` / `1. Nov.`
    pub fn day_month(&self, d: NaiveDate) -> String {
        let mon = self.months_short[d.month0() as usize];
        if self.day_first {
            format!("{}. {mon}", d.day())
        } else {
            format!("{mon} {}", d.day())
        }
    }

    /// `November 2026`
    pub fn month_year(&self, d: NaiveDate) -> String {
        format!("{} {}", self.months[d.month0() as usize], d.year())
    }

    /// `Nov 1, 2026, 14:05` / `1. Nov. 2026, 14:05`
    pub fn date_time(&self, t: DateTime<Utc>) -> String {
        format!(
            "{}, {:02}:{:02}",
            self.date(t.date_naive()),
            t.hour(),
            t.minute()
        )
    }

    /// `Nov 1, 2026, 14:05 UTC`
    pub fn time(&self, t: Timestamp) -> String {
        format!("{} UTC", self.date_time(t.datetime()))
    }

    /// `2 h 5 min`, `42 min`, `3 d 4 h`
    pub fn duration(&self, minutes: i64) -> String {
        let m = minutes.max(0);
        let (min, h, d) = (self.unit_min, self.unit_h, self.unit_d);
        match m {
            0 => self.under_a_minute.to_owned(),
            1..=59 => format!("{m} {min}"),
            60..=1439 if m % 60 == 0 => format!("{} {h}", m / 60),
            60..=1439 => format!("{} {h} {} {min}", m / 60, m % 60),
            _ if (m % 1440) / 60 == 0 => format!("{} {d}", m / 1440),
            _ => format!("{} {d} {} {h}", m / 1440, (m % 1440) / 60),
        }
    }

    /// A number as written in the language (`99.95` / `99,95`).
    pub fn number(&self, text: String) -> String {
        if self.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    }

    /// A percentage rounded down to `places` (never shows 100 % for a day with downtime).
    pub fn pct_floor(&self, pct: f64, places: i32) -> String {
        let scale = 10f64.powi(places);
        let p = places.max(0) as usize;
        // A hair above the floor: 99.95 stored as 99.9499999… is still 99.95.
        self.number(format!("{:.p$} %", (pct * scale + 1e-9).floor() / scale))
    }

    /// What a public update says now: its words, or that it was retracted.
    pub fn update_body<'a>(&self, u: &'a PublicUpdate) -> &'a str {
        if u.retracted {
            self.retracted_update
        } else {
            &u.body
        }
    }

    pub fn component_status(&self, s: ComponentStatus) -> &'static str {
        match s {
            ComponentStatus::Operational => self.operational,
            ComponentStatus::UnderMaintenance => self.under_maintenance,
            ComponentStatus::DegradedPerformance => self.degraded_performance,
            ComponentStatus::PartialOutage => self.partial_outage,
            ComponentStatus::MajorOutage => self.major_outage,
        }
    }

    pub fn public_status(&self, s: PublicStatus) -> &'static str {
        match s {
            PublicStatus::Investigating => self.investigating,
            PublicStatus::Identified => self.identified,
            PublicStatus::Monitoring => self.monitoring,
            PublicStatus::Resolved => self.resolved_status,
            PublicStatus::Postmortem => self.postmortem,
        }
    }

    pub fn maintenance_status(&self, s: MaintenanceStatus) -> &'static str {
        match s {
            MaintenanceStatus::Scheduled => self.maint_scheduled,
            MaintenanceStatus::InProgress => self.maint_in_progress,
            MaintenanceStatus::Verifying => self.maint_verifying,
            MaintenanceStatus::Completed => self.maint_completed,
        }
    }

    pub fn action_status(&self, s: ActionStatus) -> &'static str {
        match s {
            ActionStatus::Open => self.action_open,
            ActionStatus::InProgress => self.action_in_progress,
            ActionStatus::Done => self.action_done,
        }
    }

    /// The overall status in Statuspage's sentences ("All Systems Operational", …).
    pub fn overall(&self, i: Indicator) -> &'static str {
        match i {
            Indicator::None => self.all_operational,
            Indicator::Minor => self.minor_outage_overall,
            Indicator::Major => self.partial_outage_overall,
            Indicator::Critical => self.major_outage_overall,
        }
    }

    /// An incident's impact ("Critical impact", …).
    pub fn impact(&self, i: Indicator) -> &'static str {
        match i {
            Indicator::Critical => self.impact_critical,
            Indicator::Major => self.impact_major,
            Indicator::Minor => self.impact_minor,
            Indicator::None => self.impact_none,
        }
    }

    /// How uptime is counted: "a major outage counts in full, a partial outage at 30 %, …".
    pub fn weights(&self, w: &Weights) -> String {
        let word = |w: f64| {
            if w >= 1.0 {
                self.in_full.to_owned()
            } else if w <= 0.0 {
                self.not_at_all.to_owned()
            } else {
                let p = format!("{:.2}", w * 100.0);
                let p = p.trim_end_matches('0').trim_end_matches('.').to_owned();
                (self.at_pct)(&self.number(p))
            }
        };
        (self.weights)(
            &word(w.major),
            &word(w.partial),
            &word(w.degraded),
            &word(w.maintenance),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_durations_and_numbers_in_each_language() {
        let t = Timestamp::parse("2026-03-05T07:04:00Z").expect("time");
        assert_eq!(EN.time(t), "Mar 5, 2026, 07:04 UTC");
        assert_eq!(DE.time(t), "5. März 2026, 07:04 UTC");
        let d = t.datetime().date_naive();
        assert_eq!(EN.day_month(d), "Mar 5");
        assert_eq!(DE.day_month(d), "5. März");
        assert_eq!(EN.month_year(d), "March 2026");
        assert_eq!(DE.month_year(d), "März 2026");
        assert_eq!(EN.duration(125), "2 h 5 min");
        assert_eq!(DE.duration(125), "2 Std. 5 Min.");
        assert_eq!(EN.duration(0), "under a minute");
        assert_eq!(DE.duration(1440 * 3 + 240), "3 Tg. 4 Std.");
        assert_eq!(EN.pct_floor(99.956, 2), "99.95 %");
        assert_eq!(DE.pct_floor(99.956, 2), "99,95 %");
        let w = Weights {
            major: 1.0,
            partial: 0.125,
            degraded: 0.0,
            maintenance: 0.1,
        };
        assert_eq!(
            EN.weights(&w),
            "a major outage counts in full, a partial outage at 12.5 %, degraded performance not at all and maintenance at 10 %"
        );
        assert_eq!(
            DE.weights(&w),
            "ein schwerer Ausfall zählt voll, ein Teilausfall zu 12,5 %, eingeschränkte Leistung gar nicht und Wartung zu 10 %"
        );
    }

    #[test]
    fn each_language_has_its_table() {
        for lang in SiteLanguage::ALL {
            assert_eq!(words(lang).lang, lang.code());
        }
    }
}
