//! Japanese corporate numbers (法人番号).
//!
//! A corporate number has 13 digits; the first is a check digit over the other twelve:
//! `9 − (Σ_{n=1..12} P_n × Q_n mod 9)`, where P_n is the n-th of the twelve digits counted
//! from the right and Q_n is 1 for odd n, 2 for even n. `7000012050002` (the National Tax
//! Agency's own number) is valid.
//!
//! User input is normalised first: full-width digits (`０`–`９`) become ASCII, and spaces and
//! hyphen-like separators (ASCII, full-width, dashes, minus sign, the long-vowel mark `ー`
//! that Japanese IMEs produce for `-`) are removed.

use super::validation::{FieldError, ToFieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a corporate number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CorporateNumberError {
    /// Nothing but spaces and separators.
    #[error("corporate number is empty")]
    Empty,
    /// Contains something other than digits and separators.
    #[error("corporate number may contain only digits")]
    NotDigits,
    /// Not 13 digits (the number of digits found).
    #[error("corporate number must have 13 digits, not {0}")]
    WrongLength(usize),
    /// The first digit does not match the other twelve.
    #[error("corporate number check digit does not match")]
    CheckDigit,
}

impl ToFieldError for CorporateNumberError {
    /// Codes `corporate_number.empty`, `.not_digits`, `.wrong_length` (params `expected`,
    /// `length`) and `.check_digit`.
    fn field_error(&self, field: &str) -> FieldError {
        match self {
            Self::Empty => FieldError::new(field, "corporate_number.empty"),
            Self::NotDigits => FieldError::new(field, "corporate_number.not_digits"),
            Self::WrongLength(n) => FieldError::new(field, "corporate_number.wrong_length")
                .with_param("expected", CorporateNumber::LEN)
                .with_param("length", n),
            Self::CheckDigit => FieldError::new(field, "corporate_number.check_digit"),
        }
    }
}

/// A valid 13-digit corporate number (ASCII digits only).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CorporateNumber(String);

impl CorporateNumber {
    /// Number of digits.
    pub const LEN: usize = 13;

    /// Normalises and validates user input.
    pub fn parse(input: &str) -> Result<Self, CorporateNumberError> {
        let digits = normalize_corporate_number(input);
        if digits.is_empty() {
            return Err(CorporateNumberError::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CorporateNumberError::NotDigits);
        }
        if digits.len() != Self::LEN {
            return Err(CorporateNumberError::WrongLength(digits.len()));
        }
        let bytes = digits.as_bytes();
        let mut body = [0u8; 12];
        for (slot, b) in body.iter_mut().zip(&bytes[1..]) {
            *slot = b - b'0';
        }
        if bytes[0] - b'0' != check_digit(&body) {
            return Err(CorporateNumberError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// For an optional form field: `Ok(None)` when the input is blank.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, CorporateNumberError> {
        match Self::parse(input) {
            Ok(n) => Ok(Some(n)),
            Err(CorporateNumberError::Empty) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The 13 ASCII digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for reading: `7-0000-1205-0002`.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{}-{}", &s[..1], &s[1..5], &s[5..9], &s[9..])
    }
}

/// The check digit for the twelve digits that follow it (each 0–9, left to right).
pub fn check_digit(body: &[u8; 12]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &p)| {
            // i = n − 1: odd n (even i) weighs 1, even n weighs 2.
            let q = if i % 2 == 0 { 1 } else { 2 };
            u32::from(p) * q
        })
        .sum();
    9 - (sum % 9) as u8
}

/// Full-width digits to ASCII; spaces and hyphen-like separators removed. Other characters
/// are kept (so that validation can report them).
pub fn normalize_corporate_number(input: &str) -> String {
    input
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_separator(c))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '－' | 'ー' | 'ｰ' | '_' | '＿'
    )
}

impl FromStr for CorporateNumber {
    type Err = CorporateNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CorporateNumber {
    type Error = CorporateNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CorporateNumber> for String {
    fn from(value: CorporateNumber) -> Self {
        value.0
    }
}

impl AsRef<str> for CorporateNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CorporateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_tax_agency_number_is_valid() {
        let n = CorporateNumber::parse("7000012050002").unwrap();
        assert_eq!(n.as_str(), "7000012050002");
        assert_eq!(n.formatted(), "7-0000-1205-0002");
    }

    #[test]
    fn check_digit_formula() {
        // 000012050002 from the right: 2,0,0,0,5,0,2,1,… → 2+5+2 (odd n) + 2×1 (n=8) = 11;
        // 9 − 11 mod 9 = 7.
        assert_eq!(check_digit(&[0, 0, 0, 0, 1, 2, 0, 5, 0, 0, 0, 2]), 7);
        // All zeros: 9 − 0 = 9.
        assert_eq!(check_digit(&[0; 12]), 9);
        assert!(CorporateNumber::parse("9000000000000").is_ok());
        // A sum that is a multiple of 9 gives 9, never 0: twelve 1s → 6×1 + 6×2 = 18.
        assert_eq!(check_digit(&[1; 12]), 9);
        assert!(CorporateNumber::parse("9111111111111").is_ok());
        // Weights differ: a digit in an even position counts twice.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), 8);
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]), 7);
    }

    #[test]
    fn every_wrong_check_digit_is_refused() {
        for first in ['1', '2', '3', '4', '5', '6', '8', '9', '0'] {
            let input = format!("{first}000012050002");
            assert_eq!(
                CorporateNumber::parse(&input),
                Err(CorporateNumberError::CheckDigit),
                "{input}"
            );
        }
        // Swapped neighbouring digits in the body change the weighted sum.
        assert_eq!(
            CorporateNumber::parse("7000012500002"),
            Err(CorporateNumberError::CheckDigit)
        );
    }

    #[test]
    fn full_width_and_separators_are_normalised() {
        for input in [
            "７０００ ０１２０ ５０００２",
            "7-0000-1205-0002",
            "７－００００－１２０５－０００２",
            "　7000012050002　",
            "7ー0000ー1205ー0002",
        ] {
            assert_eq!(
                CorporateNumber::parse(input).map(String::from),
                Ok("7000012050002".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn typed_errors() {
        assert_eq!(CorporateNumber::parse(""), Err(CorporateNumberError::Empty));
        assert_eq!(
            CorporateNumber::parse(" - "),
            Err(CorporateNumberError::Empty)
        );
        assert_eq!(
            CorporateNumber::parse("70000120500O2"),
            Err(CorporateNumberError::NotDigits)
        );
        assert_eq!(
            CorporateNumber::parse("700001205000"),
            Err(CorporateNumberError::WrongLength(12))
        );
        assert_eq!(
            CorporateNumber::parse("70000120500020"),
            Err(CorporateNumberError::WrongLength(14))
        );
        assert_eq!(CorporateNumber::parse_optional("  "), Ok(None));
        assert_eq!(
            CorporateNumber::parse_optional("１２３"),
            Err(CorporateNumberError::WrongLength(3))
        );
    }

    #[test]
    fn field_error_codes() {
        let e = CorporateNumberError::WrongLength(12).field_error("corporate_number");
        assert_eq!(e.code, "corporate_number.wrong_length");
        assert_eq!(e.param("length"), Some("12"));
        assert_eq!(e.param("expected"), Some("13"));
        assert_eq!(
            CorporateNumberError::CheckDigit.field_error("x").code,
            "corporate_number.check_digit"
        );
    }

    #[test]
    fn serde_validates() {
        let n: CorporateNumber = serde_json::from_str("\"7000012050002\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"7000012050002\"");
        assert!(serde_json::from_str::<CorporateNumber>("\"1000012050002\"").is_err());
    }
}
