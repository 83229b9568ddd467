//! Translatable validation errors shared by the browser and the server.
//!
//! Every error type of the domain converts into a [`FieldError`] through [`ToFieldError`]:
//! a field name, a stable dotted `code` (`"corporate_number.check_digit"`,
//! `"text.too_long"`) and string parameters (`max = "200"`). The UI looks the code up in its
//! message catalogue and interpolates the parameters; the server sends the same value as JSON.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem with one form field, ready to translate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldError {
    /// The form / DTO field name (`"corporate_number"`, `"occurred_on"`).
    pub field: String,
    /// Stable message key, `module.reason`.
    pub code: String,
    /// Values for the message's placeholders, in a stable order.
    pub params: Vec<(String, String)>,
}

impl FieldError {
    /// A field error without parameters.
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            params: Vec::new(),
        }
    }

    /// Adds a placeholder value (builder style).
    #[must_use]
    pub fn with_param(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.params.push((name.into(), value.to_string()));
        self
    }

    /// The value of a parameter, if present.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for FieldError {
    /// Untranslated, for logs: `field: code (k=v, …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)?;
        if !self.params.is_empty() {
            f.write_str(" (")?;
            for (i, (k, v)) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}={v}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldError {}

/// Conversion of a domain error into a translatable [`FieldError`].
pub trait ToFieldError {
    /// The error as reported against `field`.
    fn field_error(&self, field: &str) -> FieldError;
}

impl ToFieldError for FieldError {
    /// Re-targets an existing field error at another field.
    fn field_error(&self, field: &str) -> FieldError {
        FieldError {
            field: field.to_owned(),
            ..self.clone()
        }
    }
}

/// Collects the errors of a whole form (for a GOV.UK-style error summary).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Keeps the value of `result`, or records its error against `field` and returns `None`.
    pub fn check<T, E: ToFieldError>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error.field_error(field));
                None
            }
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The errors, in the order recorded.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// The errors of one field.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldError> + 'a {
        self.0.iter().filter(move |e| e.field == field)
    }

    /// `Ok(())` when empty, otherwise all the errors.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The errors as a vector.
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl IntoIterator for FieldErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a FieldErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// A text code that is not one of an enumeration's values (see the `*::ALL` constants).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} code {value:?}")]
pub struct UnknownCode {
    /// Which enumeration (`"stage"`, `"track"`, …).
    pub kind: &'static str,
    /// The rejected text.
    pub value: String,
}

impl UnknownCode {
    /// An unknown `value` for the enumeration `kind`.
    pub fn new(kind: &'static str, value: impl Into<String>) -> Self {
        Self {
            kind,
            value: value.into(),
        }
    }
}

impl ToFieldError for UnknownCode {
    /// Code `code.unknown`, params `kind`, `value`.
    fn field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, "code.unknown")
            .with_param("kind", self.kind)
            .with_param("value", &self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_param_lookup() {
        let e = FieldError::new("name", "text.too_long").with_param("max", 200);
        assert_eq!(e.param("max"), Some("200"));
        assert_eq!(e.param("min"), None);
        assert_eq!(e.to_string(), "name: text.too_long (max=200)");
    }

    #[test]
    fn serde_round_trip_keeps_param_order() {
        let e = FieldError::new("amount", "money.too_large")
            .with_param("max", "1000000000000")
            .with_param("value", "2");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"field":"amount","code":"money.too_large","params":[["max","1000000000000"],["value","2"]]}"#
        );
        let back: FieldError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn collector_keeps_values_and_errors() {
        let mut errors = FieldErrors::new();
        let ok: Option<i32> = errors.check("a", Ok::<_, UnknownCode>(3));
        assert_eq!(ok, Some(3));
        assert!(errors.is_empty());
        let bad: Option<i32> = errors.check("b", Err(UnknownCode::new("stage", "phase4")));
        assert_eq!(bad, None);
        assert_eq!(errors.len(), 1);
        let e = errors.for_field("b").next().unwrap();
        assert_eq!(e.code, "code.unknown");
        assert_eq!(e.param("value"), Some("phase4"));
        assert!(errors.clone().into_result().is_err());
        assert!(FieldErrors::new().into_result().is_ok());
    }

    #[test]
    fn field_error_can_be_retargeted() {
        let e = FieldError::new("a", "x").with_param("k", "v");
        let moved = e.field_error("b");
        assert_eq!(moved.field, "b");
        assert_eq!(moved.params, e.params);
    }
}
