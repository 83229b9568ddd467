//! Helpers shared by the demo data set and the scale generator.

use anyhow::{anyhow, bail, Context};
use app::domain::corporate_number::{check_digit, CorporateNumber};
use app::domain::stage::DatePrecision;
use app::domain::text::duplicate_key;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable};

/// Most bound parameters per INSERT statement (SQLite allows 32,766).
const MAX_PARAMS: usize = 30_000;

/// Rows per INSERT statement.
pub const CHUNK_ROWS: usize = 500;

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` into a date and its precision (the first day of
/// the month or year for the coarser forms).
pub fn parse_date(s: &str) -> anyhow::Result<(NaiveDate, DatePrecision)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| -> anyhow::Result<u32> {
        p.parse::<u32>()
            .with_context(|| format!("bad date {s:?} in the seed data"))
    };
    let (y, m, d, precision) = match parts.as_slice() {
        [y] => (num(y)?, 1, 1, DatePrecision::Year),
        [y, m] => (num(y)?, num(m)?, 1, DatePrecision::Month),
        [y, m, d] => (num(y)?, num(m)?, num(d)?, DatePrecision::Day),
        _ => bail!("bad date {s:?} in the seed data"),
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| anyhow!("bad date {s:?} in the seed data"))?;
    Ok((date, precision))
}

/// A day-precision date from the seed tables (`YYYY-MM-DD`).
pub fn day(s: &str) -> anyhow::Result<NaiveDate> {
    match parse_date(s)? {
        (date, DatePrecision::Day) => Ok(date),
        _ => bail!("{s:?} must be a full date (YYYY-MM-DD)"),
    }
}

/// An optional full date.
pub fn opt_day(s: Option<&str>) -> anyhow::Result<Option<NaiveDate>> {
    s.map(day).transpose()
}

/// The UTC instant of `hour:minute` Japan time on `date`.
pub fn jst(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let t = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
    (date.and_time(t) - TimeDelta::hours(9)).and_utc()
}

/// A valid corporate number from its twelve-digit body (the check digit is computed with the
/// domain's function and the result validated by the domain's parser).
pub fn corporate_number(body: &str) -> anyhow::Result<String> {
    let bytes = body.as_bytes();
    if bytes.len() != 12 || !bytes.iter().all(u8::is_ascii_digit) {
        bail!("corporate number body {body:?} must have 12 digits");
    }
    let mut digits = [0u8; 12];
    for (slot, b) in digits.iter_mut().zip(bytes) {
        *slot = b - b'0';
    }
    let number = format!("{}{body}", check_digit(&digits));
    CorporateNumber::parse(&number)
        .map(String::from)
        .map_err(|e| anyhow!("corporate number {number}: {e}"))
}

/// `ventures.name_key`.
pub fn name_key(name_ja: &str) -> String {
    duplicate_key(name_ja)
}

/// `ventures.search_text`: the search keys of the Japanese name, the English name and the
/// reading, separated by spaces (so a search never matches across two of them).
pub fn search_text(name_ja: &str, name_en: &str, name_kana: &str) -> String {
    app::domain::venture::venture_search_text(name_ja, name_en, name_kana)
}

/// Inserts `rows` with multi-row INSERTs (at most [`CHUNK_ROWS`] rows and [`MAX_PARAMS`]
/// parameters each). Returns the number of rows.
pub async fn insert_all<A, C>(c: &C, rows: Vec<A>) -> anyhow::Result<usize>
where
    A: ActiveModelTrait,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let total = rows.len();
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter()
        .count()
        .max(1);
    let per_chunk = (MAX_PARAMS / columns).clamp(1, CHUNK_ROWS);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_chunk).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(c)
            .await
            .with_context(|| {
                format!(
                    "inserting into {}",
                    sea_orm::EntityName::table_name(&<A::Entity as Default>::default())
                )
            })?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_precision() {
        let (d, p) = parse_date("2015-09-18").unwrap();
        assert_eq!(
            (d.to_string(), p),
            ("2015-09-18".into(), DatePrecision::Day)
        );
        let (d, p) = parse_date("2016-05").unwrap();
        assert_eq!(
            (d.to_string(), p),
            ("2016-05-01".into(), DatePrecision::Month)
        );
        let (d, p) = parse_date("2008").unwrap();
        assert_eq!(
            (d.to_string(), p),
            ("2008-01-01".into(), DatePrecision::Year)
        );
        assert!(parse_date("2015-02-30").is_err());
        assert!(day("2015-02").is_err());
    }

    #[test]
    fn corporate_numbers_validate() {
        assert_eq!(corporate_number("000012050002").unwrap(), "7000012050002");
        assert!(corporate_number("12345").is_err());
    }

    #[test]
    fn japan_time() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        assert_eq!(jst(d, 9, 0).to_rfc3339(), "2026-04-01T00:00:00+00:00");
        assert_eq!(jst(d, 0, 0).to_rfc3339(), "2026-03-31T15:00:00+00:00");
    }

    #[test]
    fn search_text_joins_keys() {
        assert_eq!(
            search_text("株式会社セルポート", "CellPort Inc.", "セルポート"),
            "株式会社セルポート cellportinc セルポート"
        );
    }
}
