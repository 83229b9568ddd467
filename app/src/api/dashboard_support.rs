//! Support and money on the leadership dashboard (#6): RINK support by working group × kind ×
//! fiscal year, fund support by hub × fiscal year, and the two read-only lists behind every
//! number (`/rink/support?…`, `/funds/supports?…`). Any signed-in user reads them.
//!
//! The overview counts with aggregate queries only (`ssr::dashboard_support`): a fixed number
//! of statements whatever the data. A number's link carries the filters of its cell, and the
//! list it opens counts exactly the records behind it (same filters, same rules: not archived,
//! RINK support of ventures not archived, dates inclusive).

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::funds::FundSupportDto;
use crate::api::support::SupportDto;
use crate::domain::dashboard::DashboardQuery;
use crate::domain::fiscal::FiscalYear;
use crate::domain::support::SupportKind;
use crate::error::AppError;

/// Rows per page of the drill-down lists.
pub const RECORDS_PAGE_SIZE: u64 = 100;

/// How many fiscal years the overview shows when the view names none.
pub const DEFAULT_YEARS: i32 = 5;

/// The `wg` value of support outside any group.
pub const NO_GROUP: &str = "none";

/// The fiscal years the overview shows, oldest first: `fy_from..=fy_to` of the view; without
/// them, the five years up to the current one (`today` in Japan). With only `fy_from`, up to
/// the current year (or `fy_from` alone if it is later); with only `fy_to`, the five years up
/// to it.
pub fn shown_years(q: &DashboardQuery, today: NaiveDate) -> Vec<FiscalYear> {
    let current = FiscalYear::of(today);
    let (from, to) = match (q.fy_from, q.fy_to) {
        (Some(a), Some(b)) => (a.min(b), a.max(b)),
        (Some(a), None) => (a, current.max(a)),
        (None, Some(b)) => (FiscalYear(b.0 - (DEFAULT_YEARS - 1)), b),
        (None, None) => (FiscalYear(current.0 - (DEFAULT_YEARS - 1)), current),
    };
    from.through(to).collect()
}

fn clean_code(s: Option<String>) -> String {
    s.map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| h.len() <= 40 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or_default()
}

fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
}

fn parse_page(s: Option<String>) -> u64 {
    s.and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn href(path: &str, parts: Vec<String>) -> String {
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

fn date_parts(parts: &mut Vec<String>, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if let Some(d) = from {
        parts.push(format!("from={d}"));
    }
    if let Some(d) = to {
        parts.push(format!("to={d}"));
    }
}

/// Which support logs `/rink/support` lists. Every filter is optional; dates are inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SupportFilter {
    /// A group's code, [`NO_GROUP`] for support outside any group, empty for every group.
    pub wg: String,
    pub kind: Option<SupportKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only ventures whose current hub this is (code), empty for all.
    pub hub: String,
    /// 1-based.
    pub page: u64,
}

impl SupportFilter {
    /// Reads the filter from URL parameters; unreadable values are left out.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        SupportFilter {
            wg: clean_code(get("wg")),
            kind: get("kind").and_then(|k| k.trim().parse().ok()),
            from: parse_day(get("from")),
            to: parse_day(get("to")),
            hub: clean_code(get("hub")),
            page: parse_page(get("page")),
        }
    }

    /// The list's URL (page 1 left out).
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if !self.wg.is_empty() {
            parts.push(format!("wg={}", self.wg));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.as_str()));
        }
        date_parts(&mut parts, self.from, self.to);
        if !self.hub.is_empty() {
            parts.push(format!("hub={}", self.hub));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        href("/rink/support", parts)
    }

    /// The same list at `page`.
    pub fn at_page(&self, page: u64) -> Self {
        SupportFilter {
            page,
            ..self.clone()
        }
    }
}

/// Which fund supports `/funds/supports` lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FundFilter {
    /// The venture's current hub (code), empty for all.
    pub hub: String,
    /// A fund's code, empty for every fund.
    pub fund: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 1-based.
    pub page: u64,
}

impl FundFilter {
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        FundFilter {
            hub: clean_code(get("hub")),
            fund: clean_code(get("fund")),
            from: parse_day(get("from")),
            to: parse_day(get("to")),
            page: parse_page(get("page")),
        }
    }

    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if !self.hub.is_empty() {
            parts.push(format!("hub={}", self.hub));
        }
        if !self.fund.is_empty() {
            parts.push(format!("fund={}", self.fund));
        }
        date_parts(&mut parts, self.from, self.to);
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        href("/funds/supports", parts)
    }

    pub fn at_page(&self, page: u64) -> Self {
        FundFilter {
            page,
            ..self.clone()
        }
    }
}

/// One working group's row of the overview (or "no group": empty code and names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSupport {
    /// The group's code; empty for support outside any group.
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// Counts per year (aligned with [`SupportOverview::years`]).
    pub totals: Vec<u32>,
    /// The kinds with support in the years shown, in [`SupportKind::ALL`] order.
    pub kinds: Vec<KindCounts>,
}

impl GroupSupport {
    /// The `wg` value of its links.
    pub fn wg(&self) -> &str {
        if self.code.is_empty() {
            NO_GROUP
        } else {
            &self.code
        }
    }

    pub fn total(&self) -> u32 {
        self.totals.iter().sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    pub kind: SupportKind,
    /// Per year.
    pub counts: Vec<u32>,
}

/// One hub's fund support per year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubFunds {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// Per year: how many supports, and their total in yen (hands-on only counts with 0 yen).
    pub counts: Vec<u32>,
    pub yen: Vec<i64>,
}

/// The dashboard's support-and-money section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportOverview {
    /// Oldest first.
    pub years: Vec<FiscalYear>,
    /// The hub RINK support is restricted to (code; empty for all hubs).
    pub hub: String,
    /// Every group that is not archived (and an archived one with support in the years), in
    /// the groups' order, then "no group".
    pub groups: Vec<GroupSupport>,
    /// Every hub, in the hubs' order.
    pub hubs: Vec<HubFunds>,
}

impl SupportOverview {
    /// The first and last day of the years shown.
    pub fn range(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.years.first().map(|y| y.start()),
            self.years.last().map(|y| y.end()),
        )
    }

    /// The list behind a RINK support number: group (`None` = every group), kind (`None` =
    /// every kind), year (`None` = every year shown).
    pub fn support_filter(
        &self,
        wg: Option<&str>,
        kind: Option<SupportKind>,
        year: Option<FiscalYear>,
    ) -> SupportFilter {
        let (from, to) = match year {
            Some(y) => (Some(y.start()), Some(y.end())),
            None => self.range(),
        };
        SupportFilter {
            wg: wg.unwrap_or_default().to_string(),
            kind,
            from,
            to,
            hub: self.hub.clone(),
            page: 1,
        }
    }

    /// The list behind a fund-support number: hub (`None` = every hub), year (`None` = every
    /// year shown).
    pub fn fund_filter(&self, hub: Option<&str>, year: Option<FiscalYear>) -> FundFilter {
        let (from, to) = match year {
            Some(y) => (Some(y.start()), Some(y.end())),
            None => self.range(),
        };
        FundFilter {
            hub: hub.unwrap_or_default().to_string(),
            fund: String::new(),
            from,
            to,
            page: 1,
        }
    }

    /// RINK support per year, every group.
    pub fn support_totals(&self) -> Vec<u32> {
        (0..self.years.len())
            .map(|i| self.groups.iter().map(|g| g.totals[i]).sum())
            .collect()
    }

    /// Fund supports per year, every hub: (count, yen).
    pub fn fund_totals(&self) -> Vec<(u32, i64)> {
        (0..self.years.len())
            .map(|i| {
                self.hubs.iter().fold((0u32, 0i64), |(n, y), h| {
                    (n + h.counts[i], y.saturating_add(h.yen[i]))
                })
            })
            .collect()
    }
}

/// A page of `/rink/support`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportRecords {
    pub filter: SupportFilter,
    /// How many records match (all pages).
    pub total: u64,
    pub pages: u64,
    /// Newest first.
    pub rows: Vec<SupportDto>,
    /// The filter's group names (empty for every group or none).
    pub group_name_ja: String,
    pub group_name_en: String,
    pub today: NaiveDate,
}

/// A page of `/funds/supports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundSupportRecords {
    pub filter: FundFilter,
    pub total: u64,
    /// Their amounts added up (all pages).
    pub total_yen: i64,
    pub pages: u64,
    /// Newest first.
    pub rows: Vec<FundSupportDto>,
    pub fund_name_ja: String,
    pub fund_name_en: String,
}

/// The dashboard's support-and-money numbers for `query`'s years (and hub, for RINK support).
#[server(endpoint = "dashboard/support")]
pub async fn get_support_overview(query: DashboardQuery) -> Result<SupportOverview, AppError> {
    use crate::ssr::{auth, dashboard_support, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let today = st.clock.today();
    st.memo
        .get(&st.db, "support", format!("{query:?} {today}"), || {
            dashboard_support::overview(&st.db, &query, today)
        })
        .await
        .map_err(respond)
}

/// The support logs behind a number: `/rink/support?…`.
#[server(endpoint = "dashboard/support_records")]
pub async fn list_support_records(filter: SupportFilter) -> Result<SupportRecords, AppError> {
    use crate::ssr::{auth, dashboard_support, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    dashboard_support::support_records(&st.db, &filter, st.clock.today())
        .await
        .map_err(respond)
}

/// The fund supports behind a number: `/funds/supports?…`.
#[server(endpoint = "dashboard/fund_records")]
pub async fn list_fund_records(filter: FundFilter) -> Result<FundSupportRecords, AppError> {
    use crate::ssr::{auth, dashboard_support, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    dashboard_support::fund_records(&st.db, &filter)
        .await
        .map_err(respond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn five_years_up_to_the_current_one_by_default() {
        let years = shown_years(&DashboardQuery::default(), d("2026-11-25"));
        assert_eq!(years.first(), Some(&FiscalYear(2022)));
        assert_eq!(years.last(), Some(&FiscalYear(2026)));
        // 31 March is still the previous fiscal year.
        let years = shown_years(&DashboardQuery::default(), d("2026-03-31"));
        assert_eq!(years.last(), Some(&FiscalYear(2025)));
        let q = DashboardQuery {
            fy_from: Some(FiscalYear(2024)),
            fy_to: Some(FiscalYear(2025)),
            ..Default::default()
        };
        assert_eq!(
            shown_years(&q, d("2026-11-25")),
            vec![FiscalYear(2024), FiscalYear(2025)]
        );
        let only_to = DashboardQuery {
            fy_to: Some(FiscalYear(2021)),
            ..Default::default()
        };
        assert_eq!(shown_years(&only_to, d("2026-11-25")).len(), 5);
        let later = DashboardQuery {
            fy_from: Some(FiscalYear(2030)),
            ..Default::default()
        };
        assert_eq!(shown_years(&later, d("2026-11-25")), vec![FiscalYear(2030)]);
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = SupportFilter {
            wg: "none".into(),
            kind: Some(SupportKind::Matching),
            from: Some(d("2025-04-01")),
            to: Some(d("2026-03-31")),
            hub: "ksp".into(),
            page: 2,
        };
        let url = f.href();
        assert_eq!(
            url,
            "/rink/support?wg=none&kind=matching&from=2025-04-01&to=2026-03-31&hub=ksp&page=2"
        );
        let m: HashMap<String, String> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        assert_eq!(SupportFilter::from_pairs(|k| m.get(k).cloned()), f);
        let bad = SupportFilter::from_pairs(|k| {
            Some(match k {
                "wg" => "<x>".into(),
                "kind" => "magic".into(),
                "from" => "2025/4/1".into(),
                _ => "0".into(),
            })
        });
        assert_eq!(bad.wg, "");
        assert_eq!(bad.kind, None);
        assert_eq!(bad.from, None);
        assert_eq!(bad.page, 1);
        let g = FundFilter {
            hub: "shonan".into(),
            fund: String::new(),
            from: Some(d("2024-04-01")),
            to: None,
            page: 1,
        };
        assert_eq!(g.href(), "/funds/supports?hub=shonan&from=2024-04-01");
    }
}
