//! The words the model and the playbook share: the severities and the roles of the incident
//! command structure. [`crate::model`] re-exports them (`incident_core::model::Severity`) and
//! [`crate::playbook`] imports them from here, so the playbook does not depend on the model.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ];

    /// `SEV1` … `SEV4`, as the playbook writes them.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Sev1 => "SEV1",
            Severity::Sev2 => "SEV2",
            Severity::Sev3 => "SEV3",
            Severity::Sev4 => "SEV4",
        }
    }

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// Parses `sev1`, `SEV1` or `1`.
    pub fn parse(s: &str) -> Option<Severity> {
        let s = s.trim().to_ascii_lowercase();
        let digits = s.strip_prefix("sev").unwrap_or(&s);
        match digits {
            "1" => Some(Severity::Sev1),
            "2" => Some(Severity::Sev2),
            "3" => Some(Severity::Sev3),
            "4" => Some(Severity::Sev4),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The four roles of the playbook's incident command structure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    IncidentCommander,
    TechnicalLead,
    CommunicationsLead,
    Scribe,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::IncidentCommander,
        Role::TechnicalLead,
        Role::CommunicationsLead,
        Role::Scribe,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::IncidentCommander => "Incident Commander",
            Role::TechnicalLead => "Technical Lead",
            Role::CommunicationsLead => "Communications Lead",
            Role::Scribe => "Scribe",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Role::IncidentCommander => "IC",
            Role::TechnicalLead => "TL",
            Role::CommunicationsLead => "CL",
            Role::Scribe => "Scribe",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{Role, Severity};

    #[test]
    fn serialized_names_are_the_bundles() {
        let names: Vec<serde_json::Value> = Severity::ALL
            .iter()
            .map(|s| serde_json::to_value(s).unwrap())
            .collect();
        assert_eq!(names, ["sev1", "sev2", "sev3", "sev4"]);
        let names: Vec<serde_json::Value> = Role::ALL
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "incident_commander",
                "technical_lead",
                "communications_lead",
                "scribe"
            ]
        );
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.label()), Some(s));
            assert_eq!(Severity::parse(&s.number().to_string()), Some(s));
        }
    }
}
