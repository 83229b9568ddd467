//! Japanese fiscal years (年度), calendar years and era (和暦) labels.
//!
//! The Japanese fiscal year runs from 1 April to 31 March and is named after the calendar year
//! in which it starts: 2022-03-31 is in FY2021, 2022-04-01 in FY2022.
//!
//! Era rules:
//! - Dates use the era in force on that day: Reiwa from 2019-05-01, Heisei from 1989-01-08,
//!   Showa from 1926-12-25; earlier dates are written in the Gregorian form (`1926年12月24日`).
//!   The first year of an era is written 元 (`令和元年5月1日`).
//! - Fiscal years follow the government's usage: FY2019 is 令和元年度 although April 2019 was
//!   still Heisei, FY1989 is 平成元年度, FY1927–FY1988 are Showa years (昭和2年度 … 昭和63年度).
//!   FY1926 and earlier (Taisho) fall back to the Gregorian form `1926年度`.
//! - Calendar years use the era in force on 31 December: 2019 is 令和元年, 1989 平成元年,
//!   1926 昭和元年; 1925 and earlier are Gregorian (`1925年`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Japanese era (元号) from Showa on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    /// 昭和, from 1926-12-25.
    Showa,
    /// 平成, from 1989-01-08.
    Heisei,
    /// 令和, from 2019-05-01.
    Reiwa,
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 3] = [Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in Japanese (`令和`).
    pub const fn name_ja(self) -> &'static str {
        match self {
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The era's name in English (`Reiwa`).
    pub const fn name_en(self) -> &'static str {
        match self {
            Era::Showa => "Showa",
            Era::Heisei => "Heisei",
            Era::Reiwa => "Reiwa",
        }
    }

    /// The first day of the era.
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).expect("valid era start")
    }

    /// Gregorian year − offset = era year.
    const fn offset(self) -> i32 {
        match self {
            Era::Showa => 1925,
            Era::Heisei => 1988,
            Era::Reiwa => 2018,
        }
    }

    /// The era in force on `date` and the year within it (1 = 元年), or `None` before Showa.
    pub fn of(date: NaiveDate) -> Option<(Era, i32)> {
        Era::ALL
            .iter()
            .rev()
            .find(|era| date >= era.first_day())
            .map(|&era| (era, date.year() - era.offset()))
    }
}

/// `元` for year 1, the number otherwise.
fn era_year(year: i32) -> String {
    if year == 1 {
        "元".to_owned()
    } else {
        year.to_string()
    }
}

/// A date in the Japanese era form, e.g. `令和7年4月1日`, `令和元年5月1日`, `平成31年4月30日`;
/// before 1926-12-25 the Gregorian form `1926年12月24日`.
pub fn wareki_date(date: NaiveDate) -> String {
    match Era::of(date) {
        Some((era, year)) => format!(
            "{}{}年{}月{}日",
            era.name_ja(),
            era_year(year),
            date.month(),
            date.day()
        ),
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// A date in the Gregorian Japanese form, e.g. `2025年4月1日`.
pub fn date_ja(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A Japanese fiscal year (年度), named by the calendar year in which it starts.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year that contains `date` (1 April – 31 March).
    pub fn of(date: NaiveDate) -> Self {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    /// 1 April of the fiscal year.
    ///
    /// # Panics
    /// Outside chrono's date range (about ±262,000 years).
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).expect("fiscal year within chrono's range")
    }

    /// 31 March of the following calendar year (inclusive end).
    ///
    /// # Panics
    /// Outside chrono's date range.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).expect("fiscal year within chrono's range")
    }

    /// Whether `date` falls in this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of(date) == self
    }

    /// The following fiscal year.
    pub const fn next(self) -> Self {
        FiscalYear(self.0 + 1)
    }

    /// The preceding fiscal year.
    pub const fn previous(self) -> Self {
        FiscalYear(self.0 - 1)
    }

    /// This and every fiscal year up to `last` inclusive (empty if `last` is earlier).
    pub fn through(self, last: FiscalYear) -> impl Iterator<Item = FiscalYear> {
        (self.0..=last.0).map(FiscalYear)
    }

    /// The Reiwa year number, FY − 2018 (FY2021 → 3). Zero or negative before FY2019.
    pub const fn reiwa(self) -> i32 {
        self.0 - 2018
    }

    /// `2025年度`.
    pub fn label_ja(self) -> String {
        format!("{}年度", self.0)
    }

    /// `FY2025`.
    pub fn label_en(self) -> String {
        format!("FY{}", self.0)
    }

    /// `令和7年度`, `令和元年度` (FY2019), `平成30年度` (FY2018), `昭和63年度` (FY1988);
    /// `1926年度` and earlier in the Gregorian form.
    pub fn wareki_label(self) -> String {
        let era = match self.0 {
            y if y >= 2019 => Era::Reiwa,
            y if y >= 1989 => Era::Heisei,
            y if y >= 1927 => Era::Showa,
            _ => return self.label_ja(),
        };
        format!("{}{}年度", era.name_ja(), era_year(self.0 - era.offset()))
    }
}

impl fmt::Display for FiscalYear {
    /// `FY2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{}", self.0)
    }
}

code_enum! {
    /// Whether a target counts by fiscal or calendar year (`targets.year_basis`).
    pub enum YearBasis ("year_basis") {
        /// 年度, 1 April – 31 March.
        Fiscal = "fiscal",
        /// 暦年, 1 January – 31 December.
        Calendar = "calendar",
    }
}

impl YearBasis {
    /// The year (fiscal or calendar) that contains `date`.
    pub fn year_of(self, date: NaiveDate) -> i32 {
        match self {
            YearBasis::Fiscal => FiscalYear::of(date).0,
            YearBasis::Calendar => date.year(),
        }
    }

    /// First day of `year`.
    ///
    /// # Panics
    /// Outside chrono's date range.
    pub fn start(self, year: i32) -> NaiveDate {
        match self {
            YearBasis::Fiscal => FiscalYear(year).start(),
            YearBasis::Calendar => NaiveDate::from_ymd_opt(year, 1, 1).expect("year in range"),
        }
    }

    /// Last day of `year` (inclusive).
    ///
    /// # Panics
    /// Outside chrono's date range.
    pub fn end(self, year: i32) -> NaiveDate {
        match self {
            YearBasis::Fiscal => FiscalYear(year).end(),
            YearBasis::Calendar => NaiveDate::from_ymd_opt(year, 12, 31).expect("year in range"),
        }
    }

    /// Whether `date` lies in `year`.
    pub fn contains(self, year: i32, date: NaiveDate) -> bool {
        self.year_of(date) == year
    }

    /// `2025年度` or `2025年`.
    pub fn label_ja(self, year: i32) -> String {
        match self {
            YearBasis::Fiscal => FiscalYear(year).label_ja(),
            YearBasis::Calendar => format!("{year}年"),
        }
    }

    /// `FY2025` or `2025`.
    pub fn label_en(self, year: i32) -> String {
        match self {
            YearBasis::Fiscal => FiscalYear(year).label_en(),
            YearBasis::Calendar => year.to_string(),
        }
    }

    /// `令和7年度` or `令和7年` (calendar years take the era in force on 31 December).
    pub fn wareki_label(self, year: i32) -> String {
        match self {
            YearBasis::Fiscal => FiscalYear(year).wareki_label(),
            YearBasis::Calendar => match NaiveDate::from_ymd_opt(year, 12, 31).and_then(Era::of) {
                Some((era, y)) => format!("{}{}年", era.name_ja(), era_year(y)),
                None => format!("{year}年"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_boundary_is_first_of_april() {
        assert_eq!(FiscalYear::of(d(2022, 3, 31)), FiscalYear(2021));
        assert_eq!(FiscalYear::of(d(2022, 4, 1)), FiscalYear(2022));
        assert_eq!(FiscalYear::of(d(2022, 1, 1)), FiscalYear(2021));
        assert_eq!(FiscalYear::of(d(2021, 12, 31)), FiscalYear(2021));
        assert_eq!(FiscalYear(2021).start(), d(2021, 4, 1));
        assert_eq!(FiscalYear(2021).end(), d(2022, 3, 31));
        assert!(FiscalYear(2021).contains(d(2022, 3, 31)));
        assert!(!FiscalYear(2021).contains(d(2022, 4, 1)));
        assert!(!FiscalYear(2021).contains(d(2021, 3, 31)));
    }

    #[test]
    fn fiscal_year_labels() {
        assert_eq!(FiscalYear(2025).label_ja(), "2025年度");
        assert_eq!(FiscalYear(2025).label_en(), "FY2025");
        assert_eq!(FiscalYear(2025).to_string(), "FY2025");
        assert_eq!(FiscalYear(2021).reiwa(), 3);
        assert_eq!(FiscalYear(2025).wareki_label(), "令和7年度");
        assert_eq!(FiscalYear(2021).wareki_label(), "令和3年度");
        assert_eq!(FiscalYear(2020).wareki_label(), "令和2年度");
        assert_eq!(FiscalYear(2019).wareki_label(), "令和元年度");
        assert_eq!(FiscalYear(2018).wareki_label(), "平成30年度");
        assert_eq!(FiscalYear(1989).wareki_label(), "平成元年度");
        assert_eq!(FiscalYear(1988).wareki_label(), "昭和63年度");
        assert_eq!(FiscalYear(1927).wareki_label(), "昭和2年度");
        assert_eq!(FiscalYear(1926).wareki_label(), "1926年度");
    }

    #[test]
    fn fiscal_year_iteration_and_neighbours() {
        let years: Vec<_> = FiscalYear(2021).through(FiscalYear(2025)).collect();
        assert_eq!(years.len(), 5);
        assert_eq!(years[0], FiscalYear(2021));
        assert_eq!(years[4], FiscalYear(2025));
        assert_eq!(FiscalYear(2025).through(FiscalYear(2021)).count(), 0);
        assert_eq!(FiscalYear(2021).next(), FiscalYear(2022));
        assert_eq!(FiscalYear(2021).previous(), FiscalYear(2020));
        assert_eq!(serde_json::to_string(&FiscalYear(2021)).unwrap(), "2021");
    }

    #[test]
    fn wareki_dates_at_era_boundaries() {
        assert_eq!(wareki_date(d(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(wareki_date(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki_date(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki_date(d(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(wareki_date(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki_date(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki_date(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(wareki_date(d(1926, 12, 24)), "1926年12月24日");
        assert_eq!(date_ja(d(2025, 4, 1)), "2025年4月1日");
        assert_eq!(Era::of(d(2026, 3, 26)), Some((Era::Reiwa, 8)));
        assert_eq!(Era::of(d(1900, 1, 1)), None);
    }

    #[test]
    fn year_basis_helpers() {
        let date = d(2026, 2, 10);
        assert_eq!(YearBasis::Fiscal.year_of(date), 2025);
        assert_eq!(YearBasis::Calendar.year_of(date), 2026);
        assert_eq!(YearBasis::Calendar.start(2025), d(2025, 1, 1));
        assert_eq!(YearBasis::Calendar.end(2025), d(2025, 12, 31));
        assert_eq!(YearBasis::Fiscal.end(2025), d(2026, 3, 31));
        assert!(YearBasis::Fiscal.contains(2025, date));
        assert!(!YearBasis::Calendar.contains(2025, date));
        assert_eq!(YearBasis::Calendar.label_ja(2025), "2025年");
        assert_eq!(YearBasis::Fiscal.label_ja(2025), "2025年度");
        assert_eq!(YearBasis::Calendar.label_en(2025), "2025");
        assert_eq!(YearBasis::Calendar.wareki_label(2019), "令和元年");
        assert_eq!(YearBasis::Calendar.wareki_label(2018), "平成30年");
        assert_eq!(YearBasis::Calendar.wareki_label(1926), "昭和元年");
        assert_eq!(YearBasis::Calendar.wareki_label(1925), "1925年");
        assert_eq!(YearBasis::Fiscal.wareki_label(2019), "令和元年度");
        assert_eq!("calendar".parse::<YearBasis>(), Ok(YearBasis::Calendar));
        assert!("annual".parse::<YearBasis>().is_err());
    }
}
