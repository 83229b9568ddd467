//! Accounts: roles, and the rules for e-mail addresses, display names and passwords.
//! The same rules run in the browser (forms) and on the server (server functions, CLI).

use super::text::{validate_text, TextRules};
use super::validation::FieldError;

code_enum! {
    /// What a user may do (`users.role`). See [`Role::may`].
    pub enum Role ("role") {
        /// Users, hubs, funds, working groups and targets, plus everything staff and
        /// coordinators do.
        Admin = "admin",
        /// 産業振興課: ventures, programs, stage events, trial notifications, approvals, fund support.
        Staff = "staff",
        /// RINK coordinators: support logs and working-group records.
        Coordinator = "coordinator",
        /// Leadership: reads everything, writes nothing.
        Viewer = "viewer",
    }
}

code_enum! {
    /// The kinds of records a write touches, for the role check.
    pub enum Area ("area") {
        Ventures = "ventures",
        Journey = "journey",
        FundSupport = "fund_support",
        SupportLogs = "support_logs",
        WorkingGroups = "working_groups",
        Administration = "administration",
    }
}

impl Role {
    /// Whether this role may write records of `area`. Every role may read everything.
    pub fn may(self, area: Area) -> bool {
        match self {
            Role::Admin => true,
            Role::Staff => matches!(area, Area::Ventures | Area::Journey | Area::FundSupport),
            Role::Coordinator => matches!(area, Area::SupportLogs | Area::WorkingGroups),
            Role::Viewer => false,
        }
    }
}

/// The longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Passwords: at least this many characters (NIST SP 800-63B asks for 8; we ask for more).
pub const PASSWORD_MIN: usize = 12;
/// And at most this many (Argon2 takes longer inputs, but nobody types them).
pub const PASSWORD_MAX: usize = 128;

/// Normalise and check an e-mail address: trimmed, lower-cased, one `@` with a local part and a
/// dotted domain, no spaces or control characters.
pub fn normalize_email(raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new("email", "email.required"));
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(FieldError::new("email", "email.too_long").with_param("max", EMAIL_MAX));
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && email.chars().all(|c| !c.is_whitespace() && !c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(FieldError::new("email", "email.invalid"))
    }
}

/// A display name: required, one line, at most 100 characters.
pub fn validate_display_name(raw: &str) -> Result<String, FieldError> {
    validate_text(raw, TextRules::single_line(100).required())
        .map_err(|e| super::validation::ToFieldError::field_error(&e, "display_name"))
}

/// A new password: 12 to 128 characters, no control characters. Not trimmed: spaces count.
pub fn validate_password(pw: &str) -> Result<(), FieldError> {
    let n = pw.chars().count();
    if n < PASSWORD_MIN {
        return Err(
            FieldError::new("password", "password.too_short").with_param("min", PASSWORD_MIN)
        );
    }
    if n > PASSWORD_MAX {
        return Err(
            FieldError::new("password", "password.too_long").with_param("max", PASSWORD_MAX)
        );
    }
    if pw.chars().any(char::is_control) {
        return Err(FieldError::new("password", "password.control_character"));
    }
    Ok(())
}

/// Failed sign-ins that trigger a lockout: this many…
pub const LOCKOUT_FAILURES: usize = 5;
/// …within this many seconds…
pub const LOCKOUT_WINDOW_SECS: i64 = 60;
/// …refuse further tries (even with the right password) for this many seconds after the last of them.
pub const LOCKOUT_SECS: i64 = 300;

/// Until when sign-ins are refused, given the times of recent failed attempts (any order), or
/// `None` when they are allowed. Counted per account and, separately, per address.
pub fn locked_until(
    failures: &[chrono::DateTime<chrono::Utc>],
    now: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    let mut times = failures.to_vec();
    times.sort();
    times
        .windows(LOCKOUT_FAILURES)
        .filter(|w| (w[LOCKOUT_FAILURES - 1] - w[0]).num_seconds() <= LOCKOUT_WINDOW_SECS)
        .map(|w| w[LOCKOUT_FAILURES - 1] + chrono::TimeDelta::seconds(LOCKOUT_SECS))
        .filter(|until| *until > now)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    #[test]
    fn five_quick_failures_lock_for_a_while() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
        let at = |s: i64| t0 + TimeDelta::seconds(s);
        let four: Vec<_> = (0..4).map(|i| at(i * 10)).collect();
        assert_eq!(locked_until(&four, at(41)), None);
        let five: Vec<_> = (0..5).map(|i| at(i * 10)).collect();
        assert_eq!(locked_until(&five, at(41)), Some(at(40 + LOCKOUT_SECS)));
        assert_eq!(
            locked_until(&five, at(40 + LOCKOUT_SECS)),
            None,
            "the lock ends"
        );
        // Five failures spread over more than a minute do not lock.
        let slow: Vec<_> = (0..5).map(|i| at(i * 20)).collect();
        assert_eq!(locked_until(&slow, at(81)), None);
    }

    #[test]
    fn roles_follow_the_design() {
        assert!(Area::ALL.iter().all(|a| Role::Admin.may(*a)));
        assert!(Area::ALL.iter().all(|a| !Role::Viewer.may(*a)));
        assert!(Role::Staff.may(Area::Journey) && Role::Staff.may(Area::FundSupport));
        assert!(!Role::Staff.may(Area::SupportLogs) && !Role::Staff.may(Area::Administration));
        assert!(
            Role::Coordinator.may(Area::SupportLogs) && Role::Coordinator.may(Area::WorkingGroups)
        );
        assert!(
            !Role::Coordinator.may(Area::FundSupport) && !Role::Coordinator.may(Area::Ventures)
        );
        assert_eq!("coordinator".parse::<Role>().unwrap(), Role::Coordinator);
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Staff@Pref.Kanagawa.JP ").unwrap(),
            "staff@pref.kanagawa.jp"
        );
        for bad in [
            "",
            "staff",
            "@pref.jp",
            "staff@",
            "staff@pref",
            "a b@pref.jp",
            "a@@pref.jp",
            "a@pref..jp",
            "a@.pref.jp",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@pref.jp", "a".repeat(250));
        assert_eq!(normalize_email(&long).unwrap_err().code, "email.too_long");
    }

    #[test]
    fn passwords_have_a_length_range_and_no_control_characters() {
        assert_eq!(
            validate_password("short").unwrap_err().code,
            "password.too_short"
        );
        assert!(validate_password("correct horse battery").is_ok());
        assert!(validate_password("パスワードは十二文字以上です").is_ok());
        assert_eq!(
            validate_password(&"x".repeat(129)).unwrap_err().code,
            "password.too_long"
        );
        assert_eq!(
            validate_password("twelve chars\u{7}!").unwrap_err().code,
            "password.control_character"
        );
    }
}
