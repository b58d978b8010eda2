//! Guided severity: the playbook's five assessment questions, answered, suggest a severity.
//!
//! 1. Are customers completely blocked?  2. Is revenue generation affected?
//! 3. How many customers are impacted?   4. Is data integrity at risk?
//! 5. Are there security implications?
//!
//! The rule, read from the playbook's definitions: a complete block, lost revenue, data at risk
//! or a security implication is SEV1 (its examples: API down, database unreachable, payment
//! processing failed). Otherwise the reach decides: many customers is a significant
//! degradation (SEV2), a few is a minor issue (SEV3), none is cosmetic (SEV4).

use crate::model::Severity;

/// How many customers are impacted (question 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// Most or all customers.
    Many,
    /// Some customers: a noticeable share.
    #[default]
    Some,
    /// A few customers, or one.
    Few,
    /// None noticeably (cosmetic).
    None,
}

/// The answers to the five questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Assessment {
    pub blocked: bool,
    pub revenue: bool,
    pub reach: Reach,
    pub data_at_risk: bool,
    pub security: bool,
}

/// The suggested severity and the reason, in the playbook's words.
pub fn suggest(a: &Assessment) -> (Severity, &'static str) {
    if a.blocked {
        return (Severity::Sev1, "customers are completely blocked");
    }
    if a.revenue {
        return (Severity::Sev1, "revenue generation is affected");
    }
    if a.data_at_risk {
        return (Severity::Sev1, "data integrity is at risk");
    }
    if a.security {
        return (Severity::Sev1, "there are security implications");
    }
    match a.reach {
        Reach::Many => (
            Severity::Sev2,
            "many customers see a significant degradation",
        ),
        Reach::Some => (
            Severity::Sev2,
            "a noticeable share of customers is affected",
        ),
        Reach::Few => (
            Severity::Sev3,
            "a few customers are affected and can work around it",
        ),
        Reach::None => (Severity::Sev4, "cosmetic: no customer is really held up"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_questions_lead_to_the_playbooks_levels() {
        let base = Assessment::default();
        assert_eq!(
            suggest(&Assessment {
                blocked: true,
                ..base
            })
            .0,
            Severity::Sev1
        );
        assert_eq!(
            suggest(&Assessment {
                revenue: true,
                reach: Reach::Few,
                ..base
            })
            .0,
            Severity::Sev1
        );
        assert_eq!(
            suggest(&Assessment {
                security: true,
                reach: Reach::None,
                ..base
            })
            .0,
            Severity::Sev1
        );
        assert_eq!(
            suggest(&Assessment {
                data_at_risk: true,
                ..base
            })
            .0,
            Severity::Sev1
        );
        assert_eq!(
            suggest(&Assessment {
                reach: Reach::Many,
                ..base
            })
            .0,
            Severity::Sev2
        );
        assert_eq!(
            suggest(&Assessment {
                reach: Reach::Few,
                ..base
            })
            .0,
            Severity::Sev3
        );
        assert_eq!(
            suggest(&Assessment {
                reach: Reach::None,
                ..base
            })
            .0,
            Severity::Sev4
        );
    }
}
