//! Spreadsheet exchange on the server: CSV export of what the ventures list shows, and CSV import
//! of ventures, programs and stage events.
//!
//! Export: UTF-8 with a BOM (so Excel opens Japanese text correctly), one header row of the
//! column codes of [`ExchangeKind::columns`], CRLF line ends, database codes in code columns.
//! A constant number of SQL statements per file (the ventures' filter is a subquery).
//!
//! Import: the file is decoded (UTF-8 with or without BOM, else Shift_JIS / CP932 as Excel saves
//! it on Japanese Windows), split into rows, every row checked with the forms' checks
//! ([`crate::domain::csv_rows`]) and then against the database (duplicates, the venture or
//! program it names, the journey rules on the replayed history, rows of one program building on
//! each other). The preview reports every problem with its line; the import checks everything
//! again inside its one write transaction and writes nothing unless no row has a problem.
//! Audit: one event per record written, the same as the forms write (a venture's `create`, a
//! program's `create`, a program's `update`/`retract` per stage event, with its `version`),
//! each noting the file and line.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use entity::{hubs, programs, stage_events, trial_notifications, venture_hub_tenancies, ventures};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, QueryTrait, TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::csv_rows::{
    at_line, event_row, is_blank, program_row, venture_row, EventRow, ExchangeKind, Header,
    ImportReport, ProgramRow, VentureRef, MAX_FILE_BYTES, MAX_ROWS,
};
use crate::domain::stage::{
    check_event, derive_state, CheckContext, EventBody, ProgramState, StageEvent, Track,
};
use crate::domain::text::duplicate_key;
use crate::domain::validation::{FieldError, ToFieldError};
use crate::domain::venture::ValidVenture;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::state::{internal, AppState};
use crate::ssr::{db::Db, journey};

/// Values per `IN (…)` list when looking rows up (well under every database's parameter limit).
const CHUNK: usize = 500;

// ---- export ----------------------------------------------------------------------------------

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The CSV bytes: BOM, header row, rows; CRLF line ends; fields quoted where needed.
pub fn write_csv(columns: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(columns).map_err(internal("writing CSV"))?;
        for r in rows {
            w.write_record(r).map_err(internal("writing CSV"))?;
        }
        w.flush().map_err(internal("writing CSV"))?;
    }
    Ok(out)
}

/// The rows of one export file for the ventures matching `q` (all pages), in the list's order;
/// programs by name within their venture, events in recording order, notifications by date.
pub async fn export_rows(
    db: &Db,
    kind: ExchangeKind,
    q: &crate::api::ventures::VentureQuery,
) -> Result<Vec<Vec<String>>, AppError> {
    let conn = db.read();
    let hubs = crate::ssr::ventures::hubs(db).await?;
    let select = crate::ssr::ventures::filtered(&hubs, q)?;
    let mut ids = select.clone().select_only().column(ventures::Column::Id);
    QuerySelect::query(&mut ids).clear_order_by();
    let venture_ids = ids.into_query();
    let vs = select
        .all(conn)
        .await
        .map_err(internal("exporting ventures"))?;
    let hub_code: HashMap<Uuid, String> = hubs.iter().map(|h| (h.id, h.code.clone())).collect();
    let order: HashMap<Uuid, usize> = vs.iter().enumerate().map(|(i, v)| (v.id, i)).collect();
    let by_id: HashMap<Uuid, &ventures::Model> = vs.iter().map(|v| (v.id, v)).collect();

    if kind == ExchangeKind::Ventures {
        return Ok(vs
            .iter()
            .map(|v| {
                vec![
                    v.corporate_number.clone().unwrap_or_default(),
                    v.name_ja.clone(),
                    v.name_en.clone(),
                    v.name_kana.clone(),
                    hub_code.get(&v.current_hub_id).cloned().unwrap_or_default(),
                    date(v.founded_on),
                    date(v.located_on),
                    v.origin_institution.clone(),
                    v.modality.clone(),
                    v.status.clone(),
                    v.website.clone(),
                    v.summary.clone(),
                    v.current_stage.clone().unwrap_or_default(),
                ]
            })
            .collect());
    }

    let program_select = programs::Entity::find()
        .filter(programs::Column::ArchivedAt.is_null())
        .filter(programs::Column::VentureId.in_subquery(venture_ids));
    let mut program_ids = program_select
        .clone()
        .select_only()
        .column(programs::Column::Id);
    QuerySelect::query(&mut program_ids).clear_order_by();
    let program_ids = program_ids.into_query();
    let mut ps = program_select
        .all(conn)
        .await
        .map_err(internal("exporting programs"))?;
    ps.sort_by(|a, b| {
        (order.get(&a.venture_id), &a.name).cmp(&(order.get(&b.venture_id), &b.name))
    });
    let program_order: HashMap<Uuid, usize> =
        ps.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let reference = |venture_id: Uuid| -> (String, String) {
        by_id
            .get(&venture_id)
            .map(|v| {
                (
                    v.corporate_number.clone().unwrap_or_default(),
                    v.name_ja.clone(),
                )
            })
            .unwrap_or_default()
    };
    let program_by_id: HashMap<Uuid, &programs::Model> = ps.iter().map(|p| (p.id, p)).collect();

    match kind {
        ExchangeKind::Ventures => unreachable!("returned above"),
        ExchangeKind::Programs => Ok(ps
            .iter()
            .map(|p| {
                let (number, name) = reference(p.venture_id);
                vec![
                    number,
                    name,
                    p.name.clone(),
                    p.modality.clone(),
                    p.indication.clone(),
                    p.track.clone(),
                    p.risk_class.clone().unwrap_or_default(),
                    p.current_stage.clone(),
                    p.status.clone(),
                    date(p.stage_reached_on),
                ]
            })
            .collect()),
        ExchangeKind::StageEvents => {
            let mut es = stage_events::Entity::find()
                .filter(stage_events::Column::ProgramId.in_subquery(program_ids))
                .all(conn)
                .await
                .map_err(internal("exporting stage events"))?;
            es.sort_by(|a, b| {
                (program_order.get(&a.program_id), a.recorded_at, a.id).cmp(&(
                    program_order.get(&b.program_id),
                    b.recorded_at,
                    b.id,
                ))
            });
            Ok(es
                .iter()
                .filter_map(|e| {
                    let p = program_by_id.get(&e.program_id)?;
                    let (number, name) = reference(p.venture_id);
                    Some(vec![
                        number,
                        name,
                        p.name.clone(),
                        e.id.to_string(),
                        e.kind.clone(),
                        e.stage.clone().unwrap_or_default(),
                        e.exit_kind.clone().unwrap_or_default(),
                        date(Some(e.occurred_on)),
                        e.date_precision.clone(),
                        e.source_url.clone(),
                        e.note.clone(),
                        e.retracts_event_id
                            .map(|id| id.to_string())
                            .unwrap_or_default(),
                        e.reason.clone().unwrap_or_default(),
                    ])
                })
                .collect())
        }
        ExchangeKind::Notifications => {
            let mut ns = trial_notifications::Entity::find()
                .filter(trial_notifications::Column::ArchivedAt.is_null())
                .filter(trial_notifications::Column::ProgramId.in_subquery(program_ids))
                .all(conn)
                .await
                .map_err(internal("exporting notifications"))?;
            ns.sort_by(|a, b| {
                (program_order.get(&a.program_id), a.notified_on, a.id).cmp(&(
                    program_order.get(&b.program_id),
                    b.notified_on,
                    b.id,
                ))
            });
            Ok(ns
                .iter()
                .filter_map(|n| {
                    let p = program_by_id.get(&n.program_id)?;
                    let (number, name) = reference(p.venture_id);
                    Some(vec![
                        number,
                        name,
                        p.name.clone(),
                        date(Some(n.notified_on)),
                        n.sponsor.clone(),
                        n.registry_id.clone(),
                        n.phase.clone(),
                        n.title.clone(),
                        n.note.clone(),
                    ])
                })
                .collect())
        }
    }
}

/// `GET /ventures/export/{kind}.csv?q=&hub=&stage=&sort=`: the file for the list's current
/// filters. Any signed-in user (the route also sits behind the sign-in layer).
pub async fn export_handler(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    session: tower_sessions::Session,
) -> Response {
    let kind = file
        .strip_suffix(".csv")
        .and_then(|k| k.parse::<ExchangeKind>().ok());
    let Some(kind) = kind else {
        return (http::StatusCode::NOT_FOUND, "unknown export").into_response();
    };
    match crate::ssr::auth::session_user(&state.db, &session).await {
        Ok(Some(_)) => {}
        Ok(None) => return (http::StatusCode::UNAUTHORIZED, "sign in first").into_response(),
        Err(e) => return e.status().into_response(),
    }
    let mut map = leptos_router::params::ParamsMap::new();
    for (k, v) in params {
        map.insert(k, v);
    }
    let q = crate::pages::ventures::query_from_params(&map);
    let body = match export_rows(&state.db, kind, &q)
        .await
        .and_then(|rows| write_csv(kind.columns(), &rows))
    {
        Ok(b) => b,
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    let name = format!(
        "{}-{}.csv",
        kind.as_str(),
        state.clock.today().format("%Y-%m-%d")
    );
    crate::ssr::exchange::csv_response(&name, body)
}

/// A CSV download: `name` as the file name, never cached.
pub fn csv_response(name: &str, body: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (
                http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (http::header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

// ---- reading an upload -----------------------------------------------------------------------

/// An uploaded file and what it is said to hold.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: ExchangeKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn malformed<E: std::fmt::Display>(e: E) -> AppError {
    tracing::warn!(%e, "malformed upload");
    file_problem("xchg.upload_malformed")
}

fn file_problem(code: &str) -> AppError {
    AppError::Validation {
        errors: vec![FieldError::new("file", code)],
    }
}

/// Read the multipart form: `kind` and `file` (at most [`MAX_FILE_BYTES`]).
pub async fn read_upload(data: server_fn::codec::MultipartData) -> Result<Upload, AppError> {
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let (mut kind, mut file_name, mut bytes) = (String::new(), String::new(), None::<Vec<u8>>);
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            if buf.len() + chunk.len() > MAX_FILE_BYTES {
                return Err(AppError::Validation {
                    errors: vec![FieldError::new("file", "xchg.too_large")
                        .with_param("max_mb", MAX_FILE_BYTES / (1024 * 1024))],
                });
            }
            buf.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "kind" => kind = String::from_utf8_lossy(&buf).trim().to_string(),
            "file" => {
                file_name = field.file_name().unwrap_or_default().to_string();
                bytes = Some(buf);
            }
            _ => {}
        }
    }
    let kind = kind
        .parse::<ExchangeKind>()
        .ok()
        .filter(|k| k.importable())
        .ok_or_else(|| AppError::validation("kind", "xchg.kind_not_importable"))?;
    let bytes = bytes
        .filter(|b| !b.is_empty())
        .ok_or_else(|| file_problem("xchg.file_required"))?;
    // Only the last path segment, short and printable (it goes into messages and the audit).
    let file_name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Ok(Upload {
        kind,
        file_name,
        bytes,
    })
}

/// The file's text and encoding: UTF-8 (with or without BOM), else Shift_JIS (encoding_rs's
/// decoder is the WHATWG one, i.e. Windows-31J / CP932 as Excel writes it).
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), FieldError> {
    let bad = || FieldError::new("file", "xchg.encoding");
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "utf-8-bom"))
            .map_err(|_| bad());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "utf-8"));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), "shift_jis"))
        .ok_or_else(bad)
}

/// The file's rows (cells as text), each with its spreadsheet row number: the physical line it
/// starts on, less the line breaks inside earlier rows' quoted cells (Excel shows a cell with line
/// breaks as one row, and an empty line as an empty row). A row that cannot be read is reported
/// at its line.
pub fn read_rows(text: &str) -> Result<Vec<(u64, Vec<String>)>, FieldError> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    // Line breaks before `cursor`, and those of them inside quoted cells.
    let (mut cursor, mut breaks, mut breaks_inside) = (0usize, 0u64, 0u64);
    let mut line_at = |from: usize, breaks_inside: u64| {
        // The reader's positions may still point at the previous row's line end or at skipped
        // empty lines: the row starts at the first byte that is not a line end.
        let mut start = from.max(cursor).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        breaks += bytes[cursor..start].iter().filter(|b| **b == b'\n').count() as u64;
        cursor = start;
        breaks + 1 - breaks_inside
    };
    let mut record = csv::StringRecord::new();
    loop {
        let from = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                tracing::info!(%e, "unreadable CSV row");
                let line = line_at(from, breaks_inside);
                return Err(at_line(line, FieldError::new("_row", "xchg.malformed")));
            }
        }
        let from = record.position().map_or(from, |p| p.byte() as usize);
        let line = line_at(from, breaks_inside);
        breaks_inside += record
            .iter()
            .map(|c| c.matches('\n').count() as u64)
            .sum::<u64>();
        rows.push((line, record.iter().map(str::to_string).collect()));
        if rows.len() > MAX_ROWS + 1 {
            return Err(FieldError::new("file", "xchg.too_many_rows").with_param("max", MAX_ROWS));
        }
    }
    Ok(rows)
}

// ---- checking against the database -------------------------------------------------------------

/// A checked import: the report, and (when it has no problem) what to write.
pub struct Checked {
    pub report: ImportReport,
    plan: Plan,
}

enum Plan {
    Nothing,
    Ventures(Vec<(u64, ValidVenture, Uuid)>),
    Programs(Vec<(u64, Uuid, ProgramRow)>),
    Events(EventPlan),
}

struct PlannedEvent {
    line: u64,
    program_id: Uuid,
    event: StageEvent,
    source_url: String,
    note: String,
    before: (String, String),
    after: (String, String),
}

struct EventPlan {
    events: Vec<PlannedEvent>,
    /// Program → (version read, its latest `recorded_at`).
    programs: HashMap<Uuid, (i32, Option<DateTime<Utc>>)>,
}

/// Rows of `entity` whose `column` is in `values`, a chunk at a time.
async fn find_in<C, E, V>(
    c: &C,
    column: E::Column,
    values: Vec<V>,
    extra: impl Fn(sea_orm::Select<E>) -> sea_orm::Select<E>,
) -> Result<Vec<E::Model>, AppError>
where
    C: ConnectionTrait,
    E: EntityTrait,
    V: Into<sea_orm::Value> + Clone,
{
    let mut out = Vec::new();
    for chunk in values.chunks(CHUNK) {
        let rows = extra(E::find().filter(column.is_in(chunk.iter().cloned())))
            .all(c)
            .await
            .map_err(internal("looking up import rows"))?;
        out.extend(rows);
    }
    Ok(out)
}

/// The ventures rows name: by corporate number, and by name (duplicate key).
struct Ventures {
    by_number: HashMap<String, ventures::Model>,
    by_key: HashMap<String, Vec<ventures::Model>>,
}

impl Ventures {
    async fn load<C: ConnectionTrait>(c: &C, refs: &[&VentureRef]) -> Result<Self, AppError> {
        let numbers: Vec<String> = refs
            .iter()
            .filter_map(|r| r.corporate_number.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let keys: Vec<String> = refs
            .iter()
            .filter(|r| !r.name_key.is_empty())
            .map(|r| r.name_key.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut by_number = HashMap::new();
        for v in
            find_in::<_, ventures::Entity, _>(c, ventures::Column::CorporateNumber, numbers, |q| q)
                .await?
        {
            if let Some(n) = v.corporate_number.clone() {
                by_number.insert(n, v);
            }
        }
        let mut by_key: HashMap<String, Vec<ventures::Model>> = HashMap::new();
        for v in
            find_in::<_, ventures::Entity, _>(c, ventures::Column::NameKey, keys, |q| q).await?
        {
            by_key.entry(v.name_key.clone()).or_default().push(v);
        }
        Ok(Ventures { by_number, by_key })
    }

    /// The one venture a row names, or why not.
    fn resolve(&self, r: &VentureRef) -> Result<&ventures::Model, FieldError> {
        let not_found = || {
            FieldError::new(
                if r.corporate_number.is_some() {
                    "venture_corporate_number"
                } else {
                    "venture_name_ja"
                },
                "xchg.venture_not_found",
            )
            .with_param("venture", r.label())
        };
        let v = match &r.corporate_number {
            Some(n) => {
                let v = self.by_number.get(n).ok_or_else(not_found)?;
                if !r.name_key.is_empty() && v.name_key != r.name_key {
                    return Err(
                        FieldError::new("venture_name_ja", "xchg.venture_ref_mismatch")
                            .with_param("venture", &v.name_ja),
                    );
                }
                v
            }
            None => match self.by_key.get(&r.name_key).map(Vec::as_slice) {
                Some([one]) => one,
                Some([_, _, ..]) => {
                    return Err(FieldError::new("venture_name_ja", "xchg.venture_ambiguous")
                        .with_param("venture", r.label()))
                }
                _ => return Err(not_found()),
            },
        };
        if v.archived_at.is_some() {
            return Err(FieldError::new("venture_name_ja", "venture.archived"));
        }
        Ok(v)
    }
}

/// Check an upload: every row, then against the database through `c` (the write transaction
/// when importing). Problems are collected, never returned early, so the preview lists them all.
pub async fn check<C: ConnectionTrait>(
    c: &C,
    upload: &Upload,
    today: NaiveDate,
) -> Result<Checked, AppError> {
    let mut report = ImportReport {
        kind: upload.kind.as_str().to_string(),
        file_name: upload.file_name.clone(),
        ..ImportReport::default()
    };
    let done = |mut report: ImportReport, problem: FieldError| {
        report.problems.push(problem);
        Ok(Checked {
            report,
            plan: Plan::Nothing,
        })
    };
    let text = match decode(&upload.bytes) {
        Ok((text, encoding)) => {
            report.encoding = encoding.to_string();
            text
        }
        Err(e) => return done(report, e),
    };
    let rows = match read_rows(&text) {
        Ok(rows) => rows,
        Err(e) => return done(report, e),
    };
    let Some(((_, head), data)) = rows.split_first() else {
        return done(report, FieldError::new("file", "xchg.empty"));
    };
    let header = match Header::parse(upload.kind, head) {
        Ok(h) => h,
        Err(errors) => {
            report.problems = errors.into_vec();
            return Ok(Checked {
                report,
                plan: Plan::Nothing,
            });
        }
    };
    let lines: Vec<(u64, &Vec<String>)> = data
        .iter()
        .map(|(line, r)| (*line, r))
        .filter(|(_, r)| !is_blank(r))
        .collect();
    report.rows = lines.len() as u64;
    if lines.is_empty() {
        return done(report, FieldError::new("file", "xchg.empty"));
    }
    let mut bad_lines: HashSet<u64> = HashSet::new();
    let mut problem = |report: &mut ImportReport, line: u64, e: FieldError| {
        bad_lines.insert(line);
        report.problems.push(at_line(line, e));
    };

    let plan = match upload.kind {
        ExchangeKind::Ventures => {
            let mut parsed = Vec::new();
            for (line, row) in &lines {
                match venture_row(&header, row, today) {
                    Ok(v) => parsed.push((*line, v)),
                    Err(errors) => errors
                        .into_iter()
                        .for_each(|e| problem(&mut report, *line, e)),
                }
            }
            let hub_ids: HashMap<String, Uuid> = hubs::Entity::find()
                .filter(hubs::Column::ArchivedAt.is_null())
                .all(c)
                .await
                .map_err(internal("loading hubs"))?
                .into_iter()
                .map(|h| (h.code, h.id))
                .collect();
            let refs: Vec<VentureRef> = parsed
                .iter()
                .map(|(_, v)| VentureRef {
                    corporate_number: v.corporate_number.clone(),
                    name_ja: v.name_ja.clone(),
                    name_key: duplicate_key(&v.name_ja),
                })
                .collect();
            let existing = Ventures::load(c, &refs.iter().collect::<Vec<_>>()).await?;
            let mut seen_numbers: HashMap<String, u64> = HashMap::new();
            let mut seen_keys: HashMap<String, u64> = HashMap::new();
            let mut out = Vec::new();
            for ((line, v), r) in parsed.into_iter().zip(refs) {
                let before = report.problems.len();
                let hub = hub_ids.get(&v.hub).copied();
                if hub.is_none() {
                    problem(&mut report, line, FieldError::new("hub", "hub.unknown"));
                }
                if let Some(n) = &r.corporate_number {
                    if let Some(e) = existing.by_number.get(n) {
                        problem(
                            &mut report,
                            line,
                            FieldError::new("corporate_number", "xchg.already_registered")
                                .with_param("venture", &e.name_ja),
                        );
                    } else if let Some(other) = seen_numbers.insert(n.clone(), line) {
                        problem(
                            &mut report,
                            line,
                            FieldError::new("corporate_number", "xchg.duplicate_in_file")
                                .with_param("other_line", other),
                        );
                    }
                }
                if let Some(e) = existing.by_key.get(&r.name_key).and_then(|v| v.first()) {
                    problem(
                        &mut report,
                        line,
                        FieldError::new("name_ja", "xchg.already_registered")
                            .with_param("venture", &e.name_ja),
                    );
                } else if let Some(other) = seen_keys.insert(r.name_key.clone(), line) {
                    problem(
                        &mut report,
                        line,
                        FieldError::new("name_ja", "xchg.duplicate_in_file")
                            .with_param("other_line", other),
                    );
                }
                if let (Some(hub), true) = (hub, report.problems.len() == before) {
                    out.push((line, v, hub));
                }
            }
            Plan::Ventures(out)
        }
        ExchangeKind::Programs => {
            let mut parsed = Vec::new();
            for (line, row) in &lines {
                match program_row(&header, row) {
                    Ok(p) => parsed.push((*line, p)),
                    Err(errors) => errors
                        .into_iter()
                        .for_each(|e| problem(&mut report, *line, e)),
                }
            }
            let vs = Ventures::load(
                c,
                &parsed.iter().map(|(_, p)| &p.venture).collect::<Vec<_>>(),
            )
            .await?;
            let mut resolved = Vec::new();
            for (line, p) in parsed {
                match vs.resolve(&p.venture) {
                    Ok(v) => resolved.push((line, v.id, p)),
                    Err(e) => problem(&mut report, line, e),
                }
            }
            let venture_ids: Vec<Uuid> = resolved
                .iter()
                .map(|(_, id, _)| *id)
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            let taken: HashSet<(Uuid, String)> = find_in::<_, programs::Entity, _>(
                c,
                programs::Column::VentureId,
                venture_ids,
                |q| q,
            )
            .await?
            .into_iter()
            .map(|p| (p.venture_id, p.name))
            .collect();
            let mut seen: HashMap<(Uuid, String), u64> = HashMap::new();
            let mut out = Vec::new();
            for (line, venture_id, p) in resolved {
                let key = (venture_id, p.program.name.clone());
                if taken.contains(&key) {
                    problem(
                        &mut report,
                        line,
                        FieldError::new("name", "xchg.program_exists")
                            .with_param("program", &p.program.name),
                    );
                } else if let Some(other) = seen.insert(key, line) {
                    problem(
                        &mut report,
                        line,
                        FieldError::new("name", "xchg.duplicate_in_file")
                            .with_param("other_line", other),
                    );
                } else {
                    out.push((line, venture_id, p));
                }
            }
            Plan::Programs(out)
        }
        ExchangeKind::StageEvents => {
            let mut parsed: Vec<(u64, EventRow)> = Vec::new();
            for (line, row) in &lines {
                match event_row(&header, row) {
                    Ok(e) => parsed.push((*line, e)),
                    Err(errors) => errors
                        .into_iter()
                        .for_each(|e| problem(&mut report, *line, e)),
                }
            }
            let vs = Ventures::load(
                c,
                &parsed.iter().map(|(_, e)| &e.venture).collect::<Vec<_>>(),
            )
            .await?;
            let mut resolved = Vec::new();
            for (line, e) in parsed {
                match vs.resolve(&e.venture) {
                    Ok(v) => resolved.push((line, v.id, v.founded_on, e)),
                    Err(err) => problem(&mut report, line, err),
                }
            }
            let venture_ids: Vec<Uuid> = resolved
                .iter()
                .map(|(_, id, _, _)| *id)
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            let program_rows: HashMap<(Uuid, String), programs::Model> =
                find_in::<_, programs::Entity, _>(
                    c,
                    programs::Column::VentureId,
                    venture_ids,
                    |q| q.filter(programs::Column::ArchivedAt.is_null()),
                )
                .await?
                .into_iter()
                .map(|p| ((p.venture_id, p.name.clone()), p))
                .collect();
            let used: Vec<Uuid> = program_rows.values().map(|p| p.id).collect();
            let mut history: HashMap<Uuid, Vec<stage_events::Model>> = HashMap::new();
            for e in find_in::<_, stage_events::Entity, _>(
                c,
                stage_events::Column::ProgramId,
                used,
                |q| q,
            )
            .await?
            {
                history.entry(e.program_id).or_default().push(e);
            }
            let file_ids: Vec<Uuid> = resolved.iter().filter_map(|r| r.3.event_id).collect();
            let ids_taken: HashSet<Uuid> =
                find_in::<_, stage_events::Entity, _>(c, stage_events::Column::Id, file_ids, |q| q)
                    .await?
                    .into_iter()
                    .map(|e| e.id)
                    .collect();

            // Each program's state: its stored history replayed, then the file's rows in order.
            let mut states: HashMap<Uuid, ProgramState> = HashMap::new();
            let mut programs_read: HashMap<Uuid, (i32, Option<DateTime<Utc>>)> = HashMap::new();
            let mut seen_ids: HashMap<Uuid, u64> = HashMap::new();
            let mut events = Vec::new();
            for (line, venture_id, founded_on, row) in resolved {
                let Some(p) = program_rows.get(&(venture_id, row.program_name.clone())) else {
                    problem(
                        &mut report,
                        line,
                        FieldError::new("program_name", "xchg.program_not_found")
                            .with_param("program", &row.program_name),
                    );
                    continue;
                };
                if let std::collections::hash_map::Entry::Vacant(slot) = states.entry(p.id) {
                    let mut stored = history.remove(&p.id).unwrap_or_default();
                    stored.sort_by_key(|e| (e.recorded_at, e.id));
                    let last = stored.last().map(|e| e.recorded_at);
                    let domain: Vec<StageEvent> = stored
                        .iter()
                        .map(journey::to_domain)
                        .collect::<Result<_, _>>()?;
                    let track: Track = p.track.parse().map_err(|_| AppError::Internal)?;
                    let state = derive_state(track, domain).map_err(|e| {
                        tracing::error!(program = %p.id, ?e, "stored history does not replay");
                        AppError::Internal
                    })?;
                    slot.insert(state);
                    programs_read.insert(p.id, (p.version, last));
                }
                let id = match row.event_id {
                    Some(id) => {
                        if ids_taken.contains(&id) {
                            problem(
                                &mut report,
                                line,
                                FieldError::new("event_id", "xchg.event_id_taken"),
                            );
                            continue;
                        }
                        if let Some(other) = seen_ids.insert(id, line) {
                            problem(
                                &mut report,
                                line,
                                FieldError::new("event_id", "xchg.duplicate_in_file")
                                    .with_param("other_line", other),
                            );
                            continue;
                        }
                        id
                    }
                    None => Uuid::now_v7(),
                };
                let state = states.get_mut(&p.id).ok_or(AppError::Internal)?;
                let event = StageEvent::new(id, row.input.occurred_on, row.input.body.clone())
                    .with_precision(row.input.precision);
                let ctx = CheckContext::new(today).with_founded_on(founded_on);
                match check_event(state, &event, &ctx) {
                    Ok(warnings) => {
                        for w in warnings {
                            report
                                .warnings
                                .push(at_line(line, w.field_error("occurred_on")));
                        }
                        let before = (
                            state.current_stage().as_str().to_string(),
                            state.status().as_str().to_string(),
                        );
                        if let Err(e) = state.apply(event.clone()) {
                            problem(&mut report, line, e.field_error(e.default_field()));
                            continue;
                        }
                        events.push(PlannedEvent {
                            line,
                            program_id: p.id,
                            event,
                            source_url: row.input.source_url,
                            note: row.input.note,
                            before,
                            after: (
                                state.current_stage().as_str().to_string(),
                                state.status().as_str().to_string(),
                            ),
                        });
                    }
                    Err(e) => problem(&mut report, line, e.field_error(e.default_field())),
                }
            }
            Plan::Events(EventPlan {
                events,
                programs: programs_read,
            })
        }
        ExchangeKind::Notifications => {
            return Err(AppError::validation("kind", "xchg.kind_not_importable"))
        }
    };
    report.good_rows = report.rows - bad_lines.len() as u64;
    report
        .problems
        .sort_by_key(crate::domain::csv_rows::line_of);
    report
        .warnings
        .sort_by_key(crate::domain::csv_rows::line_of);
    Ok(Checked { report, plan })
}

/// Check an upload without writing anything.
pub async fn preview(db: &Db, upload: &Upload, today: NaiveDate) -> Result<ImportReport, AppError> {
    Ok(check(db.read(), upload, today).await?.report)
}

/// Check the upload again and, when no row has a problem, write every row in one transaction.
/// A file with any problem writes nothing and is refused with all its problems (400).
pub async fn import(
    db: &Db,
    actor: Uuid,
    upload: &Upload,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<ImportReport, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    if upload.kind == ExchangeKind::Ventures {
        crate::ssr::db::serialize(&txn, crate::ssr::db::Lock::VentureNames).await?;
    }
    let Checked { mut report, plan } = check(&txn, upload, today).await?;
    if !report.importable() {
        return Err(AppError::Validation {
            errors: report.problems,
        });
    }
    let note = |line: u64| format!("CSV import: {} (line {line})", upload.file_name);
    let mut written = 0u64;
    match plan {
        Plan::Nothing => return Err(AppError::Internal),
        Plan::Ventures(rows) => {
            for (line, v, hub_id) in rows {
                let id = Uuid::now_v7();
                ventures::Entity::insert(ventures::ActiveModel {
                    id: Set(id),
                    corporate_number: Set(v.corporate_number.clone()),
                    name_ja: Set(v.name_ja.clone()),
                    name_en: Set(v.name_en.clone()),
                    name_kana: Set(v.name_kana.clone()),
                    name_key: Set(duplicate_key(&v.name_ja)),
                    search_text: Set(v.search_text()),
                    founded_on: Set(v.founded_on),
                    located_on: Set(v.located_on),
                    origin_institution: Set(v.origin_institution.clone()),
                    modality: Set(v.modality.as_str().into()),
                    status: Set(v.status.as_str().into()),
                    website: Set(v.website.clone()),
                    summary: Set(v.summary.clone()),
                    current_hub_id: Set(hub_id),
                    current_stage: Set(None),
                    current_stage_rank: Set(None),
                    is_generated: Set(false),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    created_by: Set(Some(actor)),
                    updated_by: Set(Some(actor)),
                    archived_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(unique_or_internal("importing a venture"))?;
                venture_hub_tenancies::Entity::insert(venture_hub_tenancies::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    venture_id: Set(id),
                    hub_id: Set(hub_id),
                    started_on: Set(v.located_on.unwrap_or(today)),
                    ended_on: Set(None),
                    note: Set(String::new()),
                    created_at: Set(now),
                    created_by: Set(Some(actor)),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(internal("importing a hub stay"))?;
                audit::record(
                    &txn,
                    Entry {
                        actor: Some(actor),
                        at: now,
                        entity: "venture",
                        entity_id: id.to_string(),
                        action: Action::Create,
                        changes: crate::ssr::venture_write::profile_changes(None, &v).field(
                            "hub",
                            Value::Null,
                            v.hub.as_str(),
                        ),
                        note: note(line),
                    },
                )
                .await?;
                written += 1;
            }
        }
        Plan::Programs(rows) => {
            let mut touched = HashSet::new();
            for (line, venture_id, row) in rows {
                let p = &row.program;
                let start = ProgramState::new(p.track);
                let id = Uuid::now_v7();
                programs::Entity::insert(programs::ActiveModel {
                    id: Set(id),
                    venture_id: Set(venture_id),
                    name: Set(p.name.clone()),
                    modality: Set(p.modality.as_str().into()),
                    indication: Set(p.indication.clone()),
                    track: Set(p.track.as_str().into()),
                    risk_class: Set(row.risk_class.map(|r| r.as_str().to_string())),
                    current_stage: Set(start.current_stage().as_str().into()),
                    current_stage_rank: Set(start.current_rank()),
                    stage_reached_on: Set(None),
                    status: Set(start.status().as_str().into()),
                    last_event_on: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    created_by: Set(Some(actor)),
                    updated_by: Set(Some(actor)),
                    archived_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|e| match e.sql_err() {
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
                        code: "program.duplicate_name".into(),
                        detail: String::new(),
                    },
                    _ => internal("importing a program")(e),
                })?;
                touched.insert(venture_id);
                audit::record(
                    &txn,
                    Entry {
                        actor: Some(actor),
                        at: now,
                        entity: "program",
                        entity_id: id.to_string(),
                        action: Action::Create,
                        changes: Changes::new()
                            .field("venture_id", Value::Null, venture_id.to_string())
                            .field("name", Value::Null, p.name.as_str())
                            .field("modality", Value::Null, p.modality.as_str())
                            .field("indication", Value::Null, p.indication.as_str())
                            .field("track", Value::Null, p.track.as_str())
                            .field(
                                "risk_class",
                                Value::Null,
                                row.risk_class.map(|r| r.as_str()),
                            ),
                        note: note(line),
                    },
                )
                .await?;
                written += 1;
            }
            for venture_id in touched {
                journey::refresh_venture_stage(&txn, venture_id).await?;
            }
        }
        Plan::Events(plan) => {
            // Recorded in file order, after every earlier event of the program.
            let mut next_at: HashMap<Uuid, DateTime<Utc>> = plan
                .programs
                .iter()
                .map(|(id, (_, last))| {
                    let at = last
                        .filter(|l| *l >= now)
                        .map(|l| l + TimeDelta::milliseconds(1))
                        .unwrap_or(now);
                    (*id, at)
                })
                .collect();
            let mut versions: HashMap<Uuid, i32> =
                plan.programs.iter().map(|(id, (v, _))| (*id, *v)).collect();
            for pe in plan.events {
                let at = next_at.get_mut(&pe.program_id).ok_or(AppError::Internal)?;
                let recorded_at = *at;
                *at += TimeDelta::milliseconds(1);
                let version = versions.get_mut(&pe.program_id).ok_or(AppError::Internal)?;
                let (kind, stage, exit_kind, retracts, reason) = match &pe.event.body {
                    EventBody::Stage { stage } => ("stage", Some(stage.as_str()), None, None, None),
                    EventBody::Exit { exit_kind } => {
                        ("exit", None, Some(exit_kind.as_str()), None, None)
                    }
                    EventBody::Resumed => ("resumed", None, None, None, None),
                    EventBody::Retraction {
                        retracts_event_id,
                        reason,
                    } => (
                        "retraction",
                        None,
                        None,
                        Some(*retracts_event_id),
                        Some(reason.clone()),
                    ),
                };
                stage_events::Entity::insert(stage_events::ActiveModel {
                    id: Set(pe.event.id),
                    program_id: Set(pe.program_id),
                    kind: Set(kind.into()),
                    stage: Set(stage.map(str::to_string)),
                    exit_kind: Set(exit_kind.map(str::to_string)),
                    occurred_on: Set(pe.event.occurred_on),
                    date_precision: Set(pe.event.precision.as_str().into()),
                    source_url: Set(pe.source_url.clone()),
                    note: Set(pe.note.clone()),
                    retracts_event_id: Set(retracts),
                    reason: Set(reason.clone()),
                    recorded_by: Set(Some(actor)),
                    recorded_at: Set(recorded_at),
                    is_generated: Set(false),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(internal("importing a stage event"))?;
                let null = Value::Null;
                let mut changes = Changes::new()
                    .field("event_id", null.clone(), pe.event.id.to_string())
                    .field("kind", null.clone(), kind)
                    .field(
                        "occurred_on",
                        null.clone(),
                        pe.event.occurred_on.to_string(),
                    )
                    .field("precision", null.clone(), pe.event.precision.as_str());
                if let Some(s) = stage {
                    changes = changes.field("stage", null.clone(), s);
                }
                if let Some(x) = exit_kind {
                    changes = changes.field("exit_kind", null.clone(), x);
                }
                if let Some(r) = retracts {
                    changes = changes.field("retracts_event_id", null.clone(), r.to_string());
                }
                if let Some(r) = &reason {
                    changes = changes.field("reason", null.clone(), r.as_str());
                }
                changes = changes
                    .field("source_url", "", pe.source_url.as_str())
                    .field("note", "", pe.note.as_str())
                    .field("current_stage", pe.before.0.as_str(), pe.after.0.as_str())
                    .field("status", pe.before.1.as_str(), pe.after.1.as_str())
                    .field("version", *version, *version + 1);
                *version += 1;
                audit::record(
                    &txn,
                    Entry {
                        actor: Some(actor),
                        at: now,
                        entity: "program",
                        entity_id: pe.program_id.to_string(),
                        action: if kind == "retraction" {
                            Action::Retract
                        } else {
                            Action::Update
                        },
                        changes,
                        note: note(pe.line),
                    },
                )
                .await?;
                written += 1;
            }
            // Each program moves on from exactly the version read (a concurrent form save in
            // between is a conflict), then its derived journey is rebuilt from the events.
            for (program_id, (read, _)) in &plan.programs {
                let new = versions.get(program_id).copied().unwrap_or(*read);
                if new == *read {
                    continue;
                }
                let bumped = programs::Entity::update_many()
                    .col_expr(programs::Column::Version, Expr::value(new))
                    .col_expr(programs::Column::UpdatedAt, Expr::value(now))
                    .col_expr(programs::Column::UpdatedBy, Expr::value(Some(actor)))
                    .filter(programs::Column::Id.eq(*program_id))
                    .filter(programs::Column::Version.eq(*read))
                    .exec(&txn)
                    .await
                    .map_err(internal("bumping a program version"))?;
                if bumped.rows_affected != 1 {
                    return Err(AppError::Conflict {
                        code: "version.concurrent".into(),
                        detail: String::new(),
                    });
                }
                journey::rebuild_program(&txn, *program_id).await?;
            }
        }
    }
    txn.commit().await.map_err(internal("commit"))?;
    report.written = written;
    Ok(report)
}

fn unique_or_internal(context: &'static str) -> impl FnOnce(sea_orm::DbErr) -> AppError {
    move |e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
            code: "venture.duplicate_corporate_number".into(),
            detail: String::new(),
        },
        _ => internal(context)(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom_and_shift_jis() {
        let text = "name_ja\r\n株式会社セル\r\n";
        assert_eq!(decode(text.as_bytes()).unwrap().1, "utf-8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (text.to_string(), "utf-8-bom"));
        let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!bad);
        assert_eq!(decode(&sjis).unwrap(), (text.to_string(), "shift_jis"));
        // Neither UTF-8 nor Shift_JIS (a lone lead byte at the end).
        assert_eq!(decode(b"abc\x81").unwrap_err().code, "xchg.encoding");
    }

    #[test]
    fn csv_output_has_bom_header_and_quotes() {
        let out = write_csv(&["a", "b"], &[vec!["x,y".into(), "改行\nあり".into()]]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}a,b\r\n\"x,y\",\"改行\nあり\"\r\n"
        );
        let rows = read_rows("a,b\r\n\"x,y\",\"改行\nあり\"\r\n\r\nc,d\r\n").unwrap();
        assert_eq!(
            rows[1],
            (2, vec!["x,y".to_string(), "改行\nあり".to_string()])
        );
        // Row 3 is empty (skipped), row 4 as Excel numbers it despite the line break in row 2.
        assert_eq!(rows[2], (4, vec!["c".to_string(), "d".to_string()]));
        let lines = |t: &str| {
            read_rows(t)
                .unwrap()
                .into_iter()
                .map(|r| r.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines("a\nb\n\nc\n"), vec![1, 2, 4]);
        assert_eq!(lines("a\r\nb\r\n,\r\nc"), vec![1, 2, 3, 4]);
        assert_eq!(lines("\"x\r\ny\"\r\nb\r\n"), vec![1, 2]);
    }
}
