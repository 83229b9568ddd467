//! Spreadsheet exchange: the CSV files' columns and the checks of one imported row.
//!
//! Pure: the server decodes the file and splits it into cells (the `csv` and `encoding_rs`
//! crates stay server-only), then hands each row here. A row is checked with the same functions
//! the forms use ([`validate_venture`], [`validate_program`], [`validate_event`],
//! [`validate_reason`]); what needs the database (duplicates, the venture or program a row
//! names, the journey rules on the replayed history) is checked by the server afterwards.
//!
//! Line numbers are the spreadsheet's row numbers: the header is line 1, the first data row
//! line 2 (a cell with line breaks still counts as one row, as Excel shows it).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::corporate_number::CorporateNumber;
use super::journey_form::{validate_event, validate_reason, EventInput};
use super::stage::{EventBody, EventKind, Track};
use super::text::{duplicate_key, validate_text, TextRules};
use super::validation::{FieldError, FieldErrors};
use super::venture::{
    validate_program, validate_venture, ValidProgram, ValidVenture, VentureForm, NAME_JA,
    PROGRAM_NAME,
};

code_enum! {
    /// What a CSV file holds (exports: all four; imports: the first three).
    pub enum ExchangeKind ("exchange_kind") {
        Ventures = "ventures",
        Programs = "programs",
        StageEvents = "stage_events",
        /// Trial notifications (治験計画届): export only.
        Notifications = "notifications",
    }
}

impl ExchangeKind {
    /// The kinds a file may be imported as, in the order they build on each other.
    pub const IMPORTABLE: [ExchangeKind; 3] = [
        ExchangeKind::Ventures,
        ExchangeKind::Programs,
        ExchangeKind::StageEvents,
    ];

    pub fn importable(self) -> bool {
        Self::IMPORTABLE.contains(&self)
    }

    /// Every column, in the files' order (the export's header row).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExchangeKind::Ventures => VENTURE_COLUMNS,
            ExchangeKind::Programs => PROGRAM_COLUMNS,
            ExchangeKind::StageEvents => EVENT_COLUMNS,
            ExchangeKind::Notifications => NOTIFICATION_COLUMNS,
        }
    }

    /// Columns an import must have (a venture reference needs one of its two columns).
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            ExchangeKind::Ventures => &["name_ja", "name_kana", "hub", "modality"],
            ExchangeKind::Programs => &["name", "modality", "track"],
            ExchangeKind::StageEvents => &["program_name", "kind", "occurred_on"],
            ExchangeKind::Notifications => &[],
        }
    }

    /// Columns derived from other records: exported for reading, ignored on import.
    pub fn derived_columns(self) -> &'static [&'static str] {
        match self {
            ExchangeKind::Ventures => &["current_stage"],
            ExchangeKind::Programs => &["current_stage", "status", "stage_reached_on"],
            ExchangeKind::StageEvents | ExchangeKind::Notifications => &[],
        }
    }

    /// Whether rows name their venture (corporate number or name).
    fn refers_to_venture(self) -> bool {
        !matches!(self, ExchangeKind::Ventures)
    }
}

pub const VENTURE_COLUMNS: &[&str] = &[
    "corporate_number",
    "name_ja",
    "name_en",
    "name_kana",
    "hub",
    "founded_on",
    "located_on",
    "origin_institution",
    "modality",
    "status",
    "website",
    "summary",
    "current_stage",
];

pub const PROGRAM_COLUMNS: &[&str] = &[
    "venture_corporate_number",
    "venture_name_ja",
    "name",
    "modality",
    "indication",
    "track",
    "risk_class",
    "current_stage",
    "status",
    "stage_reached_on",
];

pub const EVENT_COLUMNS: &[&str] = &[
    "venture_corporate_number",
    "venture_name_ja",
    "program_name",
    "event_id",
    "kind",
    "stage",
    "exit_kind",
    "occurred_on",
    "precision",
    "source_url",
    "note",
    "retracts_event_id",
    "reason",
];

pub const NOTIFICATION_COLUMNS: &[&str] = &[
    "venture_corporate_number",
    "venture_name_ja",
    "program_name",
    "notified_on",
    "sponsor",
    "registry_id",
    "phase",
    "title",
    "note",
];

/// The largest file accepted for import.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most data rows accepted in one file.
pub const MAX_ROWS: usize = 20_000;

/// A problem at a line of the file: `error` with the line as its first parameter (`line`).
pub fn at_line(line: u64, e: FieldError) -> FieldError {
    let mut params = vec![("line".to_string(), line.to_string())];
    params.extend(e.params);
    FieldError {
        field: e.field,
        code: e.code,
        params,
    }
}

/// The line a problem was reported at (0 when it concerns the whole file).
pub fn line_of(e: &FieldError) -> u64 {
    e.param("line").and_then(|l| l.parse().ok()).unwrap_or(0)
}

/// Where each known column is in the file's header row.
#[derive(Debug, Clone)]
pub struct Header {
    kind: ExchangeKind,
    /// Column name → index in the row.
    index: Vec<(&'static str, usize)>,
}

impl Header {
    /// Read the header row: names are trimmed and compared without case. Every problem
    /// (unknown, repeated or missing columns) is reported at line 1.
    pub fn parse(kind: ExchangeKind, cells: &[String]) -> Result<Header, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut index: Vec<(&'static str, usize)> = Vec::new();
        for (i, raw) in cells.iter().enumerate() {
            let name = raw.trim().to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            match kind.columns().iter().find(|c| **c == name) {
                Some(col) if index.iter().any(|(c, _)| c == col) => errors.push(at_line(
                    1,
                    FieldError::new(*col, "xchg.column_repeated").with_param("column", col),
                )),
                Some(col) => index.push((col, i)),
                None => errors.push(at_line(
                    1,
                    FieldError::new("_file", "xchg.column_unknown").with_param("column", &name),
                )),
            }
        }
        for col in kind.required_columns() {
            if !index.iter().any(|(c, _)| c == col) {
                errors.push(at_line(
                    1,
                    FieldError::new(*col, "xchg.column_missing").with_param("column", col),
                ));
            }
        }
        if kind.refers_to_venture()
            && !index
                .iter()
                .any(|(c, _)| *c == "venture_corporate_number" || *c == "venture_name_ja")
        {
            errors.push(at_line(
                1,
                FieldError::new("venture_name_ja", "xchg.column_missing")
                    .with_param("column", "venture_corporate_number / venture_name_ja"),
            ));
        }
        errors.into_result().map(|()| Header { kind, index })
    }

    pub fn kind(&self) -> ExchangeKind {
        self.kind
    }

    /// The number of columns the header row has (at least).
    fn width(&self) -> usize {
        self.index.iter().map(|(_, i)| i + 1).max().unwrap_or(0)
    }

    /// The cell of `column` in `row` (empty when the file has no such column).
    pub fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.index
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| row.get(*i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Whether every cell of a row is blank (Excel leaves such rows at the end of a sheet).
pub fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// How a row names its venture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VentureRef {
    /// 13 ASCII digits.
    pub corporate_number: Option<String>,
    /// The name as written (normalised), and its duplicate key.
    pub name_ja: String,
    pub name_key: String,
}

impl VentureRef {
    /// What to show for it in a message.
    pub fn label(&self) -> String {
        match (&self.corporate_number, self.name_ja.is_empty()) {
            (Some(n), true) => n.clone(),
            (Some(n), false) => format!("{} ({n})", self.name_ja),
            (None, _) => self.name_ja.clone(),
        }
    }
}

fn venture_ref(h: &Header, row: &[String], errors: &mut FieldErrors) -> Option<VentureRef> {
    let number = errors.check(
        "venture_corporate_number",
        CorporateNumber::parse_optional(h.cell(row, "venture_corporate_number")),
    );
    let name = errors.check(
        "venture_name_ja",
        validate_text(
            h.cell(row, "venture_name_ja"),
            TextRules {
                required: false,
                ..NAME_JA
            },
        ),
    );
    let (number, name) = (number?, name?);
    if number.is_none() && name.is_empty() {
        errors.push(FieldError::new(
            "venture_name_ja",
            "xchg.venture_ref_required",
        ));
        return None;
    }
    Some(VentureRef {
        corporate_number: number.map(String::from),
        name_key: if name.is_empty() {
            String::new()
        } else {
            duplicate_key(&name)
        },
        name_ja: name,
    })
}

/// The extra check a row must pass: a row that is too long has cells outside every column.
fn width_check(h: &Header, row: &[String], errors: &mut FieldErrors) {
    let used = row
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    if used > h.width() {
        errors.push(
            FieldError::new("_row", "xchg.too_many_cells")
                .with_param("cells", used)
                .with_param("columns", h.width()),
        );
    }
}

/// A venture row, checked as the new-venture form checks it.
pub fn venture_row(
    h: &Header,
    row: &[String],
    today: NaiveDate,
) -> Result<ValidVenture, FieldErrors> {
    let mut errors = FieldErrors::new();
    width_check(h, row, &mut errors);
    let c = |col: &str| h.cell(row, col).to_string();
    let form = VentureForm {
        name_ja: c("name_ja"),
        name_en: c("name_en"),
        name_kana: c("name_kana"),
        corporate_number: c("corporate_number"),
        hub: c("hub"),
        founded_on: c("founded_on"),
        located_on: c("located_on"),
        origin_institution: c("origin_institution"),
        modality: c("modality"),
        status: c("status"),
        website: c("website"),
        summary: c("summary"),
    };
    match validate_venture(&form, true, today) {
        Ok(v) if errors.is_empty() => Ok(v),
        Ok(_) => Err(errors),
        Err(e) => {
            for f in e {
                errors.push(f);
            }
            Err(errors)
        }
    }
}

code_enum! {
    /// Risk class of a Safety Act provision plan (`programs.risk_class`).
    pub enum RiskClass ("risk_class") {
        Class1 = "class1",
        Class2 = "class2",
        Class3 = "class3",
    }
}

/// A program row: the new-program form's checks, plus the risk class (Safety Act only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramRow {
    pub venture: VentureRef,
    pub program: ValidProgram,
    pub risk_class: Option<RiskClass>,
}

pub fn program_row(h: &Header, row: &[String]) -> Result<ProgramRow, FieldErrors> {
    let mut errors = FieldErrors::new();
    width_check(h, row, &mut errors);
    let venture = venture_ref(h, row, &mut errors);
    let program = match validate_program(
        h.cell(row, "name"),
        h.cell(row, "modality"),
        h.cell(row, "indication"),
        h.cell(row, "track"),
    ) {
        Ok(p) => Some(p),
        Err(e) => {
            for f in e {
                errors.push(f);
            }
            None
        }
    };
    let raw_risk = h.cell(row, "risk_class").trim();
    let risk_class = if raw_risk.is_empty() {
        Some(None)
    } else {
        errors
            .check(
                "risk_class",
                raw_risk
                    .parse::<RiskClass>()
                    .map_err(|_| FieldError::new("risk_class", "xchg.code_unknown")),
            )
            .map(Some)
    };
    if let (Some(p), Some(Some(_))) = (&program, &risk_class) {
        if p.track != Track::SafetyAct {
            errors.push(FieldError::new(
                "risk_class",
                "xchg.risk_class_safety_act_only",
            ));
        }
    }
    match (venture, program, risk_class) {
        (Some(venture), Some(program), Some(risk_class)) if errors.is_empty() => Ok(ProgramRow {
            venture,
            program,
            risk_class,
        }),
        _ => Err(errors),
    }
}

/// A stage-event row: the journey form's checks (the journey rules follow on the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub venture: VentureRef,
    pub program_name: String,
    /// Kept when given (so retractions in the same file can name it), else a new one.
    pub event_id: Option<Uuid>,
    pub input: EventInput,
}

fn optional_uuid(field: &str, raw: &str) -> Result<Option<Uuid>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(raw)
        .map(Some)
        .map_err(|_| FieldError::new(field, "xchg.uuid_invalid"))
}

pub fn event_row(h: &Header, row: &[String]) -> Result<EventRow, FieldErrors> {
    let mut errors = FieldErrors::new();
    width_check(h, row, &mut errors);
    let venture = venture_ref(h, row, &mut errors);
    let program_name = errors.check(
        "program_name",
        validate_text(h.cell(row, "program_name"), PROGRAM_NAME),
    );
    let event_id = errors.check(
        "event_id",
        optional_uuid("event_id", h.cell(row, "event_id")),
    );
    let kind = errors.check(
        "kind",
        h.cell(row, "kind")
            .trim()
            .parse::<EventKind>()
            .map_err(|_| FieldError::new("kind", "xchg.kind_unknown")),
    );
    let precision = match h.cell(row, "precision").trim() {
        "" => "day",
        p => p,
    };
    // The journey form's action value for this kind; a retraction has its own fields.
    let code = |col: &str| h.cell(row, col).trim().to_string();
    let action = match kind {
        Some(EventKind::Stage) => Some((format!("stage:{}", code("stage")), "stage")),
        Some(EventKind::Exit) => Some((format!("exit:{}", code("exit_kind")), "exit_kind")),
        Some(EventKind::Resumed) | Some(EventKind::Retraction) => {
            Some(("resumed".to_string(), "kind"))
        }
        None => None,
    };
    let mut input = None;
    if let Some((action, action_column)) = action {
        match validate_event(
            &action,
            h.cell(row, "occurred_on"),
            precision,
            h.cell(row, "source_url"),
            h.cell(row, "note"),
        ) {
            Ok(i) => input = Some(i),
            Err(e) => {
                for f in e {
                    // The form's one "action" field is the kind's code column here.
                    if f.field == "action" {
                        errors.push(FieldError::new(action_column, "xchg.code_unknown"));
                    } else {
                        errors.push(f);
                    }
                }
            }
        }
    }
    if kind == Some(EventKind::Retraction) {
        let target = errors.check(
            "retracts_event_id",
            optional_uuid("retracts_event_id", h.cell(row, "retracts_event_id")),
        );
        if target == Some(None) {
            errors.push(FieldError::new(
                "retracts_event_id",
                "xchg.retracts_required",
            ));
        }
        let reason = match validate_reason(h.cell(row, "reason")) {
            Ok(r) => Some(r),
            Err(e) => {
                for f in e {
                    errors.push(f);
                }
                None
            }
        };
        if let (Some(i), Some(Some(target)), Some(reason)) = (input.as_mut(), target, reason) {
            i.body = EventBody::Retraction {
                retracts_event_id: target,
                reason,
            };
        }
    }
    match (venture, program_name, event_id, input) {
        (Some(venture), Some(program_name), Some(event_id), Some(input)) if errors.is_empty() => {
            Ok(EventRow {
                venture,
                program_name,
                event_id,
                input,
            })
        }
        _ => Err(errors),
    }
}

/// What an import preview (or a refused import) reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `ventures`, `programs` or `stage_events`.
    pub kind: String,
    pub file_name: String,
    /// `utf-8`, `utf-8-bom` or `shift_jis`.
    pub encoding: String,
    /// Data rows (blank rows are not counted).
    pub rows: u64,
    /// Rows without a problem.
    pub good_rows: u64,
    /// Every problem, each with its `line` parameter (1 = the header row).
    pub problems: Vec<FieldError>,
    /// Notes that do not block (e.g. a stage dated before the venture was founded).
    pub warnings: Vec<FieldError>,
    /// Records written (0 for a preview).
    pub written: u64,
}

impl ImportReport {
    /// Only a file without a single problem may be imported.
    pub fn importable(&self) -> bool {
        self.problems.is_empty() && self.rows > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stage::Stage;

    fn cells(s: &[&str]) -> Vec<String> {
        s.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn header_reports_unknown_missing_and_repeated_columns() {
        let errs = Header::parse(
            ExchangeKind::Ventures,
            &cells(&["Name_JA", "hub", "hub", "colour"]),
        )
        .unwrap_err();
        let codes: Vec<_> = errs
            .iter()
            .map(|e| (e.code.as_str(), e.param("column").unwrap(), line_of(e)))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("xchg.column_repeated", "hub", 1),
                ("xchg.column_unknown", "colour", 1),
                ("xchg.column_missing", "name_kana", 1),
                ("xchg.column_missing", "modality", 1),
            ]
        );
        let h = Header::parse(ExchangeKind::Ventures, &cells(VENTURE_COLUMNS)).unwrap();
        assert_eq!(h.cell(&cells(&["", "株式会社A"]), "name_ja"), "株式会社A");
        assert_eq!(h.cell(&cells(&["x"]), "summary"), "");
    }

    #[test]
    fn venture_rows_use_the_form_checks() {
        let h = Header::parse(
            ExchangeKind::Ventures,
            &cells(&[
                "name_ja",
                "name_kana",
                "hub",
                "modality",
                "corporate_number",
            ]),
        )
        .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let v = venture_row(
            &h,
            &cells(&[
                "株式会社セル",
                "せる",
                "ksp",
                "cell_therapy",
                "7000012050002",
            ]),
            today,
        )
        .unwrap();
        assert_eq!(v.name_kana, "セル");
        let errs = venture_row(
            &h,
            &cells(&["", "セル", "ksp", "magic", "123", "extra"]),
            today,
        )
        .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "xchg.too_many_cells",
                "text.required",
                "corporate_number.wrong_length",
                "modality.unknown"
            ]
        );
    }

    #[test]
    fn program_rows_need_a_venture_and_a_fitting_risk_class() {
        let h = Header::parse(ExchangeKind::Programs, &cells(PROGRAM_COLUMNS)).unwrap();
        let row = |name: &str, track: &str, risk: &str| {
            cells(&["", name, "CL-1", "cell_therapy", "", track, risk])
        };
        let p = program_row(&h, &row("株式会社A", "safety_act", "class2")).unwrap();
        assert_eq!(p.risk_class, Some(RiskClass::Class2));
        assert_eq!(p.venture.name_key, duplicate_key("株式会社A"));
        let e = program_row(&h, &row("株式会社A", "pmd_act", "class2")).unwrap_err();
        assert_eq!(
            e.iter().next().unwrap().code,
            "xchg.risk_class_safety_act_only"
        );
        let e = program_row(&h, &row("", "pmd_act", "")).unwrap_err();
        assert_eq!(e.iter().next().unwrap().code, "xchg.venture_ref_required");
    }

    #[test]
    fn event_rows_map_to_the_journey_form() {
        let h = Header::parse(ExchangeKind::StageEvents, &cells(EVENT_COLUMNS)).unwrap();
        let id = Uuid::now_v7();
        let row = |kind: &str, stage: &str, on: &str, retracts: &str, reason: &str| {
            cells(&[
                "7000012050002",
                "",
                "CL-1",
                "",
                kind,
                stage,
                "",
                on,
                "month",
                "",
                "",
                retracts,
                reason,
            ])
        };
        let e = event_row(&h, &row("stage", "phase1", "2024/5/17", "", "")).unwrap();
        assert_eq!(
            e.input.body,
            EventBody::Stage {
                stage: Stage::Phase1
            }
        );
        assert_eq!(e.input.occurred_on.to_string(), "2024-05-01");
        let r = event_row(
            &h,
            &row("retraction", "", "2024-06-01", &id.to_string(), "誤記"),
        )
        .unwrap();
        assert_eq!(
            r.input.body,
            EventBody::Retraction {
                retracts_event_id: id,
                reason: "誤記".into()
            }
        );
        let errs = event_row(&h, &row("stage", "phase9", "2024-13-01", "", "")).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("stage", "xchg.code_unknown"),
                ("occurred_on", "date.invalid")
            ]
        );
        let errs = event_row(&h, &row("retraction", "", "2024-06-01", "x", "")).unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(got, vec!["xchg.uuid_invalid", "text.required"]);
    }

    #[test]
    fn problems_carry_their_line_first() {
        let e = at_line(
            7,
            FieldError::new("hub", "text.too_long").with_param("max", 5),
        );
        assert_eq!(e.params[0], ("line".to_string(), "7".to_string()));
        assert_eq!(line_of(&e), 7);
        assert_eq!(e.param("max"), Some("5"));
    }
}
