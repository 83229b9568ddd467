//! Clinical-trial registry ids and web links.
//!
//! Registry id formats accepted (after normalisation):
//! - **jRCT** (Japan Registry of Clinical Trials, the single Japanese registry since 2020):
//!   `jRCT` + one category character + 9 digits, 14 characters in all. The category is a
//!   digit (`jRCT2031200001`, trials under the PMD Act carry `2`; `1` also occurs) or a
//!   lower-case letter (`jRCTs…`, `jRCTb…` for research under the Clinical Trials Act,
//!   `jRCTa…`, `jRCTe…`). Any digit or letter is accepted there, since the categories are the
//!   registry's business and new ones have appeared over time; the 9 digits usually read as
//!   region (2) + 1 digit + fiscal year (2) + serial (4). Records migrated from JapicCTI and
//!   JMACCT in 2023 also received jRCT ids of this shape.
//! - **NCT** (ClinicalTrials.gov): `NCT` + 8 digits (`NCT04123456`).
//! - Historic Japanese registries, for trials registered before jRCT: **UMIN-CTR** `UMIN` +
//!   9 digits (`UMIN000012345`), **JapicCTI** `JapicCTI-` + 6 digits (`JapicCTI-184009`),
//!   **JMACCT** `JMA-IIA` + 5 digits (`JMA-IIA00384`).
//!
//! Normalisation: NFKC (full-width to ASCII), spaces removed, the prefix written in its
//! registry's own casing (`jrct…`/`JRCT…` → `jRCT…`, `nct…` → `NCT…`, `japiccti-…` →
//! `JapicCTI-…`), the jRCT category letter in lower case.

use super::validation::{FieldError, ToFieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

code_enum! {
    /// Which registry an id belongs to.
    pub enum Registry ("registry") {
        /// Japan Registry of Clinical Trials.
        Jrct = "jrct",
        /// ClinicalTrials.gov.
        Nct = "nct",
        /// UMIN Clinical Trials Registry (historic).
        Umin = "umin",
        /// JapicCTI (historic, merged into jRCT).
        JapicCti = "japic_cti",
        /// JMACCT-CTR (historic, merged into jRCT).
        Jmacct = "jmacct",
    }
}

/// Why a registry id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegistryIdError {
    /// Nothing entered.
    #[error("registry id is empty")]
    Empty,
    /// A known prefix with the wrong number or kind of characters after it.
    #[error("{0} id has the wrong format")]
    BadFormat(Registry),
    /// No known registry prefix.
    #[error("unknown registry id format")]
    UnknownFormat,
}

impl ToFieldError for RegistryIdError {
    /// Codes `registry_id.empty`, `registry_id.bad_format` (param `registry`, e.g. `jrct`),
    /// `registry_id.unknown_format`.
    fn field_error(&self, field: &str) -> FieldError {
        match self {
            Self::Empty => FieldError::new(field, "registry_id.empty"),
            Self::BadFormat(r) => {
                FieldError::new(field, "registry_id.bad_format").with_param("registry", r)
            }
            Self::UnknownFormat => FieldError::new(field, "registry_id.unknown_format"),
        }
    }
}

/// A well-formed, normalised trial registry id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistryId {
    registry: Registry,
    id: String,
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

impl RegistryId {
    /// Normalises and validates user input.
    pub fn parse(input: &str) -> Result<Self, RegistryIdError> {
        let s: String = input
            .nfkc()
            .filter(|c| !c.is_whitespace())
            .collect::<String>();
        if s.is_empty() {
            return Err(RegistryIdError::Empty);
        }
        let upper = s.to_ascii_uppercase();
        let (registry, id) = if let Some(rest) = upper.strip_prefix("JRCT") {
            let mut chars = rest.chars();
            let category = chars.next().map(|c| c.to_ascii_lowercase());
            let digits = chars.as_str();
            match category {
                Some(c) if c.is_ascii_alphanumeric() && all_digits(digits, 9) => {
                    (Registry::Jrct, format!("jRCT{c}{digits}"))
                }
                _ => return Err(RegistryIdError::BadFormat(Registry::Jrct)),
            }
        } else if let Some(rest) = upper.strip_prefix("NCT") {
            if !all_digits(rest, 8) {
                return Err(RegistryIdError::BadFormat(Registry::Nct));
            }
            (Registry::Nct, format!("NCT{rest}"))
        } else if let Some(rest) = upper.strip_prefix("UMIN") {
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            if !all_digits(rest, 9) {
                return Err(RegistryIdError::BadFormat(Registry::Umin));
            }
            (Registry::Umin, format!("UMIN{rest}"))
        } else if let Some(rest) = upper.strip_prefix("JAPICCTI") {
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            if !all_digits(rest, 6) {
                return Err(RegistryIdError::BadFormat(Registry::JapicCti));
            }
            (Registry::JapicCti, format!("JapicCTI-{rest}"))
        } else if let Some(rest) = upper.strip_prefix("JMA-IIA") {
            if !all_digits(rest, 5) {
                return Err(RegistryIdError::BadFormat(Registry::Jmacct));
            }
            (Registry::Jmacct, format!("JMA-IIA{rest}"))
        } else {
            return Err(RegistryIdError::UnknownFormat);
        };
        Ok(Self { registry, id })
    }

    /// For an optional form field: `Ok(None)` when blank.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, RegistryIdError> {
        match Self::parse(input) {
            Ok(id) => Ok(Some(id)),
            Err(RegistryIdError::Empty) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The registry.
    pub fn registry(&self) -> Registry {
        self.registry
    }

    /// The normalised id, as stored.
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The public page of the trial, where the id alone makes one (jRCT, NCT).
    pub fn url(&self) -> Option<String> {
        match self.registry {
            Registry::Jrct => Some(format!("https://jrct.mhlw.go.jp/latest-detail/{}", self.id)),
            Registry::Nct => Some(format!("https://clinicaltrials.gov/study/{}", self.id)),
            Registry::Umin | Registry::JapicCti | Registry::Jmacct => None,
        }
    }
}

/// The normalised form of a registry id (see [`RegistryId::parse`]).
pub fn normalize_registry_id(input: &str) -> Result<String, RegistryIdError> {
    RegistryId::parse(input).map(String::from)
}

impl FromStr for RegistryId {
    type Err = RegistryIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for RegistryId {
    type Error = RegistryIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegistryId> for String {
    fn from(value: RegistryId) -> Self {
        value.id
    }
}

impl fmt::Display for RegistryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

/// Maximum length of a stored link.
pub const MAX_URL_CHARS: usize = 2000;

/// Why a link was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Nothing entered.
    #[error("URL is empty")]
    Empty,
    /// Longer than [`MAX_URL_CHARS`].
    #[error("URL is longer than {MAX_URL_CHARS} characters")]
    TooLong,
    /// Not `http://` or `https://`.
    #[error("URL must start with http:// or https://")]
    Scheme,
    /// No host after the scheme.
    #[error("URL has no host")]
    MissingHost,
    /// A host that is not a domain name or IP address, or a bad port.
    #[error("URL host is not valid")]
    InvalidHost,
    /// `user:password@` in the URL (also a classic phishing disguise).
    #[error("URL may not contain a user name or password")]
    Credentials,
    /// Spaces or control characters.
    #[error("URL contains spaces or control characters")]
    InvalidCharacter,
}

impl ToFieldError for UrlError {
    /// Codes `url.empty`, `url.too_long` (param `max`), `url.scheme`, `url.missing_host`,
    /// `url.invalid_host`, `url.credentials`, `url.invalid_character`.
    fn field_error(&self, field: &str) -> FieldError {
        let code = match self {
            Self::Empty => "url.empty",
            Self::TooLong => {
                return FieldError::new(field, "url.too_long").with_param("max", MAX_URL_CHARS)
            }
            Self::Scheme => "url.scheme",
            Self::MissingHost => "url.missing_host",
            Self::InvalidHost => "url.invalid_host",
            Self::Credentials => "url.credentials",
            Self::InvalidCharacter => "url.invalid_character",
        };
        FieldError::new(field, code)
    }
}

fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[') {
        // IPv6 literal.
        return inner.strip_suffix(']').is_some_and(|v6| {
            !v6.is_empty()
                && v6
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        });
    }
    if host.is_empty() || host.len() > 253 || host.starts_with('.') {
        return false;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    host.split('.').all(|label| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    })
}

/// Validates a website or source link: trimmed, `http` or `https` only (scheme
/// case-insensitive, returned in lower case), a valid host (domain name, internationalised
/// names allowed, IPv4 or `[IPv6]`), an optional numeric port, no credentials, no spaces or
/// control characters, at most [`MAX_URL_CHARS`] characters. Returns the cleaned URL.
pub fn validate_url(input: &str) -> Result<String, UrlError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(UrlError::Empty);
    }
    if s.chars().count() > MAX_URL_CHARS {
        return Err(UrlError::TooLong);
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::InvalidCharacter);
    }
    let (scheme, rest) = s.split_once("://").ok_or(UrlError::Scheme)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(UrlError::Scheme);
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.is_empty() {
        return Err(UrlError::MissingHost);
    }
    if authority.contains('@') {
        return Err(UrlError::Credentials);
    }
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(UrlError::MissingHost);
    }
    if let Some(port) = port {
        let ok = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !ok {
            return Err(UrlError::InvalidHost);
        }
    }
    if !valid_host(host) {
        return Err(UrlError::InvalidHost);
    }
    Ok(format!("{scheme}://{rest}"))
}

/// For an optional link field: `Ok(String::new())` when blank.
pub fn validate_optional_url(input: &str) -> Result<String, UrlError> {
    match validate_url(input) {
        Err(UrlError::Empty) => Ok(String::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Result<String, RegistryIdError> {
        normalize_registry_id(s)
    }

    #[test]
    fn jrct_ids() {
        for (input, expected) in [
            ("jRCT2031200001", "jRCT2031200001"),
            ("jRCTa031190001", "jRCTa031190001"),
            ("jRCTb030190001", "jRCTb030190001"),
            ("jRCTs031180001", "jRCTs031180001"),
            ("jRCTe031220001", "jRCTe031220001"),
            ("JRCT2031200001", "jRCT2031200001"),
            ("JRCTS031180001", "jRCTs031180001"),
            ("ｊＲＣＴ２０３１２０００01", "jRCT2031200001"),
            (" jRCT 2031200001 ", "jRCT2031200001"),
        ] {
            assert_eq!(norm(input).as_deref(), Ok(expected), "{input}");
        }
        let id = RegistryId::parse("jRCTs031180001").unwrap();
        assert_eq!(id.registry(), Registry::Jrct);
        assert_eq!(
            id.url().as_deref(),
            Some("https://jrct.mhlw.go.jp/latest-detail/jRCTs031180001")
        );
    }

    #[test]
    fn jrct_bad_formats() {
        for input in [
            "jRCT203120000",   // 9 digits after a digit category: too short
            "jRCT20312000011", // too long
            "jRCTs03118000",   // letter + 8 digits
            "jRCTss031180001", // two letters
            "jRCT-2031200001", // separator in place of the category
            "jRCT",
        ] {
            assert_eq!(
                norm(input),
                Err(RegistryIdError::BadFormat(Registry::Jrct)),
                "{input}"
            );
        }
    }

    #[test]
    fn nct_ids() {
        assert_eq!(norm("NCT04123456").as_deref(), Ok("NCT04123456"));
        assert_eq!(norm("nct04123456").as_deref(), Ok("NCT04123456"));
        assert_eq!(norm("ＮＣＴ０４１２３４５６").as_deref(), Ok("NCT04123456"));
        assert_eq!(
            norm("NCT0412345"),
            Err(RegistryIdError::BadFormat(Registry::Nct))
        );
        assert_eq!(
            norm("NCT041234567"),
            Err(RegistryIdError::BadFormat(Registry::Nct))
        );
        assert_eq!(
            norm("NCT0412345a"),
            Err(RegistryIdError::BadFormat(Registry::Nct))
        );
        assert_eq!(
            RegistryId::parse("NCT04123456").unwrap().url().as_deref(),
            Some("https://clinicaltrials.gov/study/NCT04123456")
        );
    }

    #[test]
    fn historic_registries() {
        assert_eq!(norm("UMIN000012345").as_deref(), Ok("UMIN000012345"));
        assert_eq!(norm("umin000012345").as_deref(), Ok("UMIN000012345"));
        assert_eq!(
            norm("UMIN00001234"),
            Err(RegistryIdError::BadFormat(Registry::Umin))
        );
        assert_eq!(norm("JapicCTI-184009").as_deref(), Ok("JapicCTI-184009"));
        assert_eq!(norm("JAPICCTI184009").as_deref(), Ok("JapicCTI-184009"));
        assert_eq!(norm("JMA-IIA00384").as_deref(), Ok("JMA-IIA00384"));
        assert_eq!(RegistryId::parse("UMIN000012345").unwrap().url(), None);
    }

    #[test]
    fn empty_and_unknown() {
        assert_eq!(norm("   "), Err(RegistryIdError::Empty));
        assert_eq!(RegistryId::parse_optional(" "), Ok(None));
        assert_eq!(norm("ISRCTN12345678"), Err(RegistryIdError::UnknownFormat));
        assert_eq!(
            RegistryIdError::BadFormat(Registry::Nct)
                .field_error("registry_id")
                .param("registry"),
            Some("nct")
        );
        let id: RegistryId = serde_json::from_str("\"nct04123456\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"NCT04123456\"");
    }

    #[test]
    fn urls_accepted() {
        for (input, expected) in [
            (
                "https://www.pref.kanagawa.jp/",
                "https://www.pref.kanagawa.jp/",
            ),
            ("  http://example.com  ", "http://example.com"),
            ("HTTPS://Example.com/a?b=c#d", "https://Example.com/a?b=c#d"),
            ("https://example.com:8443/x", "https://example.com:8443/x"),
            ("https://192.168.0.1/", "https://192.168.0.1/"),
            ("https://[2001:db8::1]:443/", "https://[2001:db8::1]:443/"),
            ("https://日本語.jp/パス", "https://日本語.jp/パス"),
        ] {
            assert_eq!(validate_url(input).as_deref(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn urls_refused() {
        assert_eq!(validate_url(""), Err(UrlError::Empty));
        assert_eq!(validate_optional_url("  ").as_deref(), Ok(""));
        assert_eq!(validate_url("ftp://example.com"), Err(UrlError::Scheme));
        assert_eq!(validate_url("javascript:alert(1)"), Err(UrlError::Scheme));
        assert_eq!(validate_url("example.com"), Err(UrlError::Scheme));
        assert_eq!(validate_url("https://"), Err(UrlError::MissingHost));
        assert_eq!(validate_url("https:///path"), Err(UrlError::MissingHost));
        assert_eq!(validate_url("https://:80/"), Err(UrlError::MissingHost));
        assert_eq!(
            validate_url("https://a b.com"),
            Err(UrlError::InvalidCharacter)
        );
        assert_eq!(
            validate_url("https://a.com/\u{7}"),
            Err(UrlError::InvalidCharacter)
        );
        assert_eq!(
            validate_url("https://pref.kanagawa.jp@evil.example/"),
            Err(UrlError::Credentials)
        );
        assert_eq!(
            validate_url("https://exa_mple.com/"),
            Err(UrlError::InvalidHost)
        );
        assert_eq!(validate_url("https://-a.com/"), Err(UrlError::InvalidHost));
        assert_eq!(validate_url("https://a..com/"), Err(UrlError::InvalidHost));
        assert_eq!(
            validate_url("https://a.com:99999/"),
            Err(UrlError::InvalidHost)
        );
        assert_eq!(validate_url("https://a.com:/"), Err(UrlError::InvalidHost));
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(validate_url(&long), Err(UrlError::TooLong));
        let just = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS - 20));
        assert_eq!(just.chars().count(), MAX_URL_CHARS);
        assert!(validate_url(&just).is_ok());
        assert_eq!(
            UrlError::TooLong.field_error("website").param("max"),
            Some("2000")
        );
    }
}
