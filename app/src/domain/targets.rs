//! KPI targets by year (the policy's page 3): what each target counts, the value per year by its
//! own counting rule, the straight path from the baseline to the target, whether it is on
//! track, and the figures reported for past years (frozen by an administrator) beside the live
//! values, so a late correction shows as a difference.
//!
//! Rules (see docs/decisions.md, "Targets by year"):
//! - `per_year`: the value for year Y is the number of records dated in Y.
//! - `cumulative`: the value for Y is the baseline value plus the records dated after the
//!   baseline year up to the end of Y (the baseline is the policy's reported figure; the
//!   tracker counts what is new since).
//! - Under both rules the baseline year's value is the baseline value (the policy's figure).
//! - The path is the straight line from (baseline year, baseline value) to (target year, target
//!   value), held at the target value after the target year.
//! - Years shown: baseline year ..= max(target year, current year); values up to the current
//!   year only.
//! - On track: cumulative — the value as of today against the path pro-rated to today (linear
//!   in days from the end of the baseline year to the end of the target year); per year — the
//!   last completed year's value against the path at that year (the current year when no year
//!   after the baseline is complete).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal::YearBasis;
use super::validation::{FieldError, FieldErrors, ToFieldError};

code_enum! {
    /// What a target counts (`targets.metric`).
    pub enum Metric ("target_metric") {
        /// Ventures newly located in the prefecture (by `ventures.located_on`, any hub).
        VenturesLocated = "ventures_located",
        /// Clinical-trial notifications (by `trial_notifications.notified_on`).
        TrialNotifications = "trial_notifications",
    }
}

code_enum! {
    /// How a target's value for a year is counted (`targets.counting`).
    pub enum Counting ("counting") {
        /// The baseline value plus everything new since the baseline year, up to the year's end.
        Cumulative = "cumulative",
        /// Only what is dated in the year.
        PerYear = "per_year",
    }
}

/// The years a form may name (anything else is a typo).
pub const YEAR_MIN: i32 = 1900;
pub const YEAR_MAX: i32 = 2200;

/// A target's definition, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSpec {
    pub metric: Metric,
    pub counting: Counting,
    pub basis: YearBasis,
    pub baseline_year: i32,
    pub baseline_value: i64,
    pub target_year: i32,
    pub target_value: i64,
}

/// One year of a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    pub year: i32,
    /// The live value; `None` for years after the current one.
    pub live: Option<i64>,
    /// The baseline year: its value is the policy's figure, not a count of records.
    pub is_baseline: bool,
    /// The year has ended (its last day is before today).
    pub complete: bool,
    /// The straight path's value at this year.
    pub path: f64,
    /// The dates of the records behind the live value (inclusive), for the drill-down link;
    /// `None` for the baseline year and future years.
    pub range: Option<(NaiveDate, NaiveDate)>,
    /// The figure frozen for this year, if any.
    pub reported: Option<i64>,
    /// live − reported, when both exist.
    pub difference: Option<i64>,
    /// An administrator may freeze this year's figure now (complete, within baseline ..=
    /// target, not frozen yet).
    pub freezable: bool,
}

/// Whether a target is on track, and the numbers compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub on_track: bool,
    /// The value compared (as of today for cumulative, the year's for per-year).
    pub actual: i64,
    /// The path's value it is compared with.
    pub expected: f64,
    /// The year compared (per-year targets), or `None` (cumulative: as of `as_of`).
    pub year: Option<i32>,
    pub as_of: NaiveDate,
}

/// A target's years and status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub years: Vec<YearValue>,
    /// `None` before the baseline year has ended (nothing to compare yet).
    pub status: Option<Status>,
}

impl TargetSpec {
    /// The last completed year on today's date.
    pub fn last_completed(&self, today: NaiveDate) -> i32 {
        self.basis.year_of(today) - 1
    }

    /// The path's value at `year`: linear from the baseline to the target, the baseline value
    /// before it, the target value after it.
    pub fn path_at(&self, year: i32) -> f64 {
        let span = f64::from(self.target_year - self.baseline_year);
        let t = (f64::from(year - self.baseline_year) / span).clamp(0.0, 1.0);
        self.baseline_value as f64 + (self.target_value - self.baseline_value) as f64 * t
    }

    /// The path pro-rated to `day`: linear in days from the end of the baseline year to the
    /// end of the target year (clamped to both ends).
    pub fn path_on(&self, day: NaiveDate) -> f64 {
        let start = self.basis.end(self.baseline_year);
        let end = self.basis.end(self.target_year);
        let total = (end - start).num_days() as f64;
        let t = ((day - start).num_days() as f64 / total).clamp(0.0, 1.0);
        self.baseline_value as f64 + (self.target_value - self.baseline_value) as f64 * t
    }

    /// The dates counted for `year`'s value: the year itself (per year), or from the day after
    /// the baseline year to the end of `year` (cumulative). `None` for the baseline year.
    pub fn range_of(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        if year <= self.baseline_year {
            return None;
        }
        let from = match self.counting {
            Counting::PerYear => self.basis.start(year),
            Counting::Cumulative => self.basis.start(self.baseline_year + 1),
        };
        Some((from, self.basis.end(year)))
    }

    /// Whether `year` may be frozen now: complete, and between the baseline and target years.
    pub fn check_freeze_year(&self, year: i32, today: NaiveDate) -> Result<(), FieldError> {
        if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
            return Err(FieldError::new("freeze_year", "targets.year_invalid"));
        }
        if year < self.baseline_year {
            return Err(FieldError::new("freeze_year", "targets.before_baseline")
                .with_param("year", self.baseline_year));
        }
        if self.basis.end(year) >= today {
            return Err(
                FieldError::new("freeze_year", "targets.year_incomplete").with_param("year", year)
            );
        }
        if year > self.target_year {
            return Err(FieldError::new("freeze_year", "targets.after_target")
                .with_param("year", self.target_year));
        }
        Ok(())
    }
}

/// Sum of `counts` whose date lies in `from ..= to`.
fn sum_between(counts: &[(NaiveDate, i64)], from: NaiveDate, to: NaiveDate) -> i64 {
    counts
        .iter()
        .filter(|(d, _)| *d >= from && *d <= to)
        .map(|(_, n)| n)
        .sum()
}

/// A target's years and status from the number of records per date (`counts`, any order, one
/// or more rows per date), the frozen figures (`(year, value)`) and today in Japan.
pub fn progress(
    spec: &TargetSpec,
    counts: &[(NaiveDate, i64)],
    reported: &[(i32, i64)],
    today: NaiveDate,
) -> Progress {
    let current = spec.basis.year_of(today);
    let last = spec.target_year.max(current);
    let years = (spec.baseline_year..=last)
        .map(|year| {
            let range = (year <= current).then(|| spec.range_of(year)).flatten();
            let live = if year > current {
                None
            } else if year == spec.baseline_year {
                Some(spec.baseline_value)
            } else {
                let (from, to) = spec.range_of(year).expect("after the baseline");
                let n = sum_between(counts, from, to);
                Some(match spec.counting {
                    Counting::PerYear => n,
                    Counting::Cumulative => spec.baseline_value + n,
                })
            };
            let rep = reported.iter().find(|(y, _)| *y == year).map(|(_, v)| *v);
            YearValue {
                year,
                live,
                is_baseline: year == spec.baseline_year,
                complete: spec.basis.end(year) < today,
                path: spec.path_at(year),
                range,
                reported: rep,
                difference: match (live, rep) {
                    (Some(l), Some(r)) => Some(l - r),
                    _ => None,
                },
                freezable: rep.is_none() && spec.check_freeze_year(year, today).is_ok(),
            }
        })
        .collect();
    Progress {
        years,
        status: status(spec, counts, today),
    }
}

fn status(spec: &TargetSpec, counts: &[(NaiveDate, i64)], today: NaiveDate) -> Option<Status> {
    let current = spec.basis.year_of(today);
    if current <= spec.baseline_year {
        return None;
    }
    match spec.counting {
        Counting::Cumulative => {
            let from = spec.basis.start(spec.baseline_year + 1);
            let actual = spec.baseline_value + sum_between(counts, from, today);
            let expected = spec.path_on(today);
            Some(Status {
                on_track: actual as f64 >= expected,
                actual,
                expected,
                year: None,
                as_of: today,
            })
        }
        Counting::PerYear => {
            let last = spec.last_completed(today);
            let year = if last > spec.baseline_year {
                last
            } else {
                current
            };
            let actual = sum_between(counts, spec.basis.start(year), spec.basis.end(year));
            let expected = spec.path_at(year);
            Some(Status {
                on_track: actual as f64 >= expected,
                actual,
                expected,
                year: Some(year),
                as_of: today,
            })
        }
    }
}

/// The drill-down link behind a value: the ventures located in the range, or the trial
/// notifications dated in it.
pub fn drill_down_href(metric: Metric, (from, to): (NaiveDate, NaiveDate)) -> String {
    match metric {
        Metric::VenturesLocated => format!("/ventures?located_from={from}&located_to={to}"),
        Metric::TrialNotifications => format!("/notifications?from={from}&to={to}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Freezing a reported figure

/// The freeze form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FreezeForm {
    pub target_id: String,
    pub year: String,
    /// The figure actually reported (prefilled with the live value).
    pub value: String,
    pub note: String,
}

/// A checked freeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFreeze {
    pub year: i32,
    pub value: i64,
    pub note: String,
}

/// The largest figure accepted (a typo guard; the targets are in the tens).
pub const FIGURE_MAX: i64 = 1_000_000;

const NOTE: super::text::TextRules = super::text::TextRules::multi_line(500);

fn half_width(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '件'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A whole number of records: full-width digits, separators and a trailing 件 accepted.
pub fn parse_figure(field: &str, raw: &str) -> Result<i64, FieldError> {
    let s = half_width(raw);
    if s.is_empty() {
        return Err(FieldError::new(field, "targets.figure_required"));
    }
    let n: i64 = s
        .parse()
        .map_err(|_| FieldError::new(field, "targets.figure_not_a_number"))?;
    if n < 0 {
        return Err(FieldError::new(field, "targets.figure_negative"));
    }
    if n > FIGURE_MAX {
        return Err(
            FieldError::new(field, "targets.figure_too_large").with_param("max", FIGURE_MAX)
        );
    }
    Ok(n)
}

/// Check a freeze of `spec`'s figure on `today`: the year is complete and within the baseline
/// and target years, the figure a whole number, the note at most 500 characters. Whether the
/// year is already frozen is the database's to say (in the writing transaction).
pub fn validate_freeze(
    f: &FreezeForm,
    spec: &TargetSpec,
    today: NaiveDate,
) -> Result<ValidFreeze, FieldErrors> {
    let mut errors = FieldErrors::new();
    let year = match half_width(&f.year)
        .trim_end_matches('年')
        .trim_end_matches("年度")
        .parse::<i32>()
    {
        Ok(y) => match spec.check_freeze_year(y, today) {
            Ok(()) => Some(y),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        Err(_) => {
            errors.push(FieldError::new("freeze_year", "targets.year_invalid"));
            None
        }
    };
    let value = errors.check("freeze_value", parse_figure("freeze_value", &f.value));
    let note = errors.check(
        "freeze_note",
        super::text::validate_text(&f.note, NOTE).map_err(|e| e.field_error("freeze_note")),
    );
    match (year, value, note) {
        (Some(year), Some(value), Some(note)) if errors.is_empty() => {
            Ok(ValidFreeze { year, value, note })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ventures() -> TargetSpec {
        TargetSpec {
            metric: Metric::VenturesLocated,
            counting: Counting::Cumulative,
            basis: YearBasis::Fiscal,
            baseline_year: 2021,
            baseline_value: 51,
            target_year: 2025,
            target_value: 75,
        }
    }

    fn notifications() -> TargetSpec {
        TargetSpec {
            metric: Metric::TrialNotifications,
            counting: Counting::PerYear,
            basis: YearBasis::Fiscal,
            baseline_year: 2021,
            baseline_value: 18,
            target_year: 2025,
            target_value: 22,
        }
    }

    fn live(p: &Progress) -> Vec<Option<i64>> {
        p.years.iter().map(|y| y.live).collect()
    }

    /// Records on 31 March and 1 April fall in different fiscal years.
    fn fixture() -> Vec<(NaiveDate, i64)> {
        vec![
            (d(2022, 3, 31), 5),  // FY2021: the baseline year, not counted
            (d(2022, 4, 1), 2),   // FY2022
            (d(2025, 3, 31), 3),  // FY2024
            (d(2025, 4, 1), 4),   // FY2025
            (d(2025, 4, 1), 1),   // FY2025 (a second row for the same date)
            (d(2026, 11, 25), 1), // FY2026, today
        ]
    }

    #[test]
    fn cumulative_fiscal_years_split_on_the_first_of_april() {
        let p = progress(&ventures(), &fixture(), &[], d(2026, 11, 25));
        let years: Vec<i32> = p.years.iter().map(|y| y.year).collect();
        assert_eq!(years, vec![2021, 2022, 2023, 2024, 2025, 2026]);
        assert_eq!(
            live(&p),
            vec![Some(51), Some(53), Some(53), Some(56), Some(61), Some(62)]
        );
        assert!(p.years[0].is_baseline && p.years[0].range.is_none());
        assert_eq!(p.years[3].range, Some((d(2022, 4, 1), d(2025, 3, 31))));
        assert_eq!(
            drill_down_href(Metric::VenturesLocated, p.years[3].range.unwrap()),
            "/ventures?located_from=2022-04-01&located_to=2025-03-31"
        );
        let path: Vec<f64> = p.years.iter().map(|y| y.path).collect();
        assert_eq!(path, vec![51.0, 57.0, 63.0, 69.0, 75.0, 75.0]);
        assert!(p.years[4].complete && !p.years[5].complete);
    }

    #[test]
    fn per_year_counts_only_the_year() {
        let p = progress(&notifications(), &fixture(), &[], d(2026, 11, 25));
        assert_eq!(
            live(&p),
            vec![Some(18), Some(2), Some(0), Some(3), Some(5), Some(1)]
        );
        assert_eq!(p.years[4].range, Some((d(2025, 4, 1), d(2026, 3, 31))));
        assert_eq!(
            drill_down_href(Metric::TrialNotifications, p.years[4].range.unwrap()),
            "/notifications?from=2025-04-01&to=2026-03-31"
        );
        let path: Vec<f64> = p.years.iter().map(|y| y.path).collect();
        assert_eq!(path, vec![18.0, 19.0, 20.0, 21.0, 22.0, 22.0]);
        // The last completed year is FY2025: 5 against 22.
        let s = p.status.unwrap();
        assert_eq!((s.on_track, s.actual, s.year), (false, 5, Some(2025)));
        assert_eq!(s.expected, 22.0);
    }

    #[test]
    fn calendar_years_split_on_the_first_of_january() {
        let spec = TargetSpec {
            basis: YearBasis::Calendar,
            baseline_year: 2024,
            baseline_value: 10,
            target_year: 2026,
            target_value: 20,
            ..ventures()
        };
        let counts = vec![
            (d(2024, 12, 31), 7),
            (d(2025, 1, 1), 2),
            (d(2025, 3, 31), 1),
            (d(2025, 4, 1), 1),
        ];
        let p = progress(&spec, &counts, &[], d(2026, 11, 25));
        assert_eq!(live(&p), vec![Some(10), Some(14), Some(14)]);
        assert_eq!(p.years[1].range, Some((d(2025, 1, 1), d(2025, 12, 31))));
        assert_eq!(p.years[2].range, Some((d(2025, 1, 1), d(2026, 12, 31))));
        let per_year = TargetSpec {
            counting: Counting::PerYear,
            ..spec
        };
        let p = progress(&per_year, &counts, &[], d(2026, 11, 25));
        assert_eq!(live(&p), vec![Some(10), Some(4), Some(0)]);
        assert_eq!(p.years[2].range, Some((d(2026, 1, 1), d(2026, 12, 31))));
    }

    #[test]
    fn future_years_have_no_value() {
        let p = progress(&ventures(), &fixture(), &[], d(2023, 6, 1));
        assert_eq!(live(&p), vec![Some(51), Some(53), Some(53), None, None]);
        assert!(p.years[3].range.is_none());
    }

    #[test]
    fn cumulative_on_track_is_pro_rated_in_days() {
        let spec = ventures();
        // The path runs from 2022-03-31 (51) to 2026-03-31 (75): 1,461 days.
        assert_eq!(spec.path_on(d(2022, 3, 31)), 51.0);
        assert_eq!(spec.path_on(d(2026, 3, 31)), 75.0);
        assert_eq!(spec.path_on(d(2030, 1, 1)), 75.0);
        let mid = spec.path_on(d(2024, 3, 31)); // 731 days
        assert!((mid - (51.0 + 24.0 * 731.0 / 1461.0)).abs() < 1e-9);
        // Exactly on the path is on track; one short is behind.
        let today = d(2023, 3, 31); // 365 days: 51 + 24 × 365/1461 = 56.99…
        let expected = spec.path_on(today);
        assert!(expected > 56.0 && expected < 57.0);
        let six = vec![(d(2022, 4, 1), 6)];
        let s = progress(&spec, &six, &[], today).status.unwrap();
        assert_eq!((s.actual, s.on_track), (57, true));
        let five = vec![(d(2022, 4, 1), 5), (d(2023, 4, 1), 9)];
        let s = progress(&spec, &five, &[], today).status.unwrap();
        assert_eq!(
            (s.actual, s.on_track),
            (56, false),
            "tomorrow's records do not count"
        );
        // Before the baseline year has ended there is nothing to compare.
        assert!(progress(&spec, &six, &[], d(2022, 3, 31)).status.is_none());
    }

    #[test]
    fn per_year_on_track_uses_the_current_year_until_one_completes() {
        let spec = notifications();
        // FY2022 is under way and no year after the baseline has ended.
        let counts = vec![(d(2022, 4, 1), 19)];
        let s = progress(&spec, &counts, &[], d(2022, 12, 1))
            .status
            .unwrap();
        assert_eq!((s.year, s.actual, s.on_track), (Some(2022), 19, true));
        assert_eq!(s.expected, 19.0);
        // On 1 April 2023 FY2022 is complete: still FY2022.
        let s = progress(&spec, &counts, &[], d(2023, 4, 1)).status.unwrap();
        assert_eq!(s.year, Some(2022));
        // On 31 March 2023 FY2022 is the current year.
        let s = progress(&spec, &counts, &[], d(2023, 3, 31))
            .status
            .unwrap();
        assert_eq!(s.year, Some(2022));
    }

    #[test]
    fn reported_figures_show_the_difference_and_years_freeze_once() {
        let p = progress(&ventures(), &fixture(), &[(2024, 54)], d(2026, 11, 25));
        let y2024 = &p.years[3];
        assert_eq!(
            (y2024.live, y2024.reported, y2024.difference),
            (Some(56), Some(54), Some(2))
        );
        assert!(!y2024.freezable, "frozen already");
        let freezable: Vec<i32> = p
            .years
            .iter()
            .filter(|y| y.freezable)
            .map(|y| y.year)
            .collect();
        assert_eq!(freezable, vec![2021, 2022, 2023, 2025]);
        // FY2025 ends on 31 March 2026: not freezable on that day, freezable on 1 April.
        let p = progress(&ventures(), &fixture(), &[], d(2026, 3, 31));
        assert!(!p.years[4].freezable);
        let p = progress(&ventures(), &fixture(), &[], d(2026, 4, 1));
        assert!(p.years[4].freezable);
    }

    #[test]
    fn the_freeze_form_is_checked() {
        let spec = ventures();
        let today = d(2026, 11, 25);
        let form = |year: &str, value: &str, note: &str| FreezeForm {
            target_id: String::new(),
            year: year.into(),
            value: value.into(),
            note: note.into(),
        };
        let ok = validate_freeze(&form("2025", "６１件", " 議会報告 "), &spec, today).unwrap();
        assert_eq!(
            ok,
            ValidFreeze {
                year: 2025,
                value: 61,
                note: "議会報告".into()
            }
        );
        let code = |f: FreezeForm| -> Vec<String> {
            validate_freeze(&f, &spec, today)
                .unwrap_err()
                .iter()
                .map(|e| format!("{}:{}", e.field, e.code))
                .collect()
        };
        assert_eq!(
            code(form("2026", "1", "")),
            vec!["freeze_year:targets.year_incomplete"]
        );
        assert_eq!(
            code(form("2020", "1", "")),
            vec!["freeze_year:targets.before_baseline"]
        );
        assert_eq!(
            code(form("x", "1", "")),
            vec!["freeze_year:targets.year_invalid"]
        );
        assert_eq!(
            code(form("2025", "", "")),
            vec!["freeze_value:targets.figure_required"]
        );
        assert_eq!(
            code(form("2025", "-1", "")),
            vec!["freeze_value:targets.figure_negative"]
        );
        assert_eq!(
            code(form("2025", "1.5", "")),
            vec!["freeze_value:targets.figure_not_a_number"]
        );
        assert_eq!(
            code(form("2025", "2000000", "")),
            vec!["freeze_value:targets.figure_too_large"]
        );
        assert_eq!(code(form("2025", "1", &"あ".repeat(501))).len(), 1);
        let later = TargetSpec {
            target_year: 2030,
            ..spec.clone()
        };
        assert_eq!(
            validate_freeze(&form("2026", "1", ""), &later, d(2027, 3, 31))
                .unwrap_err()
                .iter()
                .next()
                .unwrap()
                .code,
            "targets.year_incomplete"
        );
        assert!(validate_freeze(&form("2026", "1", ""), &later, d(2027, 4, 1)).is_ok());
        assert_eq!(
            validate_freeze(&form("2031", "1", ""), &later, d(2040, 1, 1))
                .unwrap_err()
                .iter()
                .next()
                .unwrap()
                .code,
            "targets.after_target"
        );
    }
}
