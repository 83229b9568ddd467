//! The leadership dashboard's view state (`/dashboard?…`): which hub, whether the funnel counts
//! ventures or programs, which modality and which fiscal-year range. Every filter lives in the
//! URL, so a link reproduces the view; [`DashboardQuery::from_pairs`] reads it back, tolerating
//! anything a hand-edited URL may hold (unknown values fall back to "all").
//!
//! The fiscal-year range selects a **cohort**: the ventures founded (起業) in those years, and
//! their programs. The funnel then shows how far that cohort has come. No range means every
//! venture, including those whose founding date is unknown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal::FiscalYear;
use super::venture::Modality;

code_enum! {
    /// What the funnel counts.
    #[derive(Default)]
    pub enum FunnelUnit ("funnel_unit") {
        /// A venture counts at a stage once its most advanced program has reached it.
        #[default]
        Ventures = "ventures",
        /// Each program counts on its own.
        Programs = "programs",
    }
}

/// The earliest and latest fiscal years a URL may ask for (wider values are ignored).
pub const FIRST_FY: i32 = 1990;
pub const LAST_FY: i32 = 2100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardQuery {
    /// Hub code (tonomachi, shonan, ksp, elsewhere), or empty for all hubs.
    pub hub: String,
    pub unit: FunnelUnit,
    pub modality: Option<Modality>,
    /// First fiscal year of the founding cohort (inclusive).
    pub fy_from: Option<FiscalYear>,
    /// Last fiscal year of the founding cohort (inclusive).
    pub fy_to: Option<FiscalYear>,
}

fn parse_fy(s: Option<String>) -> Option<FiscalYear> {
    let s = s?;
    let digits: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let y: i32 = digits.trim_start_matches("FY").parse().ok()?;
    (FIRST_FY..=LAST_FY).contains(&y).then_some(FiscalYear(y))
}

impl DashboardQuery {
    /// Reads the view from URL parameters (`get("hub")` …). A reversed range is put in order.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let hub = get("hub")
            .map(|h| h.trim().to_string())
            .filter(|h| h.len() <= 40 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or_default();
        let unit = get("unit")
            .and_then(|u| u.parse::<FunnelUnit>().ok())
            .unwrap_or_default();
        let modality = get("modality").and_then(|m| m.parse::<Modality>().ok());
        let mut fy_from = parse_fy(get("fy_from"));
        let mut fy_to = parse_fy(get("fy_to"));
        if let (Some(a), Some(b)) = (fy_from, fy_to) {
            if a > b {
                (fy_from, fy_to) = (Some(b), Some(a));
            }
        }
        DashboardQuery {
            hub,
            unit,
            modality,
            fy_from,
            fy_to,
        }
    }

    /// `hub=ksp&unit=programs&…`: the non-default filters, in a fixed order (empty when none).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.hub.is_empty() {
            parts.push(format!("hub={}", self.hub));
        }
        if self.unit != FunnelUnit::default() {
            parts.push(format!("unit={}", self.unit.as_str()));
        }
        if let Some(m) = self.modality {
            parts.push(format!("modality={}", m.as_str()));
        }
        if let Some(fy) = self.fy_from {
            parts.push(format!("fy_from={}", fy.0));
        }
        if let Some(fy) = self.fy_to {
            parts.push(format!("fy_to={}", fy.0));
        }
        parts.join("&")
    }

    /// The dashboard's URL for this view.
    pub fn href(&self) -> String {
        self.href_at("/dashboard")
    }

    /// `path` with this view's filters appended (`/dashboard/export/funnel.csv?…`).
    pub fn href_at(&self, path: &str) -> String {
        let qs = self.query_string();
        if qs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{qs}")
        }
    }

    /// The founding-date bounds of the cohort (inclusive): 1 April of `fy_from`, 31 March after
    /// `fy_to`.
    pub fn founded_range(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.fy_from.map(FiscalYear::start),
            self.fy_to.map(FiscalYear::end),
        )
    }

    /// Whether the founding cohort is restricted (ventures without a founding date then drop out).
    pub fn has_range(&self) -> bool {
        self.fy_from.is_some() || self.fy_to.is_some()
    }

    /// The same view with another hub (`""` for all hubs).
    pub fn with_hub(&self, hub: &str) -> Self {
        DashboardQuery {
            hub: hub.to_string(),
            ..self.clone()
        }
    }

    /// The same view counting `unit`.
    pub fn with_unit(&self, unit: FunnelUnit) -> Self {
        DashboardQuery {
            unit,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn q(pairs: &[(&str, &str)]) -> DashboardQuery {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        DashboardQuery::from_pairs(|k| m.get(k).cloned())
    }

    #[test]
    fn round_trips_through_the_url() {
        let view = q(&[
            ("hub", "ksp"),
            ("unit", "programs"),
            ("modality", "cell_therapy"),
            ("fy_from", "2021"),
            ("fy_to", "2025"),
        ]);
        assert_eq!(
            view.href(),
            "/dashboard?hub=ksp&unit=programs&modality=cell_therapy&fy_from=2021&fy_to=2025"
        );
        let pairs: Vec<(String, String)> = view
            .query_string()
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        let m: HashMap<_, _> = pairs.into_iter().collect();
        assert_eq!(DashboardQuery::from_pairs(|k| m.get(k).cloned()), view);
    }

    #[test]
    fn defaults_and_bad_values_fall_back_to_all() {
        assert_eq!(q(&[]).href(), "/dashboard");
        let view = q(&[
            ("hub", "<script>"),
            ("unit", "dogs"),
            ("modality", "magic"),
            ("fy_from", "20x1"),
            ("fy_to", "99999"),
        ]);
        assert_eq!(view, DashboardQuery::default());
    }

    #[test]
    fn a_reversed_range_is_put_in_order_and_full_width_digits_are_read() {
        let view = q(&[("fy_from", "２０２５"), ("fy_to", "FY2021")]);
        assert_eq!(view.fy_from, Some(FiscalYear(2021)));
        assert_eq!(view.fy_to, Some(FiscalYear(2025)));
        assert_eq!(
            view.founded_range(),
            (
                NaiveDate::from_ymd_opt(2021, 4, 1),
                NaiveDate::from_ymd_opt(2026, 3, 31)
            )
        );
        assert!(view.has_range());
    }
}
