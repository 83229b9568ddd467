//! Fund support (資金支援): money (or hands-on help alone) that a fund gives a venture, and the
//! funds themselves. The forms as typed and their checks, run in the browser before sending and
//! again on the server. What needs the database (the fund and venture exist and are not
//! archived, the linked support logs are the venture's, a fund code already taken, the version
//! the form showed) is checked in `ssr::funds`.
//!
//! Amounts are integer yen typed the way staff write them (`5000万`, `５，０００万円`, `3億円`,
//! `1.5億`; see [`parse_yen`]). A money instrument (equity, convertible, loan, grant) needs an
//! amount above zero; "hands-on only" carries no money, so its amount is 0 (an empty field
//! means 0 there).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::journey_form::parse_date;
use super::money::{parse_yen, MoneyError, Yen};
use super::text::{validate_text, TextRules};
use super::validation::{FieldError, FieldErrors, ToFieldError};

code_enum! {
    /// How the fund supports the venture (`fund_supports.instrument`).
    pub enum Instrument ("instrument") {
        /// 株式: shares.
        Equity = "equity",
        /// 新株予約権・転換社債 (J-KISS and the like).
        Convertible = "convertible",
        /// 融資.
        Loan = "loan",
        /// 助成.
        Grant = "grant",
        /// ハンズオン支援のみ: advice and introductions, no money.
        HandsOn = "hands_on",
    }
}

impl Instrument {
    /// Whether the instrument moves money (everything but hands-on only).
    pub const fn is_money(self) -> bool {
        !matches!(self, Instrument::HandsOn)
    }
}

code_enum! {
    /// What kind of fund (`funds.kind`).
    pub enum FundKind ("fund_kind") {
        /// The prefecture's own fund (かながわヘルスケア・ニューフロンティアファンド).
        Prefectural = "prefectural",
        /// Incubation capital (KSP).
        Incubation = "incubation",
        /// A private venture-capital fund.
        Private = "private",
    }
}

/// The round of financing (シード, シリーズA, …): optional, one short line.
pub const ROUND: TextRules = TextRules::single_line(50);
/// Notes on a fund support.
pub const NOTE: TextRules = TextRules::multi_line(2000);
/// At most this many support logs are linked to one fund support.
pub const MAX_LINKS: usize = 20;

/// A fund's code (in its address, `/funds/healthcare_fund`): 2–40 characters, lower-case ASCII
/// letters, digits and `_`, starting with a letter.
pub const CODE_MAX: usize = 40;
/// A fund's names and its manager (運営者).
pub const FUND_NAME: TextRules = TextRules::single_line(200);

/// The fund-support form as typed (a field left out is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FundSupportForm {
    /// The fund's id.
    pub fund_id: String,
    /// The venture's id.
    pub venture_id: String,
    /// `2025-04-01`, `2025/4/1`, full-width digits too.
    pub supported_on: String,
    /// Yen as typed: `50,000,000`, `5000万`, `５，０００万円`; empty means 0 for hands-on only.
    pub amount: String,
    pub instrument: String,
    /// シード, シリーズA, …
    pub round: String,
    pub note: String,
    /// Ids of the venture's support logs this money goes with (check boxes:
    /// `form[support_logs][n]`).
    pub support_logs: Vec<String>,
}

/// A checked fund support.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFundSupport {
    pub fund_id: Uuid,
    pub venture_id: Uuid,
    pub supported_on: NaiveDate,
    pub amount: Yen,
    pub instrument: Instrument,
    pub round: String,
    pub note: String,
    /// Sorted, without repeats.
    pub support_logs: Vec<Uuid>,
}

fn required_id(field: &str, raw: &str) -> Result<Uuid, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, format!("{field}.required")));
    }
    Uuid::parse_str(raw).map_err(|_| FieldError::new(field, format!("{field}.unknown")))
}

/// Check the fund-support form; every bad field is reported at once. `today` is today in Japan
/// (support is not recorded ahead of time).
pub fn validate_fund_support(
    f: &FundSupportForm,
    today: NaiveDate,
) -> Result<ValidFundSupport, FieldErrors> {
    let mut errors = FieldErrors::new();
    let fund_id = errors.check("fund_id", required_id("fund_id", &f.fund_id));
    let venture_id = errors.check("venture_id", required_id("venture_id", &f.venture_id));
    let supported_on = errors.check("supported_on", parse_date("supported_on", &f.supported_on));
    if let Some(on) = supported_on {
        if on > today {
            errors.push(
                FieldError::new("supported_on", "fund_support.in_future")
                    .with_param("today", today),
            );
        }
    }
    let instrument = errors.check(
        "instrument",
        f.instrument
            .trim()
            .parse::<Instrument>()
            .map_err(|_| FieldError::new("instrument", "instrument.unknown")),
    );
    let amount = match (parse_yen(&f.amount), instrument) {
        (Err(MoneyError::Empty), Some(Instrument::HandsOn)) => Some(Yen::ZERO),
        // The amount's rule depends on the instrument: only say it is missing once one is chosen.
        (Err(MoneyError::Empty), None) => None,
        (Err(e), _) => {
            errors.push(e.field_error("amount"));
            None
        }
        (Ok(yen), Some(Instrument::HandsOn)) if yen > Yen::ZERO => {
            errors.push(FieldError::new("amount", "fund_support.hands_on_amount"));
            None
        }
        (Ok(yen), Some(i)) if i.is_money() && yen == Yen::ZERO => {
            errors.push(FieldError::new("amount", "fund_support.amount_zero"));
            None
        }
        (Ok(yen), _) => Some(yen),
    };
    let round = errors.check("round", validate_text(&f.round, ROUND));
    let note = errors.check("note", validate_text(&f.note, NOTE));
    let mut links: Vec<Uuid> = Vec::new();
    for raw in f
        .support_logs
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match Uuid::parse_str(raw) {
            Ok(id) => links.push(id),
            Err(_) => {
                errors.push(FieldError::new(
                    "support_logs",
                    "fund_support.log_unavailable",
                ));
                break;
            }
        }
    }
    links.sort();
    links.dedup();
    if links.len() > MAX_LINKS {
        errors.push(
            FieldError::new("support_logs", "fund_support.too_many_links")
                .with_param("max", MAX_LINKS),
        );
    }
    match (
        fund_id,
        venture_id,
        supported_on,
        instrument,
        amount,
        round,
        note,
    ) {
        (
            Some(fund_id),
            Some(venture_id),
            Some(supported_on),
            Some(instrument),
            Some(amount),
            Some(round),
            Some(note),
        ) if errors.is_empty() => Ok(ValidFundSupport {
            fund_id,
            venture_id,
            supported_on,
            amount,
            instrument,
            round,
            note,
            support_logs: links,
        }),
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------
// Funds (administrators)

/// The fund form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FundForm {
    /// `healthcare_fund`: lower-case letters, digits and `_` (full-width and capitals are
    /// folded).
    pub code: String,
    pub kind: String,
    pub name_ja: String,
    pub name_en: String,
    /// Who runs the fund (運営者 / GP).
    pub manager: String,
}

/// A checked fund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFund {
    pub code: String,
    pub kind: FundKind,
    pub name_ja: String,
    pub name_en: String,
    pub manager: String,
}

/// Normalise and check a fund code: ASCII after folding full-width characters, lower case,
/// `-` and spaces read as `_`.
pub fn normalize_fund_code(raw: &str) -> Result<String, FieldError> {
    let code: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            // Full-width ASCII (U+FF01–U+FF5E) to ASCII.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if code.is_empty() {
        return Err(FieldError::new("code", "text.required"));
    }
    let n = code.chars().count();
    let ok = (2..=CODE_MAX).contains(&n)
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(code)
    } else {
        Err(FieldError::new("code", "fund.code_format").with_param("max", CODE_MAX))
    }
}

/// Check the fund form; every bad field at once.
pub fn validate_fund(f: &FundForm) -> Result<ValidFund, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = errors.check("code", normalize_fund_code(&f.code));
    let kind = errors.check(
        "kind",
        f.kind
            .trim()
            .parse::<FundKind>()
            .map_err(|_| FieldError::new("kind", "fund_kind.unknown")),
    );
    let name_ja = errors.check("name_ja", validate_text(&f.name_ja, FUND_NAME.required()));
    let name_en = errors.check("name_en", validate_text(&f.name_en, FUND_NAME));
    let manager = errors.check("manager", validate_text(&f.manager, FUND_NAME));
    match (code, kind, name_ja, name_en, manager) {
        (Some(code), Some(kind), Some(name_ja), Some(name_en), Some(manager))
            if errors.is_empty() =>
        {
            Ok(ValidFund {
                code,
                kind,
                name_ja,
                name_en,
                manager,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn form(amount: &str, instrument: &str) -> FundSupportForm {
        FundSupportForm {
            fund_id: Uuid::nil().to_string(),
            venture_id: Uuid::max().to_string(),
            supported_on: "2025/4/1".into(),
            amount: amount.into(),
            instrument: instrument.into(),
            round: " シリーズA ".into(),
            note: "リード投資家として参加\r\n取締役を派遣".into(),
            support_logs: vec![],
        }
    }

    fn fields(r: Result<ValidFundSupport, FieldErrors>) -> Vec<(String, String)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn amounts_as_staff_type_them() {
        for typed in [
            "5000万",
            "５，０００万円",
            "50,000,000",
            "¥50,000,000",
            "0.5億",
        ] {
            let v = validate_fund_support(&form(typed, "equity"), today()).unwrap();
            assert_eq!(v.amount, Yen(50_000_000), "{typed}");
        }
        let v = validate_fund_support(&form("3億円", "equity"), today()).unwrap();
        assert_eq!(v.amount, Yen(300_000_000));
        assert_eq!(v.supported_on, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(v.round, "シリーズA");
        assert_eq!(v.note, "リード投資家として参加\n取締役を派遣");
        assert_eq!(v.instrument, Instrument::Equity);
    }

    #[test]
    fn bad_amounts_name_the_amount_field() {
        for (typed, code) in [
            ("-100", "money.negative"),
            ("▲5,000万", "money.negative"),
            ("1.5", "money.fraction"),
            ("2兆", "money.too_large"),
            ("1,000,000,000,001", "money.too_large"),
            ("たくさん", "money.not_a_number"),
            ("", "money.empty"),
            ("0", "fund_support.amount_zero"),
        ] {
            assert_eq!(
                fields(validate_fund_support(&form(typed, "loan"), today())),
                vec![("amount".to_string(), code.to_string())],
                "{typed}"
            );
        }
        // Exactly 1兆円 is the most a record may hold.
        assert_eq!(
            validate_fund_support(&form("1兆", "grant"), today())
                .unwrap()
                .amount,
            Yen::MAX
        );
    }

    #[test]
    fn hands_on_only_carries_no_money() {
        for typed in ["", "0", "０円"] {
            let v = validate_fund_support(&form(typed, "hands_on"), today()).unwrap();
            assert_eq!(v.amount, Yen::ZERO, "{typed:?}");
        }
        assert_eq!(
            fields(validate_fund_support(&form("100万", "hands_on"), today())),
            vec![("amount".into(), "fund_support.hands_on_amount".into())]
        );
    }

    #[test]
    fn every_bad_field_at_once() {
        let f = FundSupportForm {
            fund_id: String::new(),
            venture_id: "not-an-id".into(),
            supported_on: "2026-11-26".into(),
            amount: "-1".into(),
            instrument: "stock".into(),
            round: "シード\nA".into(),
            note: "x".repeat(2001),
            support_logs: vec!["nope".into()],
        };
        let got = fields(validate_fund_support(&f, today()));
        let want: Vec<(String, String)> = [
            ("fund_id", "fund_id.required"),
            ("venture_id", "venture_id.unknown"),
            ("supported_on", "fund_support.in_future"),
            ("instrument", "instrument.unknown"),
            ("amount", "money.negative"),
            ("round", "text.control_character"),
            ("note", "text.too_long"),
            ("support_logs", "fund_support.log_unavailable"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
        // Today is allowed; a date that does not exist is not.
        let mut ok = form("1億", "equity");
        ok.supported_on = "２０２６／１１／２５".into();
        assert!(validate_fund_support(&ok, today()).is_ok());
        ok.supported_on = "2025-02-30".into();
        assert_eq!(
            fields(validate_fund_support(&ok, today())),
            vec![("supported_on".into(), "date.invalid".into())]
        );
    }

    #[test]
    fn links_are_sorted_without_repeats_and_bounded() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let mut f = form("1,000万", "convertible");
        f.support_logs = vec![b.to_string(), String::new(), a.to_string(), b.to_string()];
        assert_eq!(
            validate_fund_support(&f, today()).unwrap().support_logs,
            vec![a, b]
        );
        f.support_logs = (0..=MAX_LINKS)
            .map(|_| Uuid::now_v7().to_string())
            .collect();
        assert_eq!(
            fields(validate_fund_support(&f, today())),
            vec![("support_logs".into(), "fund_support.too_many_links".into())]
        );
    }

    #[test]
    fn the_form_decodes_with_fields_left_out() {
        let f: FundSupportForm = serde_json::from_str(r#"{"amount":"5000万"}"#).unwrap();
        assert_eq!(f.amount, "5000万");
        assert!(f.support_logs.is_empty());
    }

    #[test]
    fn fund_codes_and_the_fund_form() {
        assert_eq!(
            normalize_fund_code(" Ｓｈｏｎａｎ-Life Fund2 ").unwrap(),
            "shonan_life_fund2"
        );
        for bad in ["a", "1fund", "基金", "fund/x", &"a".repeat(41)] {
            assert_eq!(
                normalize_fund_code(bad).unwrap_err().code,
                "fund.code_format",
                "{bad}"
            );
        }
        let v = validate_fund(&FundForm {
            code: "bio_vc".into(),
            kind: "private".into(),
            name_ja: " バイオVC1号投資事業有限責任組合 ".into(),
            name_en: String::new(),
            manager: "バイオキャピタル株式会社".into(),
        })
        .unwrap();
        assert_eq!(
            (v.code.as_str(), v.kind, v.name_ja.as_str()),
            (
                "bio_vc",
                FundKind::Private,
                "バイオVC1号投資事業有限責任組合"
            )
        );
        let e: Vec<(String, String)> = validate_fund(&FundForm {
            kind: "angel".into(),
            ..Default::default()
        })
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
        assert_eq!(
            e,
            vec![
                ("code".to_string(), "text.required".to_string()),
                ("kind".to_string(), "fund_kind.unknown".to_string()),
                ("name_ja".to_string(), "text.required".to_string()),
            ]
        );
    }
}
