//! Counts and yen totals per Japanese fiscal year (年度, 1 April – 31 March), for the support
//! and fund summaries of a venture, a working group and a fund. The records behind one summary
//! are few (a venture's, a group's, a fund's), so they are bucketed here rather than in SQL; the
//! dashboards of #6 aggregate in the database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal::FiscalYear;

/// One fiscal year's line of a summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearTotal {
    pub fiscal_year: FiscalYear,
    /// How many records fall in the year.
    pub count: u32,
    /// Their amounts added up, in yen (zero for records without an amount).
    pub total_yen: i64,
}

/// A summary: one line per fiscal year that has records, oldest first, and the grand total.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FySummary {
    pub years: Vec<YearTotal>,
    pub count: u32,
    pub total_yen: i64,
}

impl FySummary {
    /// Bucket `(date, amount in yen)` pairs by the fiscal year of the date. Totals saturate
    /// instead of overflowing (stored amounts are at most 1兆円 each, so they never do in
    /// practice).
    pub fn of<I: IntoIterator<Item = (NaiveDate, i64)>>(records: I) -> Self {
        let mut years: Vec<YearTotal> = Vec::new();
        for (on, yen) in records {
            let fy = FiscalYear::of(on);
            let line = match years.binary_search_by(|y| y.fiscal_year.cmp(&fy)) {
                Ok(i) => &mut years[i],
                Err(i) => {
                    years.insert(
                        i,
                        YearTotal {
                            fiscal_year: fy,
                            ..YearTotal::default()
                        },
                    );
                    &mut years[i]
                }
            };
            line.count += 1;
            line.total_yen = line.total_yen.saturating_add(yen);
        }
        let count = years.iter().map(|y| y.count).sum();
        let total_yen = years
            .iter()
            .fold(0i64, |acc, y| acc.saturating_add(y.total_yen));
        FySummary {
            years,
            count,
            total_yen,
        }
    }

    /// Bucket dates alone (counts; every total is zero).
    pub fn of_dates<I: IntoIterator<Item = NaiveDate>>(dates: I) -> Self {
        Self::of(dates.into_iter().map(|d| (d, 0)))
    }

    /// The line for `fy`, if it has records.
    pub fn year(&self, fy: FiscalYear) -> Option<&YearTotal> {
        self.years.iter().find(|y| y.fiscal_year == fy)
    }

    /// Whether there is nothing to summarise.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn thirty_first_of_march_and_first_of_april_fall_in_different_years() {
        let s = FySummary::of([
            (d("2025-04-01"), 30_000_000),
            (d("2025-03-31"), 10_000_000),
            (d("2026-03-31"), 5_000_000),
        ]);
        assert_eq!(
            s.years,
            vec![
                YearTotal {
                    fiscal_year: FiscalYear(2024),
                    count: 1,
                    total_yen: 10_000_000
                },
                YearTotal {
                    fiscal_year: FiscalYear(2025),
                    count: 2,
                    total_yen: 35_000_000
                },
            ]
        );
        assert_eq!((s.count, s.total_yen), (3, 45_000_000));
        assert_eq!(s.year(FiscalYear(2025)).unwrap().count, 2);
        assert!(s.year(FiscalYear(2023)).is_none());
    }

    #[test]
    fn dates_alone_are_counted_and_nothing_is_empty() {
        let s = FySummary::of_dates([d("2021-06-01"), d("2023-01-10"), d("2022-05-05")]);
        let years: Vec<i32> = s.years.iter().map(|y| y.fiscal_year.0).collect();
        assert_eq!(years, vec![2021, 2022]);
        assert_eq!(s.years[1].count, 2);
        assert_eq!(s.total_yen, 0);
        assert!(FySummary::of_dates([]).is_empty());
    }
}
