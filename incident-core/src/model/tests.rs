#![allow(clippy::unwrap_used)]
use super::{ActionStatus, IncidentStatus, Priority};

#[test]
fn key_is_the_serialized_name() {
    for s in IncidentStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.key());
    }
    for s in ActionStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.key());
    }
    for p in Priority::ALL {
        assert_eq!(serde_json::to_value(p).unwrap(), p.label());
    }
}
