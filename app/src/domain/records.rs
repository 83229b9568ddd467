//! Trial notifications (治験計画届) and approvals (承認) as staff type them, and the life of a
//! conditional, time-limited approval (extensions, reapplication, outcome). The same checks run
//! in the browser before sending and on the server; the rules of the term itself are in
//! [`super::approval`], registry ids in [`super::registry`].
//!
//! What the server alone can check (a registry id already on the program, the version the form
//! showed) is in `ssr::records`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::approval::{
    days_until_expiry, validate_approval_dates, validate_extension, validate_outcome,
    validate_reapplication, validate_term, ApprovalError, ApprovalOutcome, ApprovalType,
    ConditionalTerm, Extension,
};
use super::journey_form::parse_date;
use super::registry::RegistryId;
use super::text::{validate_text, TextRules};
use super::validation::{FieldError, FieldErrors, ToFieldError};

code_enum! {
    /// Who runs the trial (`trial_notifications.sponsor`).
    pub enum Sponsor ("sponsor") {
        /// 企業治験: the company sponsors the trial.
        Company = "company",
        /// 医師主導治験: investigator-initiated.
        Investigator = "investigator",
    }
}

code_enum! {
    /// The phase a notification is for (`trial_notifications.phase`).
    pub enum TrialPhase ("trial_phase") {
        Phase1 = "phase1",
        Phase1_2 = "phase1_2",
        Phase2 = "phase2",
        Phase2_3 = "phase2_3",
        Phase3 = "phase3",
    }
}

/// A notification's title (the trial's name): optional, one line.
pub const TITLE: TextRules = TextRules::single_line(300);
/// Notes on notifications, approvals and extensions.
pub const NOTE: TextRules = TextRules::multi_line(2000);
/// The product's brand name (販売名), e.g. ハートシート.
pub const BRAND: TextRules = TextRules::single_line(200);
/// What the shipment restriction is (e.g. until comparability batches are shown).
pub const RESTRICTION_NOTE: TextRules = TextRules::multi_line(1000);

/// The venture page warns of a conditional approval expiring within this many days.
pub const EXPIRY_NOTICE_DAYS: u32 = 365;

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

fn not_future(date: NaiveDate, today: NaiveDate) -> Result<(), ApprovalError> {
    if date > today {
        Err(ApprovalError::DateInFuture { today })
    } else {
        Ok(())
    }
}

fn choice<T: std::str::FromStr>(field: &str, raw: &str) -> Result<T, FieldError> {
    raw.trim()
        .parse::<T>()
        .map_err(|_| FieldError::new(field, format!("{field}.unknown")))
}

// ---------------------------------------------------------------------------------------------
// Trial notifications

/// The notification form as typed (every field text; a field left out is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationForm {
    /// `2025-04-01`, `2025/4/1`, full-width digits too.
    pub notified_on: String,
    pub sponsor: String,
    /// jRCT, NCT (or a historic UMIN / JapicCTI / JMACCT id); optional, full-width accepted.
    pub registry_id: String,
    pub phase: String,
    pub title: String,
    pub note: String,
}

/// A checked, normalised notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNotification {
    pub notified_on: NaiveDate,
    pub sponsor: Sponsor,
    /// Normalised (`jRCT2033200000`, `NCT01234567`), or empty.
    pub registry_id: String,
    pub phase: TrialPhase,
    pub title: String,
    pub note: String,
}

/// Check the notification form; every bad field is reported at once. `today` is today in
/// Japan (a notification is not dated later).
pub fn validate_notification(
    f: &NotificationForm,
    today: NaiveDate,
) -> Result<ValidNotification, FieldErrors> {
    let mut errors = FieldErrors::new();
    let notified_on = errors.check("notified_on", parse_date("notified_on", &f.notified_on));
    if let Some(on) = notified_on {
        errors.check("notified_on", not_future(on, today));
    }
    let sponsor = errors.check("sponsor", choice::<Sponsor>("sponsor", &f.sponsor));
    let registry_id = errors.check("registry_id", RegistryId::parse_optional(&f.registry_id));
    let phase = errors.check("phase", choice::<TrialPhase>("phase", &f.phase));
    let title = errors.check("title", validate_text(&f.title, TITLE));
    let note = errors.check("note", validate_text(&f.note, NOTE));
    match (notified_on, sponsor, registry_id, phase, title, note) {
        (
            Some(notified_on),
            Some(sponsor),
            Some(registry_id),
            Some(phase),
            Some(title),
            Some(note),
        ) if errors.is_empty() => Ok(ValidNotification {
            notified_on,
            sponsor,
            registry_id: registry_id.map(String::from).unwrap_or_default(),
            phase,
            title,
            note,
        }),
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------
// Approvals

/// The approval form as typed. The check boxes are booleans (absent = unchecked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalForm {
    /// `full` or `conditional`.
    pub approval_type: String,
    pub brand_name: String,
    /// Optional.
    pub applied_on: String,
    pub approved_on: String,
    /// The first term's expiry: required for a conditional approval, empty for a full one.
    pub term_expires_on: String,
    pub shipment_restricted: bool,
    pub shipment_restriction_note: String,
    /// 先駆け審査指定.
    pub sakigake: bool,
    /// 希少疾病用再生医療等製品.
    pub orphan: bool,
    pub note: String,
}

/// A checked approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApproval {
    pub approval_type: ApprovalType,
    pub brand_name: String,
    pub applied_on: Option<NaiveDate>,
    pub approved_on: NaiveDate,
    pub term_expires_on: Option<NaiveDate>,
    pub shipment_restricted: bool,
    pub shipment_restriction_note: String,
    pub sakigake: bool,
    pub orphan: bool,
    pub note: String,
}

/// Check the approval form: dates not after today, applied on or before approved, a
/// conditional approval's first term at most seven years ([`validate_term`]).
pub fn validate_approval(f: &ApprovalForm, today: NaiveDate) -> Result<ValidApproval, FieldErrors> {
    let mut errors = FieldErrors::new();
    let approval_type = errors.check(
        "approval_type",
        choice::<ApprovalType>("approval_type", &f.approval_type),
    );
    let brand_name = errors.check("brand_name", validate_text(&f.brand_name, BRAND));
    let applied_on = errors.check("applied_on", optional_date("applied_on", &f.applied_on));
    let approved_on = errors.check("approved_on", parse_date("approved_on", &f.approved_on));
    let term = errors.check(
        "term_expires_on",
        optional_date("term_expires_on", &f.term_expires_on),
    );
    if let Some(approved_on) = approved_on {
        match validate_approval_dates(applied_on.flatten(), approved_on, today) {
            Err(e @ ApprovalError::AppliedAfterApproval { .. }) => {
                errors.push(e.field_error("applied_on"))
            }
            Err(e) => errors.push(e.field_error("approved_on")),
            Ok(()) => {}
        }
        if let (Some(kind), Some(term)) = (approval_type, term) {
            errors.check("term_expires_on", validate_term(kind, approved_on, term));
        }
    }
    let restriction_note = errors.check(
        "shipment_restriction_note",
        validate_text(&f.shipment_restriction_note, RESTRICTION_NOTE),
    );
    let note = errors.check("note", validate_text(&f.note, NOTE));
    match (
        approval_type,
        brand_name,
        applied_on,
        approved_on,
        term,
        restriction_note,
        note,
    ) {
        (
            Some(approval_type),
            Some(brand_name),
            Some(applied_on),
            Some(approved_on),
            Some(term_expires_on),
            Some(shipment_restriction_note),
            Some(note),
        ) if errors.is_empty() => Ok(ValidApproval {
            approval_type,
            brand_name,
            applied_on,
            approved_on,
            term_expires_on,
            shipment_restricted: f.shipment_restricted,
            shipment_restriction_note,
            sakigake: f.sakigake,
            orphan: f.orphan,
            note,
        }),
        _ => Err(errors),
    }
}

/// What is recorded of an approval's life, as stored: the facts its later records are checked
/// against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalFacts {
    pub approval_type: ApprovalType,
    pub approved_on: NaiveDate,
    /// The first term's expiry (conditional approvals only).
    pub term_expires_on: Option<NaiveDate>,
    /// Oldest first.
    pub extensions: Vec<Extension>,
    pub reapplied_on: Option<NaiveDate>,
    pub outcome: ApprovalOutcome,
    pub outcome_on: Option<NaiveDate>,
}

impl ApprovalFacts {
    /// The expiry after every extension (`approvals.expires_on`); `None` for a full approval.
    pub fn current_expiry(&self) -> Option<NaiveDate> {
        self.extensions
            .last()
            .map(|e| e.new_expires_on)
            .or(self.term_expires_on)
    }
}

fn conflict(field: &str, what: &str) -> FieldError {
    FieldError::new(field, "approval.conflicts_with_history").with_param("what", what)
}

/// An edited approval must still agree with what was recorded of its life: its extensions
/// (a full approval has none; each still later than the term before it), its reapplication
/// (within the term) and its outcome.
pub fn check_edit_against_history(
    v: &ValidApproval,
    facts: &ApprovalFacts,
    today: NaiveDate,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let lived = !facts.extensions.is_empty() || facts.reapplied_on.is_some();
    match (v.approval_type, v.term_expires_on) {
        (ApprovalType::Full, _) | (_, None) => {
            if lived {
                let what = if facts.extensions.is_empty() {
                    "reapplication"
                } else {
                    "extension"
                };
                errors.push(conflict("approval_type", what));
            }
        }
        (ApprovalType::Conditional, Some(first)) => {
            match ConditionalTerm::new(v.approved_on, first) {
                Err(e) => errors.push(e.field_error("term_expires_on")),
                Ok(mut term) => {
                    if facts
                        .extensions
                        .iter()
                        .any(|x| term.extend(*x, today).is_err())
                    {
                        errors.push(conflict("term_expires_on", "extension"));
                    } else if let Some(r) = facts.reapplied_on {
                        if term.reapply(r, today).is_err() {
                            errors.push(conflict("approved_on", "reapplication"));
                        }
                    }
                }
            }
        }
    }
    if errors.is_empty()
        && validate_outcome(
            v.approval_type,
            v.approved_on,
            facts.outcome,
            facts.outcome_on,
            today,
        )
        .is_err()
    {
        errors.push(conflict("approved_on", "outcome"));
    }
    errors.into_result()
}

/// A checked extension of a conditional approval's term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidExtension {
    pub extension: Extension,
    pub note: String,
}

/// The approval must be a conditional one still in force for its term to be extended or a
/// reapplication recorded.
fn conditional_in_force(facts: &ApprovalFacts, field: &str) -> Result<NaiveDate, FieldError> {
    match (facts.approval_type, facts.current_expiry()) {
        (ApprovalType::Conditional, Some(expiry)) => Ok(expiry),
        _ => Err(FieldError::new(field, "approval.not_conditional")),
    }
}

/// Check an extension: of a conditional approval still in force, decided between the approval
/// and the current expiry (not after today, not before the previous extension), moving the
/// expiry later ([`validate_extension`]; an extension may go past seven years).
pub fn validate_extension_form(
    facts: &ApprovalFacts,
    extended_on: &str,
    new_expires_on: &str,
    note: &str,
    today: NaiveDate,
) -> Result<ValidExtension, FieldErrors> {
    let mut errors = FieldErrors::new();
    let on = errors.check("extended_on", parse_date("extended_on", extended_on));
    let new = errors.check(
        "new_expires_on",
        parse_date("new_expires_on", new_expires_on),
    );
    let note = errors.check("note", validate_text(note, NOTE));
    let current = match conditional_in_force(facts, "extended_on") {
        Ok(c) if facts.outcome == ApprovalOutcome::InForce => Some(c),
        Ok(_) => {
            errors.push(FieldError::new("extended_on", "approval.not_in_force"));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if let (Some(on), Some(new), Some(current)) = (on, new, current) {
        if let Some(last) = facts.extensions.last() {
            if on < last.extended_on {
                errors.push(
                    FieldError::new("extended_on", "approval.extension_before_previous")
                        .with_param("previous", last.extended_on),
                );
            }
        }
        match validate_extension(facts.approved_on, current, on, new, today) {
            Err(e @ ApprovalError::ExtensionNotLater { .. }) => {
                errors.push(e.field_error("new_expires_on"))
            }
            Err(e) => errors.push(e.field_error("extended_on")),
            Ok(()) => {}
        }
    }
    match (on, new, note) {
        (Some(extended_on), Some(new_expires_on), Some(note)) if errors.is_empty() => {
            Ok(ValidExtension {
                extension: Extension {
                    extended_on,
                    new_expires_on,
                },
                note,
            })
        }
        _ => Err(errors),
    }
}

/// A checked reapplication and outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidLife {
    pub reapplied_on: Option<NaiveDate>,
    pub outcome: ApprovalOutcome,
    pub outcome_on: Option<NaiveDate>,
}

/// Check the reapplication (for full approval, within the term: [`validate_reapplication`])
/// and the outcome ([`validate_outcome`]). Full approval and "not granted" are decisions on a
/// reapplication, so they need one and come after it; "expired" comes after the expiry.
pub fn validate_life(
    facts: &ApprovalFacts,
    reapplied_on: &str,
    outcome: &str,
    outcome_on: &str,
    today: NaiveDate,
) -> Result<ValidLife, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reapplied = errors.check("reapplied_on", optional_date("reapplied_on", reapplied_on));
    let outcome = if outcome.trim().is_empty() {
        Some(ApprovalOutcome::InForce)
    } else {
        errors.check("outcome", choice::<ApprovalOutcome>("outcome", outcome))
    };
    let outcome_on = errors.check("outcome_on", optional_date("outcome_on", outcome_on));
    if let Some(Some(r)) = reapplied {
        match conditional_in_force(facts, "reapplied_on") {
            Ok(expiry) => {
                errors.check(
                    "reapplied_on",
                    validate_reapplication(facts.approved_on, expiry, r, today),
                );
            }
            Err(e) => errors.push(e),
        }
    }
    if let (Some(outcome), Some(on)) = (outcome, outcome_on) {
        match validate_outcome(facts.approval_type, facts.approved_on, outcome, on, today) {
            Err(e @ ApprovalError::OutcomeNeedsConditional(_)) => {
                errors.push(e.field_error("outcome"))
            }
            Err(e) => errors.push(e.field_error("outcome_on")),
            Ok(()) => {
                let decided = matches!(
                    outcome,
                    ApprovalOutcome::FullApproval | ApprovalOutcome::NotGranted
                );
                match (decided, reapplied, on) {
                    (true, Some(None), _) => errors.push(FieldError::new(
                        "reapplied_on",
                        "approval.outcome_needs_reapplication",
                    )),
                    (true, Some(Some(r)), Some(on)) if on < r => errors.push(
                        FieldError::new("outcome_on", "approval.outcome_before_reapplication")
                            .with_param("reapplied_on", r),
                    ),
                    _ => {}
                }
                if let (ApprovalOutcome::Expired, Some(on), Some(expiry)) =
                    (outcome, on, facts.current_expiry())
                {
                    if on <= expiry {
                        errors.push(
                            FieldError::new("outcome_on", "approval.expired_before_expiry")
                                .with_param("expires_on", expiry),
                        );
                    }
                }
            }
        }
    }
    match (reapplied, outcome, outcome_on) {
        (Some(reapplied_on), Some(outcome), Some(outcome_on)) if errors.is_empty() => {
            Ok(ValidLife {
                reapplied_on,
                outcome,
                outcome_on,
            })
        }
        _ => Err(errors),
    }
}

/// Why the venture page draws attention to a conditional approval still in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpiryAlert {
    /// It expires in `days` days (0 = today).
    Nearing { days: i64 },
    /// Its term ended `days` days ago and no outcome is recorded (after a reapplication it
    /// stays in force until the decision).
    Past { days: i64 },
}

/// The alert for an approval, if any: a conditional approval with outcome "in force" whose
/// expiry is within [`EXPIRY_NOTICE_DAYS`] of `today` (Japan), or already past.
pub fn expiry_alert(
    approval_type: ApprovalType,
    outcome: ApprovalOutcome,
    expires_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<ExpiryAlert> {
    if approval_type != ApprovalType::Conditional || outcome != ApprovalOutcome::InForce {
        return None;
    }
    let days = days_until_expiry(expires_on?, today);
    if days < 0 {
        Some(ExpiryAlert::Past { days: -days })
    } else if days <= i64::from(EXPIRY_NOTICE_DAYS) {
        Some(ExpiryAlert::Nearing { days })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn codes(e: &FieldErrors) -> Vec<(String, String)> {
        e.iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    fn notification() -> NotificationForm {
        NotificationForm {
            notified_on: "２０２０／１０／１".into(),
            sponsor: "investigator".into(),
            registry_id: "ｊＲＣＴ２０３３２０００００".into(),
            phase: "phase1_2".into(),
            title: " 重症心不全に対する心筋シート移植 ".into(),
            note: String::new(),
        }
    }

    #[test]
    fn notifications_are_normalised() {
        let v = validate_notification(&notification(), today()).unwrap();
        assert_eq!(v.notified_on, d(2020, 10, 1));
        assert_eq!(v.registry_id, "jRCT2033200000");
        assert_eq!(
            (v.sponsor, v.phase),
            (Sponsor::Investigator, TrialPhase::Phase1_2)
        );
        assert_eq!(v.title, "重症心不全に対する心筋シート移植");
        let mut nct = notification();
        nct.registry_id = "nct01234567".into();
        assert_eq!(
            validate_notification(&nct, today()).unwrap().registry_id,
            "NCT01234567"
        );
        let mut none = notification();
        none.registry_id = "  ".into();
        assert_eq!(
            validate_notification(&none, today()).unwrap().registry_id,
            ""
        );
    }

    #[test]
    fn every_bad_notification_field_is_reported() {
        let f = NotificationForm {
            notified_on: "2026-11-26".into(),
            sponsor: "pharma".into(),
            registry_id: "jRCT203320000".into(),
            phase: "phase4".into(),
            title: "x".repeat(301),
            note: String::new(),
        };
        let errs = validate_notification(&f, today()).unwrap_err();
        assert_eq!(
            codes(&errs),
            vec![
                ("notified_on".into(), "approval.date_in_future".into()),
                ("sponsor".into(), "sponsor.unknown".into()),
                ("registry_id".into(), "registry_id.bad_format".into()),
                ("phase".into(), "phase.unknown".into()),
                ("title".into(), "text.too_long".into()),
            ]
        );
        // Today itself is fine.
        let mut on_today = notification();
        on_today.notified_on = "2026-11-25".into();
        assert!(validate_notification(&on_today, today()).is_ok());
        let mut unknown = notification();
        unknown.registry_id = "ISRCTN12345678".into();
        assert_eq!(
            codes(&validate_notification(&unknown, today()).unwrap_err()),
            vec![("registry_id".into(), "registry_id.unknown_format".into())]
        );
    }

    fn heartsheet() -> ApprovalForm {
        ApprovalForm {
            approval_type: "conditional".into(),
            brand_name: "ハートシート".into(),
            applied_on: "2014-10-30".into(),
            approved_on: "2015-09-18".into(),
            term_expires_on: "2020-09-17".into(),
            ..ApprovalForm::default()
        }
    }

    #[test]
    fn conditional_terms_are_at_most_seven_years() {
        let v = validate_approval(&heartsheet(), today()).unwrap();
        assert_eq!(v.term_expires_on, Some(d(2020, 9, 17)));
        let mut long = heartsheet();
        long.term_expires_on = "2022-09-19".into();
        let errs = validate_approval(&long, today()).unwrap_err();
        let e = errs.iter().next().unwrap();
        assert_eq!(
            (e.field.as_str(), e.code.as_str(), e.param("latest")),
            (
                "term_expires_on",
                "approval.term_too_long",
                Some("2022-09-18")
            )
        );
        let mut missing = heartsheet();
        missing.term_expires_on.clear();
        assert_eq!(
            codes(&validate_approval(&missing, today()).unwrap_err()),
            vec![("term_expires_on".into(), "approval.term_missing".into())]
        );
        let mut full = heartsheet();
        full.approval_type = "full".into();
        assert_eq!(
            codes(&validate_approval(&full, today()).unwrap_err()),
            vec![(
                "term_expires_on".into(),
                "approval.term_on_full_approval".into()
            )]
        );
        full.term_expires_on.clear();
        assert!(validate_approval(&full, today()).is_ok());
    }

    #[test]
    fn approval_dates_are_checked() {
        let mut f = heartsheet();
        f.applied_on = "2015-09-19".into();
        f.approved_on = "2027-01-01".into();
        f.term_expires_on = "2030-01-01".into();
        let errs = validate_approval(&f, today()).unwrap_err();
        assert_eq!(
            codes(&errs)[0],
            ("approved_on".into(), "approval.date_in_future".into())
        );
        let mut f = heartsheet();
        f.applied_on = "2015-09-19".into();
        assert_eq!(
            codes(&validate_approval(&f, today()).unwrap_err()),
            vec![(
                "applied_on".into(),
                "approval.applied_after_approval".into()
            )]
        );
        let mut f = heartsheet();
        f.approval_type = "provisional".into();
        f.approved_on = "2015-02-30".into();
        assert_eq!(
            codes(&validate_approval(&f, today()).unwrap_err()),
            vec![
                ("approval_type".into(), "approval_type.unknown".into()),
                ("approved_on".into(), "date.invalid".into())
            ]
        );
    }

    fn facts() -> ApprovalFacts {
        ApprovalFacts {
            approval_type: ApprovalType::Conditional,
            approved_on: d(2015, 9, 18),
            term_expires_on: Some(d(2020, 9, 17)),
            extensions: vec![],
            reapplied_on: None,
            outcome: ApprovalOutcome::InForce,
            outcome_on: None,
        }
    }

    #[test]
    fn heartsheet_life_extension_reapplication_not_granted() {
        let mut f = facts();
        // Extended by three years, decided before the first term ended.
        let x =
            validate_extension_form(&f, "2020-06-01", "2023-09-17", "3年延長", today()).unwrap();
        f.extensions.push(x.extension);
        assert_eq!(f.current_expiry(), Some(d(2023, 9, 17)));
        // Reapplied within the term; judged not to merit full approval in July 2024 (after the
        // expiry: the approval stays in force while the reapplication is reviewed).
        let life = validate_life(&f, "2023-09-01", "not_granted", "2024-07-24", today()).unwrap();
        assert_eq!(life.outcome, ApprovalOutcome::NotGranted);
        // A decision needs the reapplication, and comes after it.
        assert_eq!(
            codes(&validate_life(&f, "", "not_granted", "2024-07-24", today()).unwrap_err()),
            vec![(
                "reapplied_on".into(),
                "approval.outcome_needs_reapplication".into()
            )]
        );
        assert_eq!(
            codes(
                &validate_life(&f, "2023-09-01", "full_approval", "2023-08-01", today())
                    .unwrap_err()
            ),
            vec![(
                "outcome_on".into(),
                "approval.outcome_before_reapplication".into()
            )]
        );
        // Reapplying after the term ended is refused.
        assert_eq!(
            codes(&validate_life(&f, "2023-09-18", "in_force", "", today()).unwrap_err()),
            vec![("reapplied_on".into(), "approval.after_expiry".into())]
        );
        // Outcome and its date go together.
        assert_eq!(
            codes(&validate_life(&f, "", "withdrawn", "", today()).unwrap_err()),
            vec![("outcome_on".into(), "approval.outcome_date".into())]
        );
    }

    #[test]
    fn extensions_are_refused_when_they_do_not_fit() {
        let mut f = facts();
        assert_eq!(
            codes(
                &validate_extension_form(&f, "2020-06-01", "2020-09-17", "", today()).unwrap_err()
            ),
            vec![(
                "new_expires_on".into(),
                "approval.extension_not_later".into()
            )]
        );
        assert_eq!(
            codes(
                &validate_extension_form(&f, "2020-09-18", "2023-09-17", "", today()).unwrap_err()
            ),
            vec![("extended_on".into(), "approval.after_expiry".into())]
        );
        assert_eq!(
            codes(
                &validate_extension_form(&f, "2015-09-17", "2023-09-17", "", today()).unwrap_err()
            ),
            vec![("extended_on".into(), "approval.before_approval".into())]
        );
        f.extensions.push(Extension {
            extended_on: d(2020, 6, 1),
            new_expires_on: d(2023, 9, 17),
        });
        assert_eq!(
            codes(
                &validate_extension_form(&f, "2020-05-01", "2024-09-17", "", today()).unwrap_err()
            ),
            vec![(
                "extended_on".into(),
                "approval.extension_before_previous".into()
            )]
        );
        f.outcome = ApprovalOutcome::Withdrawn;
        f.outcome_on = Some(d(2023, 1, 1));
        assert_eq!(
            codes(
                &validate_extension_form(&f, "2022-06-01", "2024-09-17", "", today()).unwrap_err()
            ),
            vec![("extended_on".into(), "approval.not_in_force".into())]
        );
        let full = ApprovalFacts {
            approval_type: ApprovalType::Full,
            term_expires_on: None,
            ..facts()
        };
        assert_eq!(
            codes(
                &validate_extension_form(&full, "2016-01-01", "2024-09-17", "", today())
                    .unwrap_err()
            ),
            vec![("extended_on".into(), "approval.not_conditional".into())]
        );
        assert_eq!(
            codes(&validate_life(&full, "2016-01-01", "in_force", "", today()).unwrap_err()),
            vec![("reapplied_on".into(), "approval.not_conditional".into())]
        );
    }

    #[test]
    fn collategene_reapplied_then_withdrawn_and_expiry_after_the_term() {
        // Conditional 2019-03-26, five-year term; application to lift the conditions 2023-05,
        // later withdrawn.
        let f = ApprovalFacts {
            approved_on: d(2019, 3, 26),
            term_expires_on: Some(d(2024, 3, 25)),
            ..facts()
        };
        assert!(validate_life(&f, "2023-05-08", "withdrawn", "2024-07-01", today()).is_ok());
        assert_eq!(
            codes(&validate_life(&f, "", "expired", "2024-03-25", today()).unwrap_err()),
            vec![("outcome_on".into(), "approval.expired_before_expiry".into())]
        );
        assert!(validate_life(&f, "", "expired", "2024-03-26", today()).is_ok());
    }

    #[test]
    fn edits_must_agree_with_the_recorded_life() {
        let mut f = facts();
        f.extensions.push(Extension {
            extended_on: d(2020, 6, 1),
            new_expires_on: d(2023, 9, 17),
        });
        f.reapplied_on = Some(d(2023, 9, 1));
        let v = validate_approval(&heartsheet(), today()).unwrap();
        assert!(check_edit_against_history(&v, &f, today()).is_ok());
        // A first term that ends before the extension was decided.
        let mut later = heartsheet();
        later.term_expires_on = "2020-05-31".into();
        let v = validate_approval(&later, today()).unwrap();
        assert_eq!(
            codes(&check_edit_against_history(&v, &f, today()).unwrap_err()),
            vec![(
                "term_expires_on".into(),
                "approval.conflicts_with_history".into()
            )]
        );
        // A full approval cannot have had an extension.
        let mut full = heartsheet();
        full.approval_type = "full".into();
        full.term_expires_on.clear();
        let v = validate_approval(&full, today()).unwrap();
        let errs = check_edit_against_history(&v, &f, today()).unwrap_err();
        assert_eq!(errs.iter().next().unwrap().param("what"), Some("extension"));
    }

    #[test]
    fn expiry_alerts_for_conditional_approvals_in_force() {
        let c = ApprovalType::Conditional;
        let in_force = ApprovalOutcome::InForce;
        assert_eq!(
            expiry_alert(c, in_force, Some(d(2027, 3, 1)), today()),
            Some(ExpiryAlert::Nearing { days: 96 })
        );
        assert_eq!(
            expiry_alert(c, in_force, Some(d(2027, 11, 25)), today()),
            Some(ExpiryAlert::Nearing { days: 365 })
        );
        assert_eq!(
            expiry_alert(c, in_force, Some(d(2027, 11, 26)), today()),
            None
        );
        assert_eq!(
            expiry_alert(c, in_force, Some(d(2026, 11, 20)), today()),
            Some(ExpiryAlert::Past { days: 5 })
        );
        assert_eq!(
            expiry_alert(
                c,
                ApprovalOutcome::NotGranted,
                Some(d(2026, 12, 1)),
                today()
            ),
            None
        );
        assert_eq!(
            expiry_alert(ApprovalType::Full, in_force, None, today()),
            None
        );
    }
}
