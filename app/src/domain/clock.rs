//! Japanese "today" and a clock that tests can set.
//!
//! Japan has no daylight-saving time, so Japan Standard Time is the fixed offset +09:00 and no
//! time-zone database is needed. "Today", "overdue" and the two-year rule all use the date in
//! Japan, whatever the server's or the browser's own time zone is.

use super::validation::{FieldError, ToFieldError};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use std::sync::{Arc, RwLock};

/// Japan Standard Time's offset from UTC, in seconds (+09:00).
pub const JST_OFFSET_SECONDS: i32 = 9 * 3600;

/// Japan Standard Time as a chrono offset.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(JST_OFFSET_SECONDS).expect("+09:00 is a valid offset")
}

/// The instant seen on a clock in Japan.
pub fn to_japan(now: DateTime<Utc>) -> DateTime<FixedOffset> {
    now.with_timezone(&jst())
}

/// The calendar date in Japan at `now` (2026-03-31T15:00:00Z is 2026-04-01 in Japan).
pub fn today_in_japan(now: DateTime<Utc>) -> NaiveDate {
    to_japan(now).date_naive()
}

/// The UTC instant at which `date` begins in Japan (00:00 JST = 15:00 UTC the day before).
pub fn start_of_day_in_japan(date: NaiveDate) -> DateTime<Utc> {
    jst()
        .from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&Utc)
}

/// Returned by [`Clock::set`] and [`Clock::advance`] on the system clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system clock cannot be set")]
pub struct SystemClockError;

impl ToFieldError for SystemClockError {
    /// Code `clock.not_settable` (a programming error rather than user input).
    fn field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, "clock.not_settable")
    }
}

/// Where "now" comes from: the system clock, or a fixed instant that tests control.
///
/// Clones of a fixed clock share one instant, so a test can keep a clone and move the time of
/// the server that holds the other one.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    fixed: Option<Arc<RwLock<DateTime<Utc>>>>,
}

impl Clock {
    /// The real time (the default).
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that always answers `at` until it is [`set`](Self::set) or advanced.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(RwLock::new(at))),
        }
    }

    /// A fixed clock at noon in Japan on `date` (so that `today()` is `date`).
    pub fn fixed_on(date: NaiveDate) -> Self {
        Self::fixed(start_of_day_in_japan(date) + TimeDelta::hours(12))
    }

    /// Whether this clock is fixed.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.read().unwrap_or_else(|poisoned| poisoned.into_inner()),
            None => Utc::now(),
        }
    }

    /// Today's date in Japan.
    pub fn today(&self) -> NaiveDate {
        today_in_japan(self.now())
    }

    /// Moves a fixed clock (and all its clones) to `at`.
    pub fn set(&self, at: DateTime<Utc>) -> Result<(), SystemClockError> {
        let cell = self.fixed.as_ref().ok_or(SystemClockError)?;
        *cell
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
        Ok(())
    }

    /// Moves a fixed clock forwards (or backwards, with a negative delta) by `by`.
    pub fn advance(&self, by: TimeDelta) -> Result<(), SystemClockError> {
        let cell = self.fixed.as_ref().ok_or(SystemClockError)?;
        let mut at = cell
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *at += by;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn japan_date_changes_at_15_utc() {
        assert_eq!(today_in_japan(utc("2026-03-31T14:59:59Z")), d(2026, 3, 31));
        assert_eq!(today_in_japan(utc("2026-03-31T15:00:00Z")), d(2026, 4, 1));
        assert_eq!(today_in_japan(utc("2025-12-31T15:00:00Z")), d(2026, 1, 1));
    }

    #[test]
    fn start_of_japanese_day_is_previous_utc_day() {
        assert_eq!(
            start_of_day_in_japan(d(2026, 4, 1)),
            utc("2026-03-31T15:00:00Z")
        );
        assert_eq!(
            to_japan(utc("2026-03-31T15:00:00Z")).to_rfc3339(),
            "2026-04-01T00:00:00+09:00"
        );
    }

    #[test]
    fn fixed_clock_is_shared_between_clones_and_settable() {
        let clock = Clock::fixed(utc("2026-03-31T14:00:00Z"));
        let held_by_server = clock.clone();
        assert!(clock.is_fixed());
        assert_eq!(held_by_server.today(), d(2026, 3, 31));
        clock.advance(TimeDelta::hours(1)).unwrap();
        assert_eq!(held_by_server.now(), utc("2026-03-31T15:00:00Z"));
        assert_eq!(held_by_server.today(), d(2026, 4, 1));
        clock.set(utc("2030-01-01T00:00:00Z")).unwrap();
        assert_eq!(held_by_server.today(), d(2030, 1, 1));
    }

    #[test]
    fn fixed_on_gives_that_japanese_date() {
        for date in [d(2024, 2, 29), d(2026, 1, 1), d(2026, 12, 31)] {
            assert_eq!(Clock::fixed_on(date).today(), date);
        }
    }

    #[test]
    fn system_clock_cannot_be_set_and_tracks_real_time() {
        let clock = Clock::default();
        assert!(!clock.is_fixed());
        assert_eq!(clock.set(Utc::now()), Err(SystemClockError));
        assert_eq!(clock.advance(TimeDelta::days(1)), Err(SystemClockError));
        assert_eq!(
            SystemClockError.field_error("now").code,
            "clock.not_settable"
        );
        let before = Utc::now();
        let now = clock.now();
        assert!(now >= before && now - before < TimeDelta::seconds(60));
    }
}
