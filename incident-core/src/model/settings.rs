//! The workspace's settings: the organization, its components and groups, people, on-call
//! schedules, tool links and its playbook.

use chrono::NaiveTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::playbook::Playbook;
use crate::time::Timestamp;

use super::{FieldConflict, Stamps};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Organization {
    pub name: String,
    /// The public status page, as named in customer emails.
    pub status_page_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ComponentGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// A component group id, or null for a top-level component.
    pub group: Option<String>,
    pub position: u32,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Chat handle, used by `/page @handle`.
    pub handle: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Escalation levels of the playbook this person answers for (`em`, `vp-eng`, …).
    pub escalation_levels: Vec<String>,
}

/// A rotation of people, as a PagerDuty schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OnCallSchedule {
    pub id: String,
    pub name: String,
    /// The schedule's name in the paging tool, for example `cygni-primary-oncall`.
    pub external_id: Option<String>,
    /// Person ids, in rotation order.
    pub rotation: Vec<String>,
    pub rotation_start: Timestamp,
    /// Length of one shift, in days.
    pub shift_days: u32,
}

impl OnCallSchedule {
    /// Who is on call at `now`, by the rotation.
    pub fn on_call_at(&self, now: Timestamp) -> Option<&str> {
        if self.rotation.is_empty() || self.shift_days == 0 {
            return None;
        }
        let shift_minutes = i64::from(self.shift_days) * 24 * 60;
        let shifts = now
            .minutes_since(self.rotation_start)
            .div_euclid(shift_minutes);
        let index = shifts.rem_euclid(self.rotation.len() as i64) as usize;
        self.rotation.get(index).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ToolLink {
    pub name: String,
    pub url: String,
}

/// When the team works, for the severities whose response is due the next business day (SEV4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BusinessHours {
    /// ISO weekdays: 1 is Monday, 7 is Sunday.
    pub days: Vec<u8>,
    /// The start of a business day, local time.
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// The workspace's local time as minutes east of UTC (Berlin in winter: 60).
    pub utc_offset_minutes: i32,
}

/// How much of a minute at each impact counts as downtime in the status site's uptime, in whole
/// percent (0: not at all, 100: in full). Vendors differ (a partial outage counts 30, 50 or 100),
/// so the site prints these wherever it shows uptime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UptimeWeights {
    pub major_outage: u8,
    pub partial_outage: u8,
    pub degraded_performance: u8,
    pub maintenance: u8,
}

impl UptimeWeights {
    /// Each weight with its field's name and what it weighs, in words.
    pub fn fields(&self) -> [(&'static str, &'static str, u8); 4] {
        [
            ("major_outage", "a major outage", self.major_outage),
            ("partial_outage", "a partial outage", self.partial_outage),
            (
                "degraded_performance",
                "degraded performance",
                self.degraded_performance,
            ),
            ("maintenance", "maintenance", self.maintenance),
        ]
    }
}

impl Default for UptimeWeights {
    /// A major outage in full, a partial outage at 30 %, degraded performance and maintenance
    /// not at all (what the site counted before schema 4).
    fn default() -> Self {
        UptimeWeights {
            major_outage: 100,
            partial_outage: 30,
            degraded_performance: 0,
            maintenance: 0,
        }
    }
}

/// The language of the status site's fixed words and dates (schema 5; English before). The
/// incidents' own words are the team's, in whatever language it writes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum SiteLanguage {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "de")]
    German,
}

impl SiteLanguage {
    pub const ALL: [SiteLanguage; 2] = [SiteLanguage::English, SiteLanguage::German];

    /// The BCP 47 tag (`en`, `de`): the serialized name and the pages' `lang`.
    pub fn code(self) -> &'static str {
        match self {
            SiteLanguage::English => "en",
            SiteLanguage::German => "de",
        }
    }

    /// The language's name in itself (`English`, `Deutsch`).
    pub fn name(self) -> &'static str {
        match self {
            SiteLanguage::English => "English",
            SiteLanguage::German => "Deutsch",
        }
    }

    pub fn from_code(code: &str) -> Option<SiteLanguage> {
        SiteLanguage::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl Default for BusinessHours {
    /// Monday to Friday, 09:00 to 17:00 UTC.
    fn default() -> Self {
        BusinessHours {
            days: vec![1, 2, 3, 4, 5],
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
            utc_offset_minutes: 0,
        }
    }
}

impl BusinessHours {
    /// The close of the next business day after `t`: that day's close when `t` is before the
    /// opening of a business day, otherwise the close of the following business day (declared
    /// Monday 10:00: Tuesday at closing; declared Saturday: Monday at closing). SEV4's response
    /// is due then. Without any business day, a week after `t`.
    pub fn next_business_day_close(&self, t: Timestamp) -> Timestamp {
        use chrono::{Datelike, Duration};
        let offset = i64::from(self.utc_offset_minutes);
        let local = t.datetime().naive_utc() + Duration::minutes(offset);
        let is_day = |d: chrono::NaiveDate| {
            let n = d.weekday().number_from_monday();
            self.days.iter().any(|x| u32::from(*x) == n)
        };
        let today = local.date();
        let mut day = if is_day(today) && local.time() < self.opens {
            today
        } else {
            today + Duration::days(1)
        };
        for _ in 0..7 {
            if is_day(day) {
                let close = day.and_time(self.closes) - Duration::minutes(offset);
                return Timestamp::from_datetime(close.and_utc());
            }
            day += Duration::days(1);
        }
        t.plus_minutes(7 * 24 * 60)
    }
}

/// Everything about a workspace that is not an incident or a maintenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    pub organization: Organization,
    pub component_groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
    pub people: Vec<Person>,
    pub oncall_schedules: Vec<OnCallSchedule>,
    pub tool_links: Vec<ToolLink>,
    /// Host names that are internal (`corp.cygni.dev`): the publish check names any text going
    /// public that mentions one, or a host below it. Schema 3.
    #[serde(default)]
    pub internal_domains: Vec<String>,
    /// Business days and hours (schema 3; Monday to Friday, 09:00 to 17:00 UTC before).
    #[serde(default)]
    pub business_hours: BusinessHours,
    /// How the status site counts uptime (schema 4; the defaults before).
    #[serde(default)]
    pub uptime_weights: UptimeWeights,
    /// The status site's language (schema 5; English before).
    #[serde(default)]
    pub site_language: SiteLanguage,
    pub playbook: Playbook,
    #[serde(default)]
    pub stamps: Stamps,
    /// Values that lost a merge (see [`crate::merge`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
}

impl Settings {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
}
