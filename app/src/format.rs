//! Labels for domain codes and dates, per language. Every string comes from the catalogue in
//! `app/locales/`.

use chrono::{Datelike, NaiveDate};

use crate::domain::stage::{DatePrecision, ExitKind, ProgramStatus, Stage, Track};
use crate::i18n::*;

pub fn stage(l: Locale, s: Stage) -> &'static str {
    match s {
        Stage::Research => td_string!(l, stage.research),
        Stage::TrialNotified => td_string!(l, stage.trial_notified),
        Stage::Phase1 => td_string!(l, stage.phase1),
        Stage::Phase1_2 => td_string!(l, stage.phase1_2),
        Stage::Phase2 => td_string!(l, stage.phase2),
        Stage::Phase2_3 => td_string!(l, stage.phase2_3),
        Stage::Phase3 => td_string!(l, stage.phase3),
        Stage::Applied => td_string!(l, stage.applied),
        Stage::ApprovedConditional => td_string!(l, stage.approved_conditional),
        Stage::Approved => td_string!(l, stage.approved),
        Stage::Launched => td_string!(l, stage.launched),
        Stage::Implemented => td_string!(l, stage.implemented),
        Stage::PlanSubmitted => td_string!(l, stage.plan_submitted),
        Stage::Providing => td_string!(l, stage.providing),
    }
}

pub fn status(l: Locale, s: ProgramStatus) -> &'static str {
    match s {
        ProgramStatus::Active => td_string!(l, status.active),
        ProgramStatus::Suspended => td_string!(l, status.suspended),
        ProgramStatus::Discontinued => td_string!(l, status.discontinued),
        ProgramStatus::NotGranted => td_string!(l, status.not_granted),
        ProgramStatus::Expired => td_string!(l, status.expired),
        ProgramStatus::Withdrawn => td_string!(l, status.withdrawn),
    }
}

pub fn exit(l: Locale, e: ExitKind) -> &'static str {
    match e {
        ExitKind::Suspended => td_string!(l, status.suspended),
        ExitKind::Discontinued => td_string!(l, status.discontinued),
        ExitKind::NotGranted => td_string!(l, status.not_granted),
        ExitKind::Expired => td_string!(l, status.expired),
        ExitKind::Withdrawn => td_string!(l, status.withdrawn),
    }
}

pub fn track(l: Locale, t: Track) -> &'static str {
    match t {
        Track::PmdAct => td_string!(l, track.pmd_act),
        Track::SafetyAct => td_string!(l, track.safety_act),
    }
}

pub fn hub(l: Locale, code: &str) -> String {
    match code {
        "tonomachi" => td_string!(l, hub.tonomachi).to_string(),
        "shonan" => td_string!(l, hub.shonan).to_string(),
        "ksp" => td_string!(l, hub.ksp).to_string(),
        "elsewhere" => td_string!(l, hub.elsewhere).to_string(),
        other => other.to_string(),
    }
}

pub fn modality(l: Locale, code: &str) -> String {
    match code {
        "cell_therapy" => td_string!(l, modality.cell_therapy).to_string(),
        "gene_therapy" => td_string!(l, modality.gene_therapy).to_string(),
        "tissue_engineered" => td_string!(l, modality.tissue_engineered).to_string(),
        "regenerative_device" => td_string!(l, modality.regenerative_device).to_string(),
        "drug_discovery" => td_string!(l, modality.drug_discovery).to_string(),
        "platform" => td_string!(l, modality.platform).to_string(),
        "other" => td_string!(l, modality.other).to_string(),
        other => other.to_string(),
    }
}

pub fn venture_status(l: Locale, code: &str) -> String {
    match code {
        "active" => td_string!(l, venture_status.active).to_string(),
        "acquired" => td_string!(l, venture_status.acquired).to_string(),
        "closed" => td_string!(l, venture_status.closed).to_string(),
        "relocated_out" => td_string!(l, venture_status.relocated_out).to_string(),
        other => other.to_string(),
    }
}

pub fn sponsor(l: Locale, code: &str) -> String {
    match code {
        "company" => td_string!(l, sponsor.company).to_string(),
        "investigator" => td_string!(l, sponsor.investigator).to_string(),
        other => other.to_string(),
    }
}

pub fn approval_type(l: Locale, code: &str) -> String {
    match code {
        "full" => td_string!(l, approval_type.full).to_string(),
        "conditional" => td_string!(l, approval_type.conditional).to_string(),
        other => other.to_string(),
    }
}

pub fn outcome(l: Locale, code: &str) -> String {
    match code {
        "in_force" => td_string!(l, outcome.in_force).to_string(),
        "full_approval" => td_string!(l, outcome.full_approval).to_string(),
        "not_granted" => td_string!(l, outcome.not_granted).to_string(),
        "withdrawn" => td_string!(l, outcome.withdrawn).to_string(),
        "expired" => td_string!(l, outcome.expired).to_string(),
        other => other.to_string(),
    }
}

/// Trial phase codes share the stage labels.
pub fn phase(l: Locale, code: &str) -> String {
    code.parse::<Stage>()
        .map(|s| stage(l, s).to_string())
        .unwrap_or_else(|_| code.to_string())
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date in the reader's language: 2025年4月1日 / 1 Apr 2025.
pub fn date(l: Locale, d: NaiveDate) -> String {
    date_with_precision(l, d, DatePrecision::Day)
}

/// A date known only to the month or the year is shown only that far.
pub fn date_with_precision(l: Locale, d: NaiveDate, p: DatePrecision) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match (l, p) {
        (Locale::ja, DatePrecision::Day) => format!("{y}年{m}月{day}日"),
        (Locale::ja, DatePrecision::Month) => format!("{y}年{m}月"),
        (Locale::ja, DatePrecision::Year) => format!("{y}年"),
        (Locale::en, DatePrecision::Day) => format!("{day} {} {y}", MONTHS_EN[m as usize - 1]),
        (Locale::en, DatePrecision::Month) => format!("{} {y}", MONTHS_EN[m as usize - 1]),
        (Locale::en, DatePrecision::Year) => format!("{y}"),
    }
}

/// A moment in Japan time, to the minute: 2026年11月25日 14:05 / 25 Nov 2026 14:05.
pub fn date_time(l: Locale, t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("valid offset");
    let t = t.with_timezone(&jst);
    format!(
        "{} {:02}:{:02}",
        date(l, t.date_naive()),
        t.hour(),
        t.minute()
    )
}

pub fn opt_date(l: Locale, d: Option<NaiveDate>) -> String {
    d.map(|d| date(l, d))
        .unwrap_or_else(|| td_string!(l, date_unknown).to_string())
}

/// An integer with the thousands separator (both languages use the comma).
pub fn number(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value of the audit trail (a field's before or after) as people read it: the codes of hubs,
/// stages, roles, modalities … become their labels; anything else (names, dates, notes) is shown
/// as recorded. `entity` tells a venture's `status` from a program's.
/// A target's metric code as its name.
pub fn target_metric(l: Locale, code: &str) -> String {
    match code {
        "ventures_located" => td_string!(l, targets.metric_ventures_located).to_string(),
        "trial_notifications" => td_string!(l, targets.metric_trial_notifications).to_string(),
        other => other.to_string(),
    }
}

pub fn change_value(l: Locale, entity: &str, field: &str, value: &str) -> String {
    fn parsed<T: std::str::FromStr>(value: &str, label: impl Fn(T) -> String) -> Option<String> {
        value.parse::<T>().ok().map(label)
    }
    let label = match (entity, field) {
        (_, "hub" | "current_hub") => Some(hub(l, value)),
        (_, "modality") => Some(modality(l, value)),
        (_, "stage" | "current_stage") => parsed(value, |s: Stage| stage(l, s).to_string()),
        (_, "track") => parsed(value, |t: Track| track(l, t).to_string()),
        (_, "exit_kind") => parsed(value, |e: ExitKind| exit(l, e).to_string()),
        (_, "role") => parsed(value, |r: crate::domain::account::Role| {
            crate::components::layout::role_label(l, r).to_string()
        }),
        ("venture", "status") => Some(venture_status(l, value)),
        ("program", "status") => parsed(value, |s: ProgramStatus| status(l, s).to_string()),
        (_, "sponsor") => Some(sponsor(l, value)),
        ("trial_notification", "phase") => Some(phase(l, value)),
        ("approval", "approval_type") => Some(approval_type(l, value)),
        ("approval", "outcome") => Some(outcome(l, value)),
        (_, "metric") => Some(target_metric(l, value)),
        _ => None,
    };
    label.unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn moments_are_shown_in_japan_time() {
        use chrono::TimeZone;
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 3, 31, 15, 30, 0)
            .unwrap();
        assert_eq!(date_time(Locale::ja, t), "2026年4月1日 00:30");
        assert_eq!(date_time(Locale::en, t), "1 Apr 2026 00:30");
    }

    #[test]
    fn dates_follow_the_language_and_precision() {
        assert_eq!(date(Locale::ja, d(2025, 4, 1)), "2025年4月1日");
        assert_eq!(date(Locale::en, d(2025, 4, 1)), "1 Apr 2025");
        assert_eq!(
            date_with_precision(Locale::ja, d(2019, 3, 1), DatePrecision::Month),
            "2019年3月"
        );
        assert_eq!(
            date_with_precision(Locale::en, d(2019, 1, 1), DatePrecision::Year),
            "2019"
        );
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1234567), "1,234,567");
    }

    #[test]
    fn labels_come_from_the_catalogue() {
        assert_eq!(stage(Locale::ja, Stage::Phase1_2), "第I/II相");
        assert_eq!(
            stage(Locale::en, Stage::ApprovedConditional),
            "Conditional, time-limited approval"
        );
        assert_eq!(hub(Locale::ja, "tonomachi"), "殿町");
        assert_eq!(modality(Locale::en, "cell_therapy"), "Cell therapy");
    }

    #[test]
    fn audit_values_show_labels_not_codes() {
        assert_eq!(change_value(Locale::ja, "venture", "hub", "shonan"), "湘南");
        assert_eq!(change_value(Locale::en, "user", "role", "viewer"), "Viewer");
        assert_eq!(
            change_value(Locale::ja, "program", "current_stage", "phase1"),
            stage(Locale::ja, Stage::Phase1)
        );
        // Names, dates and unknown codes are shown as recorded.
        assert_eq!(
            change_value(Locale::ja, "venture", "name", "phase1"),
            "phase1"
        );
        assert_eq!(change_value(Locale::ja, "venture", "hub", "osaka"), "osaka");
    }
}
