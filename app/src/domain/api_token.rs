//! Personal API tokens: what a user may name one, how long it lasts, and what a token looks like.
//!
//! A token is `kgt_` followed by 43 URL-safe base64 characters (32 random bytes). Only its
//! SHA-256 is stored, with its first characters for display; the token itself is shown once,
//! when it is created.

use crate::domain::text::TextRules;
use crate::domain::validation::{FieldError, ToFieldError};

/// Every token starts with this (so a leaked one is recognisable, e.g. by secret scanners).
pub const TOKEN_PREFIX: &str = "kgt_";
/// The random part: 32 bytes as unpadded URL-safe base64.
pub const TOKEN_RANDOM_CHARS: usize = 43;
/// How many leading characters are kept for display (`kgt_AbCd…`).
pub const DISPLAY_CHARS: usize = 8;
/// A user's live (not revoked, not expired) tokens at most.
pub const MAX_LIVE_TOKENS: usize = 20;

/// The name: what the token is for ("BI dashboard", "national survey export").
pub const NAME: TextRules = TextRules::single_line(80).required();

code_enum! {
    /// How long a new token is valid.
    pub enum Lifetime ("token_lifetime") {
        Days30 = "30d",
        Days90 = "90d",
        Days365 = "365d",
    }
}

impl Lifetime {
    pub fn days(self) -> i64 {
        match self {
            Lifetime::Days30 => 30,
            Lifetime::Days90 => 90,
            Lifetime::Days365 => 365,
        }
    }
}

/// A checked request for a new token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
    pub name: String,
    pub lifetime: Lifetime,
}

/// Check the form of a new token (the browser and the server run the same rules).
pub fn validate_new_token(name: &str, lifetime: &str) -> Result<NewToken, Vec<FieldError>> {
    // The form's field is `token_name` (`name` is a program's name elsewhere in the UI).
    let mut errors = Vec::new();
    let name = NAME
        .validate(name)
        .map_err(|e| errors.push(e.field_error("token_name")))
        .unwrap_or_default();
    let lifetime = lifetime
        .trim()
        .parse::<Lifetime>()
        .map_err(|_| errors.push(FieldError::new("lifetime", "token_lifetime.unknown")))
        .ok();
    match lifetime {
        Some(lifetime) if errors.is_empty() => Ok(NewToken { name, lifetime }),
        _ => Err(errors),
    }
}

/// Whether `s` has the shape of a token (prefix, length, alphabet): anything else is refused
/// without a database lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == TOKEN_RANDOM_CHARS
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_a_lifetime_are_required() {
        let ok = validate_new_token("  BI ダッシュボード ", "90d").unwrap();
        assert_eq!(ok.name, "BI ダッシュボード");
        assert_eq!(ok.lifetime.days(), 90);

        let errors = validate_new_token("", "forever").unwrap_err();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("token_name", "text.required"),
                ("lifetime", "token_lifetime.unknown")
            ]
        );
        let long = "あ".repeat(81);
        assert_eq!(
            validate_new_token(&long, "30d").unwrap_err()[0].code,
            "text.too_long"
        );
        assert_eq!(
            validate_new_token("a\u{7}b", "30d").unwrap_err()[0].code,
            "text.control_character"
        );
    }

    #[test]
    fn only_the_token_shape_passes() {
        let token = format!("kgt_{}", "A".repeat(43));
        assert!(looks_like_token(&token));
        assert!(looks_like_token(&format!(
            "kgt_{}",
            "-_9z".repeat(10) + "abc"
        )));
        assert!(!looks_like_token(&format!("kgt_{}", "A".repeat(42))));
        assert!(!looks_like_token(&format!("kgt_{}", "A".repeat(44))));
        assert!(!looks_like_token(&format!("xyz_{}", "A".repeat(43))));
        assert!(!looks_like_token(&format!("kgt_{}+", "A".repeat(42))));
        assert!(!looks_like_token(""));
    }
}
