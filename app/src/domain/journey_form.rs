//! The stage-event form: what the user typed, checked the same way in the browser and on the
//! server before the journey rules ([`super::stage::check_event`]) see it.

use chrono::NaiveDate;

use super::registry::validate_url;
use super::stage::{Action, DatePrecision, EventBody, ExitKind, Stage};
use super::text::{validate_text, TextRules};
use super::validation::{FieldError, FieldErrors};

/// A note on an event: optional, several lines, at most 2,000 characters.
pub const NOTE: TextRules = TextRules::multi_line(2000);
/// A retraction's reason: required, at most 500 characters.
pub const REASON: TextRules = TextRules::multi_line(500).required();

/// The form's value for an action the program may take next (`stage:phase1`, `exit:suspended`,
/// `resumed`); retractions have their own form.
pub fn action_value(a: &Action) -> Option<String> {
    match a {
        Action::Reach { stage } => Some(format!("stage:{stage}")),
        Action::Exit { exit_kind } => Some(format!("exit:{exit_kind}")),
        Action::Resume => Some("resumed".into()),
        Action::Retract { .. } => None,
    }
}

/// The event body a form value stands for.
pub fn parse_action(value: &str) -> Result<EventBody, FieldError> {
    let bad = || FieldError::new("action", "action.unknown");
    match value.trim().split_once(':') {
        Some(("stage", code)) => Ok(EventBody::Stage {
            stage: code.parse::<Stage>().map_err(|_| bad())?,
        }),
        Some(("exit", code)) => Ok(EventBody::Exit {
            exit_kind: code.parse::<ExitKind>().map_err(|_| bad())?,
        }),
        None if value.trim() == "resumed" => Ok(EventBody::Resumed),
        _ => Err(bad()),
    }
}

/// A date as typed: `2025-04-01`, `2025/4/1` (full-width digits too).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' | '/' | '－' => '-',
            c => c,
        })
        .collect();
    if s.is_empty() {
        return Err(FieldError::new(field, "date.required"));
    }
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(FieldError::new(field, "date.invalid"));
    };
    match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) if (1900..=2200).contains(&y) => {
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| FieldError::new(field, "date.invalid"))
        }
        _ => Err(FieldError::new(field, "date.invalid")),
    }
}

/// A checked stage event, ready for the journey rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub body: EventBody,
    /// The first day of the period the precision allows (a month's 1st, a year's 1 January).
    pub occurred_on: NaiveDate,
    pub precision: DatePrecision,
    pub source_url: String,
    pub note: String,
}

/// Check the stage-event form: every bad field is reported at once.
pub fn validate_event(
    action: &str,
    occurred_on: &str,
    precision: &str,
    source_url: &str,
    note: &str,
) -> Result<EventInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let body = errors.check("action", parse_action(action));
    let date = errors.check("occurred_on", parse_date("occurred_on", occurred_on));
    let precision = errors.check(
        "precision",
        precision
            .trim()
            .parse::<DatePrecision>()
            .map_err(|_| FieldError::new("precision", "precision.unknown")),
    );
    let source_url = if source_url.trim().is_empty() {
        Some(String::new())
    } else {
        errors.check("source_url", validate_url(source_url))
    };
    let note = errors.check("note", validate_text(note, NOTE));
    match (body, date, precision, source_url, note) {
        (Some(body), Some(date), Some(precision), Some(source_url), Some(note))
            if errors.is_empty() =>
        {
            Ok(EventInput {
                body,
                occurred_on: precision.first_day(date),
                precision,
                source_url,
                note,
            })
        }
        _ => Err(errors),
    }
}

/// Check a retraction's reason.
pub fn validate_reason(reason: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    match errors.check("reason", validate_text(reason, REASON)) {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_the_form() {
        for a in [
            Action::Reach {
                stage: Stage::Phase1,
            },
            Action::Exit {
                exit_kind: ExitKind::Suspended,
            },
            Action::Resume,
        ] {
            let v = action_value(&a).unwrap();
            let body = parse_action(&v).unwrap();
            match (a, body) {
                (Action::Reach { stage }, EventBody::Stage { stage: s }) => assert_eq!(stage, s),
                (Action::Exit { exit_kind }, EventBody::Exit { exit_kind: e }) => {
                    assert_eq!(exit_kind, e)
                }
                (Action::Resume, EventBody::Resumed) => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            parse_action("stage:phase9").unwrap_err().code,
            "action.unknown"
        );
        assert_eq!(parse_action("").unwrap_err().code, "action.unknown");
    }

    #[test]
    fn dates_accept_slashes_and_full_width_digits() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        assert_eq!(parse_date("f", "2025-04-01").unwrap(), d);
        assert_eq!(parse_date("f", "２０２５／４／１").unwrap(), d);
        assert_eq!(
            parse_date("f", "2025-02-30").unwrap_err().code,
            "date.invalid"
        );
        assert_eq!(parse_date("f", " ").unwrap_err().code, "date.required");
        assert_eq!(parse_date("f", "25-4-1").unwrap_err().code, "date.invalid");
    }

    #[test]
    fn every_bad_field_is_reported_and_month_precision_keeps_the_month() {
        let errs = validate_event("stage:nope", "2025-13-01", "week", "ftp://x", "ok").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["action", "occurred_on", "precision", "source_url"]
        );
        let ok = validate_event("stage:phase1", "2025-04-17", "month", "", " 初回投与 ").unwrap();
        assert_eq!(ok.occurred_on, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(ok.note, "初回投与");
        assert_eq!(
            validate_reason("  ")
                .unwrap_err()
                .iter()
                .next()
                .unwrap()
                .code,
            "text.required"
        );
    }
}
