//! UTC timestamps as the bundle stores them: RFC 3339, always `Z`, full precision kept.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in UTC. Serialized as RFC 3339 ending in `Z` (for example
/// `2026-03-05T14:07:00Z`, or with fractional seconds when it has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// Why a string is not a valid [`Timestamp`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(pub String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parses an RFC 3339 timestamp that is in UTC and says so with a trailing `Z`.
    pub fn parse(s: &str) -> Result<Self, TimestampError> {
        let bad = || {
            TimestampError(format!(
                "{s:?} is not an RFC 3339 UTC timestamp (expected the form 2026-03-05T14:07:00Z)"
            ))
        };
        if !s.ends_with('Z') || s.as_bytes().get(10) != Some(&b'T') {
            return Err(bad());
        }
        DateTime::parse_from_rfc3339(s)
            .map(|t| Timestamp(t.with_timezone(&Utc)))
            .map_err(|_| bad())
    }

    /// From milliseconds since the Unix epoch (what `Date.now()` gives in a browser).
    pub fn from_unix_millis(ms: i64) -> Option<Self> {
        Utc.timestamp_millis_opt(ms).single().map(Timestamp)
    }

    pub fn unix_millis(self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn from_datetime(t: DateTime<Utc>) -> Self {
        Timestamp(t)
    }

    pub fn datetime(self) -> DateTime<Utc> {
        self.0
    }

    pub fn plus_minutes(self, minutes: i64) -> Self {
        Timestamp(self.0 + Duration::minutes(minutes))
    }

    /// Whole minutes from `earlier` to `self` (negative when `earlier` is later).
    pub fn minutes_since(self, earlier: Timestamp) -> i64 {
        (self.0 - earlier.0).num_minutes()
    }

    /// Seconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        (self.0 - earlier.0).num_seconds()
    }

    /// The canonical text: RFC 3339 with `Z`, as many fractional digits as the value has.
    pub fn to_rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    /// With exactly three fractional digits, as the Statuspage API writes its times.
    pub fn to_rfc3339_millis(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// `2026-03-05 14:07 UTC`: how the playbook asks times to be shown.
    pub fn utc_minute(self) -> String {
        self.0.format("%Y-%m-%d %H:%M UTC").to_string()
    }

    /// `14:07`: the timeline's `HH:MM` in UTC.
    pub fn utc_hhmm(self) -> String {
        self.0.format("%H:%M").to_string()
    }

    /// `2026-03-05`
    pub fn utc_date(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor that reads the text where it is (`Cow<str>` would copy it into a `String`
        // first: one allocation per time read, and a workspace holds hundreds of thousands).
        struct TextVisitor;
        impl serde::de::Visitor<'_> for TextVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Timestamp, E> {
                Timestamp::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": "Z$",
            "description": "An RFC 3339 timestamp in UTC, ending in Z."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_keeps_precision() {
        let t = Timestamp::parse("2026-03-05T14:07:00.123456Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-05T14:07:00.123456Z");
        assert_eq!(t.to_rfc3339_millis(), "2026-03-05T14:07:00.123Z");
        let whole = Timestamp::parse("2026-03-05T14:07:00Z").unwrap();
        assert_eq!(whole.to_rfc3339(), "2026-03-05T14:07:00Z");
        assert_eq!(whole.utc_minute(), "2026-03-05 14:07 UTC");
    }

    #[test]
    fn rejects_offsets_and_garbage() {
        for bad in [
            "2026-03-05T14:07:00+01:00",
            "2026-03-05T14:07:00+00:00",
            "2026-03-05 14:07:00Z",
            "2026-13-05T14:07:00Z",
            "yesterday",
            "",
        ] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert!(err.0.contains("RFC 3339 UTC"), "{bad}: {err}");
        }
    }

    #[test]
    fn arithmetic() {
        let t = Timestamp::parse("2026-03-05T23:50:00Z").unwrap();
        let later = t.plus_minutes(15);
        assert_eq!(later.to_rfc3339(), "2026-03-06T00:05:00Z");
        assert_eq!(later.minutes_since(t), 15);
        assert_eq!(t.minutes_since(later), -15);
    }
}
