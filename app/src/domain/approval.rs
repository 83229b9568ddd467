//! Conditional and time-limited approval (条件及び期限付承認, PMD Act) and its dates.
//!
//! A conditional approval's first term ends after the approval date and at most
//! [`MAX_FIRST_TERM_YEARS`] (7) years after it: 2019-03-26 → 2026-03-26 at the latest. Years
//! are added on the calendar, and 29 February falls back to 28 February in a common year. An
//! extension may carry the expiry past seven years but must move it later, and must be
//! decided while the approval is in force. The holder must reapply for full approval within
//! the term, i.e. on or before the current expiry. The approval is in force up to and
//! including its expiry date.

use super::validation::{FieldError, ToFieldError};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest first term of a conditional approval, in years.
pub const MAX_FIRST_TERM_YEARS: u32 = 7;

code_enum! {
    /// Full or conditional approval (`approvals.approval_type`).
    pub enum ApprovalType ("approval_type") {
        /// 承認.
        Full = "full",
        /// 条件及び期限付承認.
        Conditional = "conditional",
    }
}

code_enum! {
    /// How an approval ended, if it has (`approvals.outcome`).
    pub enum ApprovalOutcome ("approval_outcome") {
        /// Still in force.
        InForce = "in_force",
        /// Conditions lifted: full approval granted.
        FullApproval = "full_approval",
        /// Full approval refused on reapplication.
        NotGranted = "not_granted",
        /// Withdrawn by the holder.
        Withdrawn = "withdrawn",
        /// The term ran out.
        Expired = "expired",
    }
}

/// Why approval dates were refused. Each variant carries the date it was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    /// A date after today.
    #[error("date is after today ({today})")]
    DateInFuture {
        /// Today in Japan.
        today: NaiveDate,
    },
    /// The application date is after the approval date.
    #[error("application date is after the approval date {approved_on}")]
    AppliedAfterApproval {
        /// The approval date.
        approved_on: NaiveDate,
    },
    /// The term does not end after the approval date.
    #[error("expiry must be after the approval date {approved_on}")]
    ExpiryNotAfterApproval {
        /// The approval date.
        approved_on: NaiveDate,
    },
    /// The first term is longer than seven years.
    #[error("the first term may end on {latest} at the latest")]
    TermTooLong {
        /// The latest allowed expiry.
        latest: NaiveDate,
    },
    /// A full approval was given a term.
    #[error("only conditional approvals have a term")]
    TermOnFullApproval,
    /// A conditional approval without a term.
    #[error("a conditional approval needs a term")]
    TermMissing,
    /// An extension that does not move the expiry later.
    #[error("the new expiry must be after the current expiry {current}")]
    ExtensionNotLater {
        /// The current expiry.
        current: NaiveDate,
    },
    /// An extension, reapplication or outcome dated before the approval.
    #[error("date is before the approval date {approved_on}")]
    BeforeApproval {
        /// The approval date.
        approved_on: NaiveDate,
    },
    /// An extension or reapplication after the term ended.
    #[error("date is after the expiry {expires_on}")]
    AfterExpiry {
        /// The current expiry.
        expires_on: NaiveDate,
    },
    /// An outcome other than "in force" without a date, or "in force" with one.
    #[error("an outcome date is required exactly when the approval is no longer in force")]
    OutcomeDate,
    /// An outcome that only conditional approvals can have.
    #[error("outcome {0} applies only to conditional approvals")]
    OutcomeNeedsConditional(ApprovalOutcome),
}

impl ToFieldError for ApprovalError {
    /// Codes `approval.<variant in snake_case>` with the carried date as a parameter
    /// (`today`, `approved_on`, `latest`, `current`, `expires_on`) or `outcome`.
    fn field_error(&self, field: &str) -> FieldError {
        let e = |code: &str| FieldError::new(field, code);
        match self {
            Self::DateInFuture { today } => e("approval.date_in_future").with_param("today", today),
            Self::AppliedAfterApproval { approved_on } => {
                e("approval.applied_after_approval").with_param("approved_on", approved_on)
            }
            Self::ExpiryNotAfterApproval { approved_on } => {
                e("approval.expiry_not_after_approval").with_param("approved_on", approved_on)
            }
            Self::TermTooLong { latest } => {
                e("approval.term_too_long").with_param("latest", latest)
            }
            Self::TermOnFullApproval => e("approval.term_on_full_approval"),
            Self::TermMissing => e("approval.term_missing"),
            Self::ExtensionNotLater { current } => {
                e("approval.extension_not_later").with_param("current", current)
            }
            Self::BeforeApproval { approved_on } => {
                e("approval.before_approval").with_param("approved_on", approved_on)
            }
            Self::AfterExpiry { expires_on } => {
                e("approval.after_expiry").with_param("expires_on", expires_on)
            }
            Self::OutcomeDate => e("approval.outcome_date"),
            Self::OutcomeNeedsConditional(o) => {
                e("approval.outcome_needs_conditional").with_param("outcome", o)
            }
        }
    }
}

/// `date` plus whole calendar years; 29 February becomes 28 February in a common year.
/// `None` outside chrono's range.
pub fn add_years(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// The latest allowed first-term expiry: `approved_on` + 7 years (2019-03-26 → 2026-03-26,
/// 2020-02-29 → 2027-02-28).
pub fn latest_first_term_expiry(approved_on: NaiveDate) -> NaiveDate {
    add_years(approved_on, MAX_FIRST_TERM_YEARS).unwrap_or(NaiveDate::MAX)
}

fn not_future(date: NaiveDate, today: NaiveDate) -> Result<(), ApprovalError> {
    if date > today {
        Err(ApprovalError::DateInFuture { today })
    } else {
        Ok(())
    }
}

/// Approval and (optional) application dates: neither after today, applied on or before
/// approved.
pub fn validate_approval_dates(
    applied_on: Option<NaiveDate>,
    approved_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ApprovalError> {
    not_future(approved_on, today)?;
    if let Some(applied_on) = applied_on {
        if applied_on > approved_on {
            return Err(ApprovalError::AppliedAfterApproval { approved_on });
        }
    }
    Ok(())
}

/// The first term of a conditional approval: after `approved_on`, at most seven years later.
pub fn validate_first_term(
    approved_on: NaiveDate,
    term_expires_on: NaiveDate,
) -> Result<(), ApprovalError> {
    if term_expires_on <= approved_on {
        return Err(ApprovalError::ExpiryNotAfterApproval { approved_on });
    }
    let latest = latest_first_term_expiry(approved_on);
    if term_expires_on > latest {
        return Err(ApprovalError::TermTooLong { latest });
    }
    Ok(())
}

/// The term as a whole: conditional approvals need a valid first term, full ones have none.
pub fn validate_term(
    approval_type: ApprovalType,
    approved_on: NaiveDate,
    term_expires_on: Option<NaiveDate>,
) -> Result<(), ApprovalError> {
    match (approval_type, term_expires_on) {
        (ApprovalType::Full, None) => Ok(()),
        (ApprovalType::Full, Some(_)) => Err(ApprovalError::TermOnFullApproval),
        (ApprovalType::Conditional, None) => Err(ApprovalError::TermMissing),
        (ApprovalType::Conditional, Some(expires)) => validate_first_term(approved_on, expires),
    }
}

/// An extension decided on `extended_on` moving the expiry from `current_expires_on` to
/// `new_expires_on`: decided between approval and the current expiry, not after today; the
/// new expiry strictly later (it may lie more than seven years after approval).
pub fn validate_extension(
    approved_on: NaiveDate,
    current_expires_on: NaiveDate,
    extended_on: NaiveDate,
    new_expires_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ApprovalError> {
    not_future(extended_on, today)?;
    if extended_on < approved_on {
        return Err(ApprovalError::BeforeApproval { approved_on });
    }
    if extended_on > current_expires_on {
        return Err(ApprovalError::AfterExpiry {
            expires_on: current_expires_on,
        });
    }
    if new_expires_on <= current_expires_on {
        return Err(ApprovalError::ExtensionNotLater {
            current: current_expires_on,
        });
    }
    Ok(())
}

/// A reapplication for full approval: within the term (from approval up to and including the
/// current expiry) and not after today.
pub fn validate_reapplication(
    approved_on: NaiveDate,
    current_expires_on: NaiveDate,
    reapplied_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ApprovalError> {
    not_future(reapplied_on, today)?;
    if reapplied_on < approved_on {
        return Err(ApprovalError::BeforeApproval { approved_on });
    }
    if reapplied_on > current_expires_on {
        return Err(ApprovalError::AfterExpiry {
            expires_on: current_expires_on,
        });
    }
    Ok(())
}

/// An approval's outcome: "in force" has no date, every other outcome has one, on or after
/// the approval and not after today; full approval, not granted and expired are outcomes of
/// conditional approvals only (withdrawal can end either kind).
pub fn validate_outcome(
    approval_type: ApprovalType,
    approved_on: NaiveDate,
    outcome: ApprovalOutcome,
    outcome_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ApprovalError> {
    match (outcome, outcome_on) {
        (ApprovalOutcome::InForce, None) => Ok(()),
        (ApprovalOutcome::InForce, Some(_)) | (_, None) => Err(ApprovalError::OutcomeDate),
        (outcome, Some(on)) => {
            let conditional_only = matches!(
                outcome,
                ApprovalOutcome::FullApproval
                    | ApprovalOutcome::NotGranted
                    | ApprovalOutcome::Expired
            );
            if conditional_only && approval_type == ApprovalType::Full {
                return Err(ApprovalError::OutcomeNeedsConditional(outcome));
            }
            not_future(on, today)?;
            if on < approved_on {
                return Err(ApprovalError::BeforeApproval { approved_on });
            }
            Ok(())
        }
    }
}

/// Days from `today` to `expires_on`: 0 on the expiry day, negative once expired.
pub fn days_until_expiry(expires_on: NaiveDate, today: NaiveDate) -> i64 {
    (expires_on - today).num_days()
}

/// Whether the approval is still in force (today ≤ expiry) and expires within `within_days`.
pub fn nearing_expiry(expires_on: NaiveDate, today: NaiveDate, within_days: u32) -> bool {
    (0..=i64::from(within_days)).contains(&days_until_expiry(expires_on, today))
}

/// One extension of a conditional approval's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// When the extension was decided.
    pub extended_on: NaiveDate,
    /// The new expiry.
    pub new_expires_on: NaiveDate,
}

/// A conditional approval's term with its extensions and reapplication, kept valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionalTerm {
    approved_on: NaiveDate,
    first_expires_on: NaiveDate,
    extensions: Vec<Extension>,
    reapplied_on: Option<NaiveDate>,
}

impl ConditionalTerm {
    /// A term checked by [`validate_first_term`].
    pub fn new(approved_on: NaiveDate, first_expires_on: NaiveDate) -> Result<Self, ApprovalError> {
        validate_first_term(approved_on, first_expires_on)?;
        Ok(Self {
            approved_on,
            first_expires_on,
            extensions: Vec::new(),
            reapplied_on: None,
        })
    }

    /// Adds an extension checked by [`validate_extension`].
    pub fn extend(&mut self, extension: Extension, today: NaiveDate) -> Result<(), ApprovalError> {
        validate_extension(
            self.approved_on,
            self.current_expiry(),
            extension.extended_on,
            extension.new_expires_on,
            today,
        )?;
        self.extensions.push(extension);
        Ok(())
    }

    /// Records the reapplication for full approval, checked by [`validate_reapplication`].
    pub fn reapply(
        &mut self,
        reapplied_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), ApprovalError> {
        validate_reapplication(self.approved_on, self.current_expiry(), reapplied_on, today)?;
        self.reapplied_on = Some(reapplied_on);
        Ok(())
    }

    /// The approval date.
    pub fn approved_on(&self) -> NaiveDate {
        self.approved_on
    }

    /// The first term's expiry (`approvals.term_expires_on`).
    pub fn first_expires_on(&self) -> NaiveDate {
        self.first_expires_on
    }

    /// The extensions, oldest first.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// The reapplication date, if any.
    pub fn reapplied_on(&self) -> Option<NaiveDate> {
        self.reapplied_on
    }

    /// The expiry after all extensions (`approvals.expires_on`).
    pub fn current_expiry(&self) -> NaiveDate {
        self.extensions
            .last()
            .map_or(self.first_expires_on, |e| e.new_expires_on)
    }

    /// See [`days_until_expiry`].
    pub fn days_until_expiry(&self, today: NaiveDate) -> i64 {
        days_until_expiry(self.current_expiry(), today)
    }

    /// See [`nearing_expiry`].
    pub fn nearing_expiry(&self, today: NaiveDate, within_days: u32) -> bool {
        nearing_expiry(self.current_expiry(), today, within_days)
    }

    /// Whether the term has run out (today is after the current expiry).
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        today > self.current_expiry()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seven_years_on_the_calendar() {
        assert_eq!(latest_first_term_expiry(d(2019, 3, 26)), d(2026, 3, 26));
        assert_eq!(latest_first_term_expiry(d(2020, 2, 29)), d(2027, 2, 28));
        assert_eq!(add_years(d(2020, 2, 29), 4), Some(d(2024, 2, 29)));
        assert_eq!(add_years(d(2021, 2, 28), 3), Some(d(2024, 2, 28)));
    }

    #[test]
    fn first_term_bounds() {
        let approved = d(2019, 3, 26);
        assert_eq!(validate_first_term(approved, d(2026, 3, 26)), Ok(()));
        assert_eq!(validate_first_term(approved, d(2019, 3, 27)), Ok(()));
        assert_eq!(
            validate_first_term(approved, d(2026, 3, 27)),
            Err(ApprovalError::TermTooLong {
                latest: d(2026, 3, 26)
            })
        );
        assert_eq!(
            validate_first_term(approved, approved),
            Err(ApprovalError::ExpiryNotAfterApproval {
                approved_on: approved
            })
        );
        assert_eq!(
            validate_first_term(approved, d(2019, 1, 1)),
            Err(ApprovalError::ExpiryNotAfterApproval {
                approved_on: approved
            })
        );
        let leap = d(2020, 2, 29);
        assert_eq!(validate_first_term(leap, d(2027, 2, 28)), Ok(()));
        assert_eq!(
            validate_first_term(leap, d(2027, 3, 1)),
            Err(ApprovalError::TermTooLong {
                latest: d(2027, 2, 28)
            })
        );
    }

    #[test]
    fn term_presence_matches_type() {
        let a = d(2024, 7, 31);
        assert_eq!(validate_term(ApprovalType::Full, a, None), Ok(()));
        assert_eq!(
            validate_term(ApprovalType::Full, a, Some(d(2030, 1, 1))),
            Err(ApprovalError::TermOnFullApproval)
        );
        assert_eq!(
            validate_term(ApprovalType::Conditional, a, None),
            Err(ApprovalError::TermMissing)
        );
        assert_eq!(
            validate_term(ApprovalType::Conditional, a, Some(d(2030, 1, 1))),
            Ok(())
        );
    }

    #[test]
    fn approval_dates() {
        let today = d(2026, 1, 1);
        assert_eq!(
            validate_approval_dates(Some(d(2023, 5, 1)), d(2024, 7, 31), today),
            Ok(())
        );
        assert_eq!(
            validate_approval_dates(Some(d(2024, 8, 1)), d(2024, 7, 31), today),
            Err(ApprovalError::AppliedAfterApproval {
                approved_on: d(2024, 7, 31)
            })
        );
        assert_eq!(
            validate_approval_dates(None, d(2026, 1, 2), today),
            Err(ApprovalError::DateInFuture { today })
        );
    }

    #[test]
    fn extensions_move_expiry_later_and_may_pass_seven_years() {
        // HeartSheet-like: conditional 2015-09-18, 5-year term, extended by 3 years.
        let today = d(2025, 1, 1);
        let mut term = ConditionalTerm::new(d(2015, 9, 18), d(2020, 9, 17)).unwrap();
        term.extend(
            Extension {
                extended_on: d(2020, 9, 1),
                new_expires_on: d(2023, 9, 17),
            },
            today,
        )
        .unwrap();
        assert_eq!(term.current_expiry(), d(2023, 9, 17));
        assert_eq!(term.first_expires_on(), d(2020, 9, 17));
        // Past seven years after approval is fine for an extension.
        assert_eq!(
            validate_extension(
                d(2015, 9, 18),
                d(2022, 9, 18),
                d(2022, 9, 1),
                d(2024, 9, 18),
                today
            ),
            Ok(())
        );
        // Not later: refused.
        assert_eq!(
            term.extend(
                Extension {
                    extended_on: d(2023, 9, 1),
                    new_expires_on: d(2023, 9, 17)
                },
                today
            ),
            Err(ApprovalError::ExtensionNotLater {
                current: d(2023, 9, 17)
            })
        );
        // Decided after the term ended: refused.
        assert_eq!(
            term.extend(
                Extension {
                    extended_on: d(2023, 9, 18),
                    new_expires_on: d(2024, 9, 17)
                },
                today
            ),
            Err(ApprovalError::AfterExpiry {
                expires_on: d(2023, 9, 17)
            })
        );
        // Decided in the future: refused.
        assert_eq!(
            validate_extension(
                d(2015, 9, 18),
                d(2026, 9, 1),
                d(2025, 1, 2),
                d(2027, 1, 1),
                today
            ),
            Err(ApprovalError::DateInFuture { today })
        );
        assert_eq!(
            validate_extension(
                d(2015, 9, 18),
                d(2020, 9, 17),
                d(2015, 9, 17),
                d(2021, 1, 1),
                today
            ),
            Err(ApprovalError::BeforeApproval {
                approved_on: d(2015, 9, 18)
            })
        );
        assert_eq!(term.extensions().len(), 1);
    }

    #[test]
    fn reapplication_within_the_term() {
        let today = d(2025, 1, 1);
        let mut term = ConditionalTerm::new(d(2015, 9, 18), d(2023, 9, 17)).unwrap_err();
        assert_eq!(
            term,
            ApprovalError::TermTooLong {
                latest: d(2022, 9, 18)
            }
        );
        let mut t = ConditionalTerm::new(d(2019, 3, 26), d(2024, 3, 25)).unwrap();
        assert_eq!(t.reapply(d(2024, 3, 25), today), Ok(()));
        assert_eq!(t.reapplied_on(), Some(d(2024, 3, 25)));
        assert_eq!(
            t.reapply(d(2024, 3, 26), today),
            Err(ApprovalError::AfterExpiry {
                expires_on: d(2024, 3, 25)
            })
        );
        assert_eq!(
            t.reapply(d(2019, 3, 25), today),
            Err(ApprovalError::BeforeApproval {
                approved_on: d(2019, 3, 26)
            })
        );
        term = validate_reapplication(d(2019, 3, 26), d(2030, 1, 1), d(2025, 1, 2), today)
            .unwrap_err();
        assert_eq!(term, ApprovalError::DateInFuture { today });
    }

    #[test]
    fn expiry_countdown() {
        let expires = d(2026, 3, 26);
        assert_eq!(days_until_expiry(expires, d(2026, 3, 26)), 0);
        assert_eq!(days_until_expiry(expires, d(2026, 2, 24)), 30);
        assert_eq!(days_until_expiry(expires, d(2026, 3, 27)), -1);
        assert!(nearing_expiry(expires, d(2026, 2, 24), 30));
        assert!(!nearing_expiry(expires, d(2026, 2, 23), 30));
        assert!(nearing_expiry(expires, expires, 0));
        assert!(
            !nearing_expiry(expires, d(2026, 3, 27), 30),
            "expired is not nearing"
        );
        let term = ConditionalTerm::new(d(2019, 3, 26), expires).unwrap();
        assert!(!term.is_expired(expires));
        assert!(term.is_expired(d(2026, 3, 27)));
        assert_eq!(term.days_until_expiry(d(2026, 3, 1)), 25);
        assert!(term.nearing_expiry(d(2026, 3, 1), 180));
        assert_eq!(term.approved_on(), d(2019, 3, 26));
    }

    #[test]
    fn outcomes() {
        let a = d(2015, 9, 18);
        let today = d(2025, 1, 1);
        let c = ApprovalType::Conditional;
        assert_eq!(
            validate_outcome(c, a, ApprovalOutcome::InForce, None, today),
            Ok(())
        );
        assert_eq!(
            validate_outcome(c, a, ApprovalOutcome::InForce, Some(a), today),
            Err(ApprovalError::OutcomeDate)
        );
        assert_eq!(
            validate_outcome(c, a, ApprovalOutcome::NotGranted, None, today),
            Err(ApprovalError::OutcomeDate)
        );
        assert_eq!(
            validate_outcome(
                c,
                a,
                ApprovalOutcome::NotGranted,
                Some(d(2024, 7, 24)),
                today
            ),
            Ok(())
        );
        assert_eq!(
            validate_outcome(
                ApprovalType::Full,
                a,
                ApprovalOutcome::Expired,
                Some(d(2024, 7, 24)),
                today
            ),
            Err(ApprovalError::OutcomeNeedsConditional(
                ApprovalOutcome::Expired
            ))
        );
        assert_eq!(
            validate_outcome(
                ApprovalType::Full,
                a,
                ApprovalOutcome::Withdrawn,
                Some(d(2024, 7, 24)),
                today
            ),
            Ok(())
        );
        assert_eq!(
            validate_outcome(
                c,
                a,
                ApprovalOutcome::Withdrawn,
                Some(d(2015, 9, 17)),
                today
            ),
            Err(ApprovalError::BeforeApproval { approved_on: a })
        );
        assert_eq!(
            validate_outcome(c, a, ApprovalOutcome::Withdrawn, Some(d(2025, 1, 2)), today),
            Err(ApprovalError::DateInFuture { today })
        );
    }

    #[test]
    fn codes_and_field_errors() {
        assert_eq!(ApprovalOutcome::FullApproval.as_str(), "full_approval");
        assert_eq!(
            "conditional".parse::<ApprovalType>(),
            Ok(ApprovalType::Conditional)
        );
        let e = ApprovalError::TermTooLong {
            latest: d(2026, 3, 26),
        }
        .field_error("term_expires_on");
        assert_eq!(e.code, "approval.term_too_long");
        assert_eq!(e.param("latest"), Some("2026-03-26"));
    }
}
