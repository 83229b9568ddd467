//! A venture's profile as users type it: the form, its codes, and the checks shared by the
//! browser and the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::corporate_number::CorporateNumber;
use super::journey_form::parse_date;
use super::registry::validate_url;
use super::text::{normalize_reading, search_key, validate_text, TextRules};
use super::validation::{FieldError, FieldErrors};

code_enum! {
    /// What kind of medicine the venture works on (`ventures.modality`, `programs.modality`).
    pub enum Modality ("modality") {
        CellTherapy = "cell_therapy",
        GeneTherapy = "gene_therapy",
        TissueEngineered = "tissue_engineered",
        RegenerativeDevice = "regenerative_device",
        DrugDiscovery = "drug_discovery",
        Platform = "platform",
        Other = "other",
    }
}

code_enum! {
    /// Whether the venture is still here and working (`ventures.status`).
    pub enum VentureStatus ("venture_status") {
        Active = "active",
        Acquired = "acquired",
        Closed = "closed",
        RelocatedOut = "relocated_out",
    }
}

/// Names: required (Japanese) or optional (English), one line, at most 200 characters.
pub const NAME_JA: TextRules = TextRules::single_line(200).required();
pub const NAME_EN: TextRules = TextRules::single_line(200);
/// The reading in kana, required (the list sorts by it).
pub const KANA: TextRules = TextRules::single_line(200).required();
pub const ORIGIN: TextRules = TextRules::single_line(200);
pub const SUMMARY: TextRules = TextRules::multi_line(2000);

/// The venture form as typed (every field text, as an HTML form sends it; a field left out is
/// empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VentureForm {
    pub name_ja: String,
    pub name_en: String,
    pub name_kana: String,
    pub corporate_number: String,
    /// Hub code; only when creating (moves between hubs are dated records of their own).
    pub hub: String,
    pub founded_on: String,
    pub located_on: String,
    pub origin_institution: String,
    pub modality: String,
    pub status: String,
    pub website: String,
    pub summary: String,
}

/// A checked, normalised venture profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidVenture {
    pub name_ja: String,
    pub name_en: String,
    /// Katakana (hiragana and half-width kana are converted).
    pub name_kana: String,
    /// 13 ASCII digits (full-width digits and hyphens accepted on input).
    pub corporate_number: Option<String>,
    pub hub: String,
    pub founded_on: Option<NaiveDate>,
    pub located_on: Option<NaiveDate>,
    pub origin_institution: String,
    pub modality: Modality,
    pub status: VentureStatus,
    pub website: String,
    pub summary: String,
}

impl ValidVenture {
    /// `ventures.search_text`: the search keys of both names and the reading, space-separated
    /// (so a search never matches across two of them).
    pub fn search_text(&self) -> String {
        venture_search_text(&self.name_ja, &self.name_en, &self.name_kana)
    }
}

/// `ventures.search_text` for these names.
pub fn venture_search_text(name_ja: &str, name_en: &str, name_kana: &str) -> String {
    [name_ja, name_en, name_kana]
        .iter()
        .map(|s| search_key(s))
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A founding or location date cannot be after today (in Japan): `date.in_future`.
fn not_future(
    field: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    match date {
        Some(d) if d > today => {
            Err(FieldError::new(field, "date.in_future").with_param("today", today))
        }
        other => Ok(other),
    }
}

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

/// A reading must be kana (hiragana, katakana, the long-vowel mark, spaces, middle dot).
fn validate_kana(raw: &str) -> Result<String, FieldError> {
    let text = validate_text(raw, KANA)
        .map_err(|e| super::validation::ToFieldError::field_error(&e, "name_kana"))?;
    let reading = normalize_reading(&text);
    let kana = |c: char| {
        matches!(
            c,
            '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | ' ' | 'ヽ' | 'ヾ' | '\u{3000}'
        )
    };
    if reading.chars().all(kana) {
        Ok(reading)
    } else {
        Err(FieldError::new("name_kana", "kana.not_kana"))
    }
}

/// Check the whole form; every bad field is reported at once. `creating` asks for the hub.
pub fn validate_venture(
    f: &VentureForm,
    creating: bool,
    today: NaiveDate,
) -> Result<ValidVenture, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name_ja = errors.check("name_ja", validate_text(&f.name_ja, NAME_JA));
    let name_en = errors.check("name_en", validate_text(&f.name_en, NAME_EN));
    let name_kana = errors.check("name_kana", validate_kana(&f.name_kana));
    let corporate_number = errors.check(
        "corporate_number",
        CorporateNumber::parse_optional(&f.corporate_number),
    );
    let hub = f.hub.trim().to_string();
    if creating && hub.is_empty() {
        errors.push(FieldError::new("hub", "hub.required"));
    }
    let founded_on = errors.check(
        "founded_on",
        optional_date("founded_on", &f.founded_on).and_then(|d| not_future("founded_on", d, today)),
    );
    let located_on = errors.check(
        "located_on",
        optional_date("located_on", &f.located_on).and_then(|d| not_future("located_on", d, today)),
    );
    if let (Some(Some(founded)), Some(Some(located))) = (founded_on, located_on) {
        if located < founded {
            errors.push(FieldError::new(
                "located_on",
                "venture.located_before_founded",
            ));
        }
    }
    let origin = errors.check(
        "origin_institution",
        validate_text(&f.origin_institution, ORIGIN),
    );
    let modality = errors.check(
        "modality",
        f.modality
            .trim()
            .parse::<Modality>()
            .map_err(|_| FieldError::new("modality", "modality.unknown")),
    );
    let status = if f.status.trim().is_empty() {
        Some(VentureStatus::Active)
    } else {
        errors.check(
            "status",
            f.status
                .trim()
                .parse::<VentureStatus>()
                .map_err(|_| FieldError::new("status", "status.unknown")),
        )
    };
    let website = if f.website.trim().is_empty() {
        Some(String::new())
    } else {
        errors.check("website", validate_url(&f.website))
    };
    let summary = errors.check("summary", validate_text(&f.summary, SUMMARY));
    if !errors.is_empty() {
        return Err(errors);
    }
    match (
        name_ja,
        name_en,
        name_kana,
        corporate_number,
        founded_on,
        located_on,
        origin,
        modality,
        status,
        website,
        summary,
    ) {
        (
            Some(name_ja),
            Some(name_en),
            Some(name_kana),
            Some(corporate_number),
            Some(founded_on),
            Some(located_on),
            Some(origin_institution),
            Some(modality),
            Some(status),
            Some(website),
            Some(summary),
        ) => Ok(ValidVenture {
            name_ja,
            name_en,
            name_kana,
            corporate_number: corporate_number.map(String::from),
            hub,
            founded_on,
            located_on,
            origin_institution,
            modality,
            status,
            website,
            summary,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn form() -> VentureForm {
        VentureForm {
            name_ja: "株式会社セルリンク".into(),
            name_en: "CellLink Inc.".into(),
            name_kana: "せるりんく".into(),
            corporate_number: "７−００００−１２０５−０００２".into(),
            hub: "tonomachi".into(),
            founded_on: "2019-04-01".into(),
            located_on: "2020/10/1".into(),
            modality: "cell_therapy".into(),
            ..VentureForm::default()
        }
    }

    #[test]
    fn full_width_digits_and_hiragana_are_normalised() {
        let v = validate_venture(&form(), true, today()).unwrap();
        assert_eq!(v.corporate_number.as_deref(), Some("7000012050002"));
        assert_eq!(v.name_kana, "セルリンク");
        assert_eq!(v.status, VentureStatus::Active);
        assert_eq!(v.located_on, NaiveDate::from_ymd_opt(2020, 10, 1));
        assert!(v.search_text().contains("cellink") || v.search_text().contains("celllink"));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let f = VentureForm {
            name_ja: " ".into(),
            name_kana: "CellLink".into(),
            corporate_number: "1234".into(),
            hub: String::new(),
            founded_on: "2021-01-01".into(),
            located_on: "2020-01-01".into(),
            modality: "magic".into(),
            website: "javascript:alert(1)".into(),
            ..VentureForm::default()
        };
        let errs = validate_venture(&f, true, today()).unwrap_err();
        let codes: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("name_ja", "text.required"),
                ("name_kana", "kana.not_kana"),
                ("corporate_number", "corporate_number.wrong_length"),
                ("hub", "hub.required"),
                ("located_on", "venture.located_before_founded"),
                ("modality", "modality.unknown"),
                ("website", "url.scheme"),
            ]
        );
        // Editing does not ask for the hub.
        let mut ok = form();
        ok.hub.clear();
        assert!(validate_venture(&ok, false, today()).is_ok());
    }

    #[test]
    fn founding_and_location_dates_are_not_after_today() {
        let mut f = form();
        f.founded_on = "2026-11-26".into();
        f.located_on = "2027-04-01".into();
        let errs = validate_venture(&f, true, today()).unwrap_err();
        let codes: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str(), e.param("today")))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("founded_on", "date.in_future", Some("2026-11-25")),
                ("located_on", "date.in_future", Some("2026-11-25")),
            ]
        );
        f.founded_on = "2026-11-25".into();
        f.located_on = "2026-11-25".into();
        assert!(
            validate_venture(&f, true, today()).is_ok(),
            "today itself is fine"
        );
        f.founded_on = "2026-02-31".into();
        let errs = validate_venture(&f, true, today()).unwrap_err();
        assert_eq!(errs.iter().next().unwrap().code, "date.invalid");
    }
}

/// A program's name: required, one line, at most 200 characters; its indication optional.
pub const PROGRAM_NAME: TextRules = TextRules::single_line(200).required();
pub const INDICATION: TextRules = TextRules::single_line(200);

/// A checked new program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProgram {
    pub name: String,
    pub modality: Modality,
    pub indication: String,
    pub track: super::stage::Track,
}

/// Check the new-program form; every bad field is reported at once.
pub fn validate_program(
    name: &str,
    modality: &str,
    indication: &str,
    track: &str,
) -> Result<ValidProgram, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", validate_text(name, PROGRAM_NAME));
    let modality = errors.check(
        "modality",
        modality
            .trim()
            .parse::<Modality>()
            .map_err(|_| FieldError::new("modality", "modality.unknown")),
    );
    let indication = errors.check("indication", validate_text(indication, INDICATION));
    let track = errors.check(
        "track",
        track
            .trim()
            .parse::<super::stage::Track>()
            .map_err(|_| FieldError::new("track", "track.unknown")),
    );
    match (name, modality, indication, track) {
        (Some(name), Some(modality), Some(indication), Some(track)) if errors.is_empty() => {
            Ok(ValidProgram {
                name,
                modality,
                indication,
                track,
            })
        }
        _ => Err(errors),
    }
}
