//! The hub funnel (`/dashboard`): how many ventures (or programs) have reached each stage of the
//! journey, the conversion from each stage to the next and the median time between them.
//!
//! # Rules
//! - A funnel stage is a rank threshold on [`Stage::rank`]: trial notification ≥ 10, Phase I ≥ 20,
//!   Phase II ≥ 30, Phase III ≥ 40, application ≥ 50, approval ≥ 60 (conditional and full alike).
//!   Founded has no threshold: every venture in the cohort counts there.
//! - "Reached S" means reached S **or went past it**: a program that went from Phase II straight
//!   to a conditional approval counts at Phase III and at the application too, so the funnel never
//!   widens and a conversion is a share. Phase I/II counts as Phase I, II/III as Phase II.
//!   Safety-Act stages rank below 10, so those programs count at Founded only.
//! - The counts use the stored maximum rank (`programs.current_stage_rank`, and the venture's is the
//!   maximum over its programs); exits do not undo what was reached.
//! - The date an entity reached S is its earliest milestone at any stage ranked ≥ S (a venture's is
//!   the earliest over its programs); Founded's date is the venture's founding date. The median time
//!   from one funnel stage to the next is taken over the entities that have both dates.
//! - The median of an even number of values is the mean of the two middle ones, rounded up to a
//!   whole day.
//! - Conversion k → k+1 = count(k+1) / count(k), in per mille rounded half up (shown "62.5%"); none
//!   when count(k) is 0.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::stage::Stage;

code_enum! {
    /// A step of the funnel (`reached=` on the ventures list, the CSV's `stage` column).
    pub enum FunnelStage ("funnel_stage") {
        /// 起業 (every venture of the cohort).
        Founded = "founded",
        /// 治験計画届出 or later.
        TrialNotified = "trial_notified",
        /// Phase I (incl. I/II) or later.
        Phase1 = "phase1",
        /// Phase II (incl. II/III) or later.
        Phase2 = "phase2",
        /// Phase III or later.
        Phase3 = "phase3",
        /// 承認申請 or later.
        Applied = "applied",
        /// 承認 (conditional and time-limited, or full).
        Approved = "approved",
    }
}

/// The number of funnel stages.
pub const STAGES: usize = 7;

impl FunnelStage {
    /// The lowest [`Stage::rank`] that counts as having reached this step (`None` for Founded).
    pub const fn threshold(self) -> Option<i32> {
        match self {
            FunnelStage::Founded => None,
            FunnelStage::TrialNotified => Some(Stage::TrialNotified.rank()),
            FunnelStage::Phase1 => Some(Stage::Phase1.rank()),
            FunnelStage::Phase2 => Some(Stage::Phase2.rank()),
            FunnelStage::Phase3 => Some(Stage::Phase3.rank()),
            FunnelStage::Applied => Some(Stage::Applied.rank()),
            FunnelStage::Approved => Some(Stage::ApprovedConditional.rank()),
        }
    }

    /// Position in [`FunnelStage::ALL`].
    pub fn index(self) -> usize {
        FunnelStage::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }

    /// Whether an entity whose highest rank is `rank` (`None`: no program) counts here.
    pub fn counts(self, rank: Option<i32>) -> bool {
        match self.threshold() {
            None => true,
            Some(t) => rank.is_some_and(|r| r >= t),
        }
    }

    /// The journey stages whose milestone dates count for reaching a step after Founded:
    /// every PMD Act stage ranked 10 or more (the date query reads only these).
    pub fn dated_stages() -> Vec<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(|s| s.rank() >= Stage::TrialNotified.rank())
            .collect()
    }
}

/// Count per funnel stage from `(highest rank, number of entities)` groups (the SQL
/// `GROUP BY current_stage_rank`): a group counts at every stage its rank reaches.
pub fn counts_from_ranks(groups: &[(Option<i32>, u64)]) -> [u64; STAGES] {
    let mut out = [0u64; STAGES];
    for (i, s) in FunnelStage::ALL.iter().enumerate() {
        out[i] = groups
            .iter()
            .filter(|(r, _)| s.counts(*r))
            .map(|(_, n)| n)
            .sum();
    }
    out
}

/// The dates one entity (venture or program) reached each funnel stage: index 0 is the founding
/// date, index k the earliest milestone ranked ≥ the threshold of stage k.
pub fn reached_dates(
    founded_on: Option<NaiveDate>,
    milestones: &[(Stage, NaiveDate)],
) -> [Option<NaiveDate>; STAGES] {
    let mut out = [None; STAGES];
    out[0] = founded_on;
    for (i, s) in FunnelStage::ALL.iter().enumerate().skip(1) {
        let t = s.threshold().unwrap_or_default();
        out[i] = milestones
            .iter()
            .filter(|(st, _)| st.rank() >= t)
            .map(|(_, d)| *d)
            .min();
    }
    out
}

/// The median of `values` (sorted here); the mean of the two middle ones, rounded up, when
/// there is an even number of them; `None` when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        Some(values[n / 2])
    } else {
        let sum = values[n / 2 - 1] + values[n / 2];
        Some(sum.div_euclid(2) + sum.rem_euclid(2))
    }
}

/// For each step k → k+1, the median number of days between the two dates over the entities
/// that have both (`medians[k]`; the last is always `None`).
pub fn median_days(dates: &[[Option<NaiveDate>; STAGES]]) -> [Option<i64>; STAGES] {
    let mut out = [None; STAGES];
    for (k, slot) in out.iter_mut().enumerate().take(STAGES - 1) {
        let mut gaps: Vec<i64> = dates
            .iter()
            .filter_map(|d| match (d[k], d[k + 1]) {
                (Some(a), Some(b)) => Some((b - a).num_days()),
                _ => None,
            })
            .collect();
        *slot = median(&mut gaps);
    }
    out
}

/// `part / whole` in per mille, rounded half up; `None` when `whole` is 0.
pub fn per_mille(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| (2 * part * 1000 + whole) / (2 * whole))
}

/// A per-mille share as a percentage with one decimal: `625` → `"62.5%"`.
pub fn percent_label(per_mille: u64) -> String {
    format!("{}.{}%", per_mille / 10, per_mille % 10)
}

/// One step of a funnel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub stage: FunnelStage,
    pub count: u64,
    /// To the next step, in per mille (`None` for the last step or when this count is 0).
    pub conversion_per_mille: Option<u64>,
    /// Median days to the next step, over the entities that have both dates.
    pub median_days_to_next: Option<i64>,
    /// How many entities had both dates (the median's sample).
    pub median_sample: u64,
}

/// A whole funnel: one step per [`FunnelStage`], in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub steps: Vec<FunnelStep>,
}

impl Funnel {
    /// Build the funnel from its counts and its entities' dates.
    pub fn build(counts: [u64; STAGES], dates: &[[Option<NaiveDate>; STAGES]]) -> Self {
        let medians = median_days(dates);
        let steps = FunnelStage::ALL
            .iter()
            .enumerate()
            .map(|(k, s)| FunnelStep {
                stage: *s,
                count: counts[k],
                conversion_per_mille: (k + 1 < STAGES)
                    .then(|| per_mille(counts[k + 1], counts[k]))
                    .flatten(),
                median_days_to_next: medians[k],
                median_sample: if k + 1 < STAGES {
                    dates
                        .iter()
                        .filter(|d| d[k].is_some() && d[k + 1].is_some())
                        .count() as u64
                } else {
                    0
                },
            })
            .collect();
        Funnel { steps }
    }

    pub fn count(&self, s: FunnelStage) -> u64 {
        self.steps.get(s.index()).map_or(0, |st| st.count)
    }

    pub fn step(&self, s: FunnelStage) -> &FunnelStep {
        &self.steps[s.index()]
    }
}

/// A number of days as years and months (a month = 1/12 of 365.25 days, rounded to the
/// nearest): `(years, months)`, negative when the days are.
pub fn years_months(days: i64) -> (i64, i64) {
    let months = ((days.abs() as f64) * 12.0 / 365.25).round() as i64;
    let sign = if days < 0 { -1 } else { 1 };
    (sign * (months / 12), sign * (months % 12))
}

/// "1年2か月", "3か月", "2年" (negative values get a leading "−").
pub fn duration_ja(days: i64) -> String {
    let (y, m) = years_months(days);
    let sign = if days < 0 && (y != 0 || m != 0) {
        "−"
    } else {
        ""
    };
    match (y.abs(), m.abs()) {
        (0, 0) => "1か月未満".to_string(),
        (0, m) => format!("{sign}{m}か月"),
        (y, 0) => format!("{sign}{y}年"),
        (y, m) => format!("{sign}{y}年{m}か月"),
    }
}

/// "1 yr 2 mo", "3 mo", "2 yr".
pub fn duration_en(days: i64) -> String {
    let (y, m) = years_months(days);
    let sign = if days < 0 && (y != 0 || m != 0) {
        "−"
    } else {
        ""
    };
    match (y.abs(), m.abs()) {
        (0, 0) => "under 1 mo".to_string(),
        (0, m) => format!("{sign}{m} mo"),
        (y, 0) => format!("{sign}{y} yr"),
        (y, m) => format!("{sign}{y} yr {m} mo"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn thresholds_follow_the_stage_ranks() {
        assert_eq!(FunnelStage::Founded.threshold(), None);
        assert_eq!(FunnelStage::TrialNotified.threshold(), Some(10));
        assert_eq!(FunnelStage::Phase1.threshold(), Some(20));
        assert_eq!(FunnelStage::Phase2.threshold(), Some(30));
        assert_eq!(FunnelStage::Phase3.threshold(), Some(40));
        assert_eq!(FunnelStage::Applied.threshold(), Some(50));
        assert_eq!(FunnelStage::Approved.threshold(), Some(60));
        assert_eq!(FunnelStage::ALL.len(), STAGES);
        assert_eq!(FunnelStage::Approved.index(), 6);
        assert_eq!("phase2".parse::<FunnelStage>(), Ok(FunnelStage::Phase2));
        // Combined phases count at the lower one; Safety Act stages only at Founded.
        assert!(FunnelStage::Phase1.counts(Some(Stage::Phase1_2.rank())));
        assert!(!FunnelStage::Phase2.counts(Some(Stage::Phase1_2.rank())));
        assert!(FunnelStage::Phase2.counts(Some(Stage::Phase2_3.rank())));
        assert!(!FunnelStage::TrialNotified.counts(Some(Stage::Providing.rank())));
        assert!(FunnelStage::Founded.counts(None));
        assert!(!FunnelStage::TrialNotified.counts(None));
        assert!(!FunnelStage::dated_stages().contains(&Stage::Providing));
        assert!(FunnelStage::dated_stages().contains(&Stage::TrialNotified));
    }

    #[test]
    fn a_skipped_phase_counts_as_passed() {
        // Ranks: none (no program), research, Phase II → conditional approval (60), Phase I/II,
        // Safety Act providing.
        let counts = counts_from_ranks(&[
            (None, 1),
            (Some(0), 2),
            (Some(Stage::ApprovedConditional.rank()), 1),
            (Some(Stage::Phase1_2.rank()), 3),
            (Some(Stage::Providing.rank()), 1),
        ]);
        assert_eq!(counts, [8, 4, 4, 1, 1, 1, 1]);
        // The Phase II → conditional approval program's dates: Phase III and the application
        // take the approval's date (the earliest milestone at or past them).
        let dates = reached_dates(
            Some(d(2019, 4, 1)),
            &[
                (Stage::Phase2, d(2021, 4, 1)),
                (Stage::ApprovedConditional, d(2024, 7, 1)),
            ],
        );
        assert_eq!(
            dates,
            [
                Some(d(2019, 4, 1)),
                Some(d(2021, 4, 1)),
                Some(d(2021, 4, 1)),
                Some(d(2021, 4, 1)),
                Some(d(2024, 7, 1)),
                Some(d(2024, 7, 1)),
                Some(d(2024, 7, 1)),
            ]
        );
        let f = Funnel::build(counts, &[dates]);
        assert_eq!(f.step(FunnelStage::Phase2).median_days_to_next, Some(1187));
        assert_eq!(f.step(FunnelStage::Phase3).median_days_to_next, Some(0));
        assert_eq!(f.step(FunnelStage::Founded).conversion_per_mille, Some(500));
        assert_eq!(f.step(FunnelStage::Phase1).conversion_per_mille, Some(250));
        assert_eq!(f.step(FunnelStage::Approved).conversion_per_mille, None);
        assert_eq!(f.step(FunnelStage::Approved).median_days_to_next, None);
    }

    #[test]
    fn medians_on_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [10, 20]), Some(15));
        assert_eq!(median(&mut [30, 10, 21, 100]), Some(26), "25.5 rounds up");
        assert_eq!(median(&mut [-3, 0]), Some(-1), "-1.5 rounds up to -1");
        let a = [
            Some(d(2022, 3, 31)),
            Some(d(2022, 4, 30)),
            None,
            None,
            None,
            None,
            None,
        ];
        let b = [
            Some(d(2022, 4, 1)),
            Some(d(2022, 4, 11)),
            None,
            None,
            None,
            None,
            None,
        ];
        let c = [None, Some(d(2023, 1, 1)), None, None, None, None, None];
        let m = median_days(&[a, b, c]);
        assert_eq!(m[0], Some(20), "median of 30 and 10 days");
        assert_eq!(m[1], None);
        let f = Funnel::build([3, 3, 0, 0, 0, 0, 0], &[a, b, c]);
        assert_eq!(f.step(FunnelStage::Founded).median_sample, 2);
        assert_eq!(
            f.step(FunnelStage::TrialNotified).conversion_per_mille,
            Some(0)
        );
        assert_eq!(f.step(FunnelStage::Phase1).conversion_per_mille, None);
    }

    #[test]
    fn shares_and_durations_read_as_people_write_them() {
        assert_eq!(per_mille(5, 8), Some(625));
        assert_eq!(per_mille(2, 3), Some(667));
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(0, 0), None);
        assert_eq!(percent_label(625), "62.5%");
        assert_eq!(percent_label(1000), "100.0%");
        assert_eq!(percent_label(0), "0.0%");
        assert_eq!(duration_ja(426), "1年2か月");
        assert_eq!(duration_ja(365), "1年");
        assert_eq!(duration_ja(91), "3か月");
        assert_eq!(duration_ja(10), "1か月未満");
        assert_eq!(duration_ja(-91), "−3か月");
        assert_eq!(duration_en(426), "1 yr 2 mo");
        assert_eq!(duration_en(731), "2 yr");
    }
}
