//! Amounts of money in integer yen, Japanese and English formatting, and lenient parsing.
//!
//! Formatting rules:
//! - [`Yen::format_ja`] is exact: the amount is split into 兆 / 億 / 万 / units, zero groups are
//!   left out and each group keeps thousands separators: `1億2,345万6,789円`, `5,000万円`,
//!   `3億円`, `1,234円`, `0円`. No rounding ever happens there.
//! - [`Yen::format_ja_man`] is for dense tables and charts: amounts of 1万円 or more are rounded
//!   to the nearest 万円 (half away from zero, so 1億2,345万5,000円 → `1億2,346万円`); smaller
//!   amounts are shown exactly.
//! - [`Yen::format_en`] is exact: `¥123,456,789`.
//! - Negative amounts (differences only; stored amounts are never negative) get a leading `-`.

use super::validation::{FieldError, ToFieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount in yen (integer; no sen).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Yen(pub i64);

/// Why an amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was entered.
    #[error("amount is empty")]
    Empty,
    /// Not a number we understand.
    #[error("amount is not a number")]
    NotANumber,
    /// Below zero.
    #[error("amount may not be negative")]
    Negative,
    /// Above [`Yen::MAX`].
    #[error("amount may not exceed 1兆円")]
    TooLarge,
    /// Would need a fraction of a yen (`0.5円`, `1.23456万`).
    #[error("amount must be a whole number of yen")]
    Fraction,
}

impl ToFieldError for MoneyError {
    /// Codes `money.empty`, `money.not_a_number`, `money.negative`, `money.too_large`
    /// (param `max`), `money.fraction`.
    fn field_error(&self, field: &str) -> FieldError {
        match self {
            Self::Empty => FieldError::new(field, "money.empty"),
            Self::NotANumber => FieldError::new(field, "money.not_a_number"),
            Self::Negative => FieldError::new(field, "money.negative"),
            Self::TooLarge => {
                FieldError::new(field, "money.too_large").with_param("max", Yen::MAX.0)
            }
            Self::Fraction => FieldError::new(field, "money.fraction"),
        }
    }
}

const MAN: u64 = 10_000;
const OKU: u64 = 100_000_000;
const CHO: u64 = 1_000_000_000_000;

impl Yen {
    /// Zero yen.
    pub const ZERO: Yen = Yen(0);
    /// The largest amount accepted anywhere: 1兆円 (the database CHECK uses the same bound).
    pub const MAX: Yen = Yen(1_000_000_000_000);

    /// `amount` if it is within 0 ..= [`Yen::MAX`].
    pub fn new_checked(amount: i64) -> Result<Self, MoneyError> {
        if amount < 0 {
            Err(MoneyError::Negative)
        } else if amount > Self::MAX.0 {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Yen(amount))
        }
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Yen) -> Option<Yen> {
        self.0.checked_add(other.0).map(Yen)
    }

    /// Exact Japanese form: `1億2,345万6,789円`, `5,000万円`, `0円`.
    pub fn format_ja(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}円", japanese_groups(self.0.unsigned_abs()))
    }

    /// Japanese form rounded to 万円 (half away from zero) from 1万円 up; exact below.
    pub fn format_ja_man(self) -> String {
        let abs = self.0.unsigned_abs();
        if abs < MAN {
            return self.format_ja();
        }
        let rounded = (abs + MAN / 2) / MAN * MAN;
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}円", japanese_groups(rounded))
    }

    /// Exact English form: `¥123,456,789`.
    pub fn format_en(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}¥{}", group_thousands(self.0.unsigned_abs()))
    }
}

impl fmt::Display for Yen {
    /// The English form, `¥123,456,789`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_en())
    }
}

impl FromStr for Yen {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_yen(s)
    }
}

/// `1234567` → `1,234,567`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `123456789` → `1億2,345万6,789`; zero groups omitted; `0` for zero.
fn japanese_groups(n: u64) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let mut out = String::new();
    let mut rest = n;
    for (unit, name) in [(CHO, "兆"), (OKU, "億"), (MAN, "万")] {
        let q = rest / unit;
        if q > 0 {
            out.push_str(&group_thousands(q));
            out.push_str(name);
        }
        rest %= unit;
    }
    if rest > 0 {
        out.push_str(&group_thousands(rest));
    }
    out
}

/// Parses what people type for an amount of yen.
///
/// Accepted: ASCII or full-width digits; thousands separators (`,` `，`) in groups of three;
/// a decimal point (`.` `．`) when the result is still a whole number of yen; the units
/// 兆 / 億 / 万 (in decreasing order) and 千 / 百 before them or alone (`5千万`, `12,345千円`,
/// `1,234百万円`); an optional leading `¥`/`￥` and trailing `円`; spaces anywhere.
/// Examples: `1,000,000`, `５０００万`, `1.5億` = 150,000,000, `1億2,345万6,789円`.
///
/// Refused: empty input, a leading `-`/`−`/`▲` (negative), amounts above [`Yen::MAX`],
/// fractions of a yen, and anything else ([`MoneyError::NotANumber`]).
pub fn parse_yen(input: &str) -> Result<Yen, MoneyError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '￥' => '¥',
            _ => c,
        })
        .collect();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let mut s = s.as_str();
    if let Some(rest) = s.strip_prefix('¥') {
        s = rest;
    }
    if let Some(rest) = s.strip_prefix(['-', '−', '－', '▲', '△']) {
        let rest = rest.strip_prefix('¥').unwrap_or(rest);
        // Only call it negative when what follows is otherwise an amount.
        return match parse_unsigned(rest) {
            Ok(0) => Ok(Yen::ZERO),
            Ok(_) | Err(MoneyError::TooLarge) => Err(MoneyError::Negative),
            Err(e) => Err(e),
        };
    }
    if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    parse_unsigned(s).map(|v| Yen(v as i64))
}

/// Parses `[number [千|百]]…[兆|億|万]…[円]` into yen, checking bounds and fractions.
fn parse_unsigned(s: &str) -> Result<u64, MoneyError> {
    let s = s.strip_suffix('円').unwrap_or(s);
    if s.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    // Exact fixed-point arithmetic: every value is held in units of 10^-SCALE yen (SCALE = 18
    // covers any decimal that can still end up a whole number of yen, since the largest
    // multiplier is 10^15); fractions of a yen show up as a remainder at the end.
    let mut total: u128 = 0;
    let mut section: u128 = 0; // value (in yen × 10^SCALE) of the current 万/億/兆 section
    let mut last_big = u64::MAX; // big units must decrease
    let mut last_small = u64::MAX; // small units must decrease within a section
    let mut pending: Option<Decimal> = None;
    const SCALE: u32 = 18;
    let pow = 10u128.pow(SCALE);
    let limit = u128::from(Yen::MAX.0 as u64) * pow;

    let mut rest = s;
    while !rest.is_empty() {
        let c = rest.chars().next().expect("non-empty");
        if c.is_ascii_digit() || c == '.' {
            if pending.is_some() {
                return Err(MoneyError::NotANumber);
            }
            let end = rest
                .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == ','))
                .unwrap_or(rest.len());
            pending = Some(Decimal::parse(&rest[..end])?);
            rest = &rest[end..];
            continue;
        }
        let small = match c {
            '千' => Some(1_000u64),
            '百' => Some(100u64),
            _ => None,
        };
        let big = match c {
            '兆' => Some(CHO),
            '億' => Some(OKU),
            '万' => Some(MAN),
            _ => None,
        };
        if let Some(unit) = small {
            let number = pending.take().unwrap_or(Decimal::ONE);
            if unit >= last_small {
                return Err(MoneyError::NotANumber);
            }
            last_small = unit;
            section = section
                .checked_add(number.scaled(SCALE)? * u128::from(unit))
                .ok_or(MoneyError::TooLarge)?;
        } else if let Some(unit) = big {
            if unit >= last_big {
                return Err(MoneyError::NotANumber);
            }
            if let Some(number) = pending.take() {
                section = section
                    .checked_add(number.scaled(SCALE)?)
                    .ok_or(MoneyError::TooLarge)?;
            } else if last_small == u64::MAX {
                // A unit with no number before it (`万円`).
                return Err(MoneyError::NotANumber);
            }
            last_big = unit;
            last_small = u64::MAX;
            total = section
                .checked_mul(u128::from(unit))
                .and_then(|v| total.checked_add(v))
                .ok_or(MoneyError::TooLarge)?;
            section = 0;
        } else {
            return Err(MoneyError::NotANumber);
        }
        if total > limit.saturating_mul(10) {
            return Err(MoneyError::TooLarge);
        }
        rest = &rest[c.len_utf8()..];
    }
    if let Some(number) = pending.take() {
        section = section
            .checked_add(number.scaled(SCALE)?)
            .ok_or(MoneyError::TooLarge)?;
    }
    total = total.checked_add(section).ok_or(MoneyError::TooLarge)?;
    if !total.is_multiple_of(pow) {
        return Err(MoneyError::Fraction);
    }
    let yen = total / pow;
    if yen > u128::from(Yen::MAX.0 as u64) {
        return Err(MoneyError::TooLarge);
    }
    Ok(yen as u64)
}

/// A non-negative decimal number `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy)]
struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// `1,234.5` style: digits with optional well-formed thousands separators and at most one
    /// decimal point.
    fn parse(s: &str) -> Result<Self, MoneyError> {
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        if int_part.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if int_part.contains(',') {
            let mut groups = int_part.split(',');
            let first = groups.next().unwrap_or("");
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return Err(MoneyError::NotANumber);
            }
        }
        let mut digits: String = int_part.chars().filter(|&c| c != ',').collect();
        let mut scale = 0;
        if let Some(frac) = frac_part {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MoneyError::NotANumber);
            }
            let frac = frac.trim_end_matches('0');
            digits.push_str(frac);
            scale = frac.len() as u32;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        let digits = digits.trim_start_matches('0');
        if digits.len() > 30 {
            return Err(if scale as usize >= digits.len() {
                MoneyError::Fraction
            } else {
                MoneyError::TooLarge
            });
        }
        let mantissa = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| MoneyError::NotANumber)?
        };
        Ok(Decimal { mantissa, scale })
    }

    /// The value × 10^target (exact when `scale <= target`).
    fn scaled(self, target: u32) -> Result<u128, MoneyError> {
        if self.scale > target {
            return Err(MoneyError::Fraction);
        }
        self.mantissa
            .checked_mul(10u128.pow(target - self.scale))
            .ok_or(MoneyError::TooLarge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_format_is_exact() {
        assert_eq!(Yen(123_456_789).format_ja(), "1億2,345万6,789円");
        assert_eq!(Yen(50_000_000).format_ja(), "5,000万円");
        assert_eq!(Yen(300_000_000).format_ja(), "3億円");
        assert_eq!(Yen(1_234).format_ja(), "1,234円");
        assert_eq!(Yen(0).format_ja(), "0円");
        assert_eq!(Yen(10_000).format_ja(), "1万円");
        assert_eq!(Yen(100_000_001).format_ja(), "1億1円");
        assert_eq!(Yen(1_000_000_000_000).format_ja(), "1兆円");
        assert_eq!(Yen(1_234_500_000_000).format_ja(), "1兆2,345億円");
        assert_eq!(Yen(-15_000).format_ja(), "-1万5,000円");
        assert_eq!(Yen(i64::MIN).format_ja(), "-9,223,372兆368億5,477万5,808円");
    }

    #[test]
    fn man_rounding() {
        assert_eq!(Yen(123_454_999).format_ja_man(), "1億2,345万円");
        assert_eq!(Yen(123_455_000).format_ja_man(), "1億2,346万円");
        assert_eq!(Yen(99_995_000).format_ja_man(), "1億円");
        assert_eq!(Yen(9_999).format_ja_man(), "9,999円");
        assert_eq!(Yen(15_000).format_ja_man(), "2万円");
        assert_eq!(Yen(-15_000).format_ja_man(), "-2万円");
    }

    #[test]
    fn english_format() {
        assert_eq!(Yen(123_456_789).format_en(), "¥123,456,789");
        assert_eq!(Yen(999).format_en(), "¥999");
        assert_eq!(Yen(1_000).format_en(), "¥1,000");
        assert_eq!(Yen(0).to_string(), "¥0");
        assert_eq!(Yen(-1_000).format_en(), "-¥1,000");
    }

    #[test]
    fn parses_plain_and_grouped_numbers() {
        assert_eq!(parse_yen("1,000,000"), Ok(Yen(1_000_000)));
        assert_eq!(parse_yen("１，０００，０００"), Ok(Yen(1_000_000)));
        assert_eq!(parse_yen("１２３４"), Ok(Yen(1_234)));
        assert_eq!(parse_yen(" ¥12,345 "), Ok(Yen(12_345)));
        assert_eq!(parse_yen("￥12345円"), Ok(Yen(12_345)));
        assert_eq!(parse_yen("0"), Ok(Yen(0)));
        assert_eq!(parse_yen("100.00"), Ok(Yen(100)));
        assert_eq!("2,500".parse::<Yen>(), Ok(Yen(2_500)));
    }

    #[test]
    fn parses_japanese_units_exactly() {
        assert_eq!(parse_yen("5000万"), Ok(Yen(50_000_000)));
        assert_eq!(parse_yen("５，０００万円"), Ok(Yen(50_000_000)));
        assert_eq!(parse_yen("1.5億"), Ok(Yen(150_000_000)));
        assert_eq!(parse_yen("3億円"), Ok(Yen(300_000_000)));
        assert_eq!(parse_yen("1億2,345万6,789円"), Ok(Yen(123_456_789)));
        assert_eq!(parse_yen("1億 5000万"), Ok(Yen(150_000_000)));
        assert_eq!(parse_yen("1兆"), Ok(Yen(1_000_000_000_000)));
        assert_eq!(parse_yen("5千万円"), Ok(Yen(50_000_000)));
        assert_eq!(parse_yen("12,345千円"), Ok(Yen(12_345_000)));
        assert_eq!(parse_yen("1,234百万円"), Ok(Yen(1_234_000_000)));
        assert_eq!(parse_yen("1.23456万"), Err(MoneyError::Fraction));
        assert_eq!(parse_yen("1.2345万"), Ok(Yen(12_345)));
        assert_eq!(parse_yen("0.00000001億"), Ok(Yen(1)));
        assert_eq!(parse_yen("0.000000001億"), Err(MoneyError::Fraction));
    }

    #[test]
    fn refusals() {
        assert_eq!(parse_yen(""), Err(MoneyError::Empty));
        assert_eq!(parse_yen("   "), Err(MoneyError::Empty));
        assert_eq!(parse_yen("-100"), Err(MoneyError::Negative));
        assert_eq!(parse_yen("▲5,000万"), Err(MoneyError::Negative));
        assert_eq!(parse_yen("−1"), Err(MoneyError::Negative));
        assert_eq!(parse_yen("-¥1,000"), Err(MoneyError::Negative));
        assert_eq!(parse_yen("¥-1,000"), Err(MoneyError::Negative));
        assert_eq!(parse_yen("-0"), Ok(Yen::ZERO));
        assert_eq!(parse_yen("-abc"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1,000,000,000,001"), Err(MoneyError::TooLarge));
        assert_eq!(parse_yen("1兆1"), Err(MoneyError::TooLarge));
        assert_eq!(parse_yen("2兆"), Err(MoneyError::TooLarge));
        assert_eq!(
            parse_yen("99999999999999999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(parse_yen("1000000億"), Err(MoneyError::TooLarge));
        assert_eq!(parse_yen("0.5"), Err(MoneyError::Fraction));
        assert_eq!(parse_yen("1,000.5円"), Err(MoneyError::Fraction));
        assert_eq!(parse_yen("abc"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1,00"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1,0000"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen(",100"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1万2億"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1万万"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("万円"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("円"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("1e6"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen(".5万"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yen("5.万"), Err(MoneyError::NotANumber));
    }

    #[test]
    fn bounds_and_field_errors() {
        assert_eq!(Yen::new_checked(Yen::MAX.0), Ok(Yen::MAX));
        assert_eq!(Yen::new_checked(Yen::MAX.0 + 1), Err(MoneyError::TooLarge));
        assert_eq!(Yen::new_checked(-1), Err(MoneyError::Negative));
        assert_eq!(parse_yen("1,000,000,000,000"), Ok(Yen::MAX));
        let e = MoneyError::TooLarge.field_error("amount_yen");
        assert_eq!(e.code, "money.too_large");
        assert_eq!(e.param("max"), Some("1000000000000"));
        assert_eq!(Yen(7).checked_add(Yen(i64::MAX)), None);
        assert_eq!(serde_json::to_string(&Yen(5)).unwrap(), "5");
    }

    #[test]
    fn format_and_parse_round_trip() {
        for v in [
            0,
            1,
            9_999,
            10_000,
            12_345_678,
            100_000_001,
            123_456_789,
            1_000_000_000_000,
        ] {
            assert_eq!(parse_yen(&Yen(v).format_ja()), Ok(Yen(v)), "{v}");
            assert_eq!(parse_yen(&Yen(v).format_en()), Ok(Yen(v)), "{v}");
        }
    }
}
