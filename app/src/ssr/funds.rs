//! Funds and fund support: the reads behind `/funds`, `/funds/:code` and the venture page's
//! section, the writes (each one transaction begun on the writer with one audit event, entity
//! `fund_support` or `fund`; edits over the version the form showed, recording
//! `"version": [old, new]`), and the CSV exports.
//!
//! Every read is a fixed number of statements whatever the data (related rows with one
//! `IN (…)`); a summary's records are few, so they are bucketed by fiscal year in Rust
//! ([`FySummary`]).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use entity::{fund_support_links, fund_supports, funds, support_logs, ventures};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::api::funds::{
    FundDto, FundList, FundPage, FundRow, FundSupportDto, LinkedLog, VentureChoice, VentureFunds,
};
use crate::domain::fiscal::FiscalYear;
use crate::domain::fund_support::{FundKind, ValidFund, ValidFundSupport};
use crate::domain::fy_summary::FySummary;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::records::By;
use crate::ssr::{db::Db, state::internal};

const SUPPORT: &str = "fund_support";
const FUND: &str = "fund";

fn fund_dto(f: &funds::Model) -> FundDto {
    FundDto {
        id: f.id,
        code: f.code.clone(),
        kind: f.kind.clone(),
        name_ja: f.name_ja.clone(),
        name_en: f.name_en.clone(),
        manager: f.manager.clone(),
        version: f.version,
    }
}

/// Prefectural funds first, then incubation, then private; by code within a kind.
fn fund_order(f: &funds::Model) -> (usize, String) {
    let rank = f
        .kind
        .parse::<FundKind>()
        .ok()
        .and_then(|k| FundKind::ALL.iter().position(|x| *x == k))
        .unwrap_or(FundKind::ALL.len());
    (rank, f.code.clone())
}

/// The funds that are not archived, in display order.
async fn open_funds<C: ConnectionTrait>(c: &C) -> Result<Vec<funds::Model>, AppError> {
    let mut all = funds::Entity::find()
        .filter(funds::Column::ArchivedAt.is_null())
        .all(c)
        .await
        .map_err(internal("loading funds"))?;
    all.sort_by_key(fund_order);
    Ok(all)
}

fn summary_of(rows: &[fund_supports::Model]) -> FySummary {
    FySummary::of(rows.iter().map(|r| (r.supported_on, r.amount_yen)))
}

// ---------------------------------------------------------------------------------------------
// Reads

/// Every fund with its supports (not archived) by fiscal year: two statements.
pub async fn list(db: &Db) -> Result<FundList, AppError> {
    let conn = db.read();
    let all = open_funds(conn).await?;
    let rows: Vec<(Uuid, NaiveDate, i64)> = fund_supports::Entity::find()
        .select_only()
        .column(fund_supports::Column::FundId)
        .column(fund_supports::Column::SupportedOn)
        .column(fund_supports::Column::AmountYen)
        .filter(fund_supports::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading fund supports"))?;
    let mut by_fund: HashMap<Uuid, Vec<(NaiveDate, i64)>> = HashMap::new();
    for (fund, on, yen) in &rows {
        by_fund.entry(*fund).or_default().push((*on, *yen));
    }
    let funds: Vec<FundRow> = all
        .iter()
        .map(|f| FundRow {
            fund: fund_dto(f),
            summary: FySummary::of(by_fund.remove(&f.id).unwrap_or_default()),
        })
        .collect();
    let open: std::collections::HashSet<Uuid> = all.iter().map(|f| f.id).collect();
    let all_summary = FySummary::of(
        rows.iter()
            .filter(|(f, _, _)| open.contains(f))
            .map(|(_, on, yen)| (*on, *yen)),
    );
    let years = all_summary.years.iter().map(|y| y.fiscal_year).collect();
    Ok(FundList {
        funds,
        years,
        all: all_summary,
    })
}

/// The supports' DTOs with their fund, venture and linked logs' names: three statements
/// (funds, ventures, links with their logs) whatever the number of supports.
pub(crate) async fn support_dtos<C: ConnectionTrait>(
    c: &C,
    rows: Vec<fund_supports::Model>,
) -> Result<Vec<FundSupportDto>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let fund_ids: Vec<Uuid> = rows.iter().map(|r| r.fund_id).collect();
    let venture_ids: Vec<Uuid> = rows.iter().map(|r| r.venture_id).collect();
    let support_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let fund_names: HashMap<Uuid, funds::Model> = funds::Entity::find()
        .filter(funds::Column::Id.is_in(fund_ids))
        .all(c)
        .await
        .map_err(internal("loading funds"))?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let venture_names: HashMap<Uuid, (String, String)> = ventures::Entity::find()
        .select_only()
        .column(ventures::Column::Id)
        .column(ventures::Column::NameJa)
        .column(ventures::Column::NameEn)
        .filter(ventures::Column::Id.is_in(venture_ids))
        .into_tuple::<(Uuid, String, String)>()
        .all(c)
        .await
        .map_err(internal("loading venture names"))?
        .into_iter()
        .map(|(id, ja, en)| (id, (ja, en)))
        .collect();
    let mut links: HashMap<Uuid, Vec<LinkedLog>> = HashMap::new();
    for (link, log) in fund_support_links::Entity::find()
        .filter(fund_support_links::Column::FundSupportId.is_in(support_ids))
        .find_also_related(support_logs::Entity)
        .all(c)
        .await
        .map_err(internal("loading linked support logs"))?
    {
        if let Some(l) = log {
            links
                .entry(link.fund_support_id)
                .or_default()
                .push(LinkedLog {
                    id: l.id,
                    supported_on: l.supported_on,
                    kind: l.kind,
                    summary: l.summary,
                });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let fund = fund_names.get(&r.fund_id);
            let (venture_name_ja, venture_name_en) = venture_names
                .get(&r.venture_id)
                .cloned()
                .unwrap_or_default();
            let mut linked = links.remove(&r.id).unwrap_or_default();
            linked.sort_by_key(|l| (l.supported_on, l.id));
            FundSupportDto {
                id: r.id,
                version: r.version,
                fund_id: r.fund_id,
                fund_code: fund.map(|f| f.code.clone()).unwrap_or_default(),
                fund_name_ja: fund.map(|f| f.name_ja.clone()).unwrap_or_default(),
                fund_name_en: fund.map(|f| f.name_en.clone()).unwrap_or_default(),
                venture_id: r.venture_id,
                venture_name_ja,
                venture_name_en,
                supported_on: r.supported_on,
                amount_yen: r.amount_yen,
                instrument: r.instrument,
                round: r.round,
                note: r.note,
                links: linked,
            }
        })
        .collect())
}

/// A fund's page by its code.
pub async fn page(db: &Db, code: &str, today: NaiveDate) -> Result<FundPage, AppError> {
    let conn = db.read();
    let fund = funds::Entity::find()
        .filter(funds::Column::Code.eq(code))
        .filter(funds::Column::ArchivedAt.is_null())
        .one(conn)
        .await
        .map_err(internal("loading the fund"))?
        .ok_or(AppError::NotFound)?;
    let rows = fund_supports::Entity::find()
        .filter(fund_supports::Column::FundId.eq(fund.id))
        .filter(fund_supports::Column::ArchivedAt.is_null())
        .order_by_desc(fund_supports::Column::SupportedOn)
        .order_by_desc(fund_supports::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading the fund's supports"))?;
    let summary = summary_of(&rows);
    let supports = support_dtos(conn, rows).await?;
    let ventures = ventures::Entity::find()
        .select_only()
        .column(ventures::Column::Id)
        .column(ventures::Column::NameJa)
        .filter(ventures::Column::ArchivedAt.is_null())
        .order_by_asc(ventures::Column::NameKana)
        .order_by_asc(ventures::Column::NameJa)
        .into_tuple::<(Uuid, String)>()
        .all(conn)
        .await
        .map_err(internal("loading ventures"))?
        .into_iter()
        .map(|(id, name_ja)| VentureChoice { id, name_ja })
        .collect();
    Ok(FundPage {
        fund: fund_dto(&fund),
        summary,
        supports,
        ventures,
        today,
    })
}

/// A venture's fund supports (not archived), newest first, with their summary by fiscal year,
/// the funds to choose from and the venture's support logs to link.
pub async fn venture(
    db: &Db,
    venture_id: Uuid,
    today: NaiveDate,
) -> Result<VentureFunds, AppError> {
    let conn = db.read();
    let venture = ventures::Entity::find_by_id(venture_id)
        .one(conn)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    let rows = fund_supports::Entity::find()
        .filter(fund_supports::Column::VentureId.eq(venture_id))
        .filter(fund_supports::Column::ArchivedAt.is_null())
        .order_by_desc(fund_supports::Column::SupportedOn)
        .order_by_desc(fund_supports::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading the venture's fund supports"))?;
    let summary = summary_of(&rows);
    let supports = support_dtos(conn, rows).await?;
    let funds = open_funds(conn).await?.iter().map(fund_dto).collect();
    let logs = support_logs::Entity::find()
        .filter(support_logs::Column::VentureId.eq(venture_id))
        .filter(support_logs::Column::ArchivedAt.is_null())
        .order_by_desc(support_logs::Column::SupportedOn)
        .order_by_desc(support_logs::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading the venture's support logs"))?
        .into_iter()
        .map(|l| LinkedLog {
            id: l.id,
            supported_on: l.supported_on,
            kind: l.kind,
            summary: l.summary,
        })
        .collect();
    Ok(VentureFunds {
        venture_id,
        archived: venture.archived_at.is_some(),
        summary,
        supports,
        funds,
        logs,
        today,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing fund supports

fn concurrent() -> AppError {
    AppError::Conflict {
        code: "version.concurrent".into(),
        detail: String::new(),
    }
}

/// The fund (not archived) and venture (not archived) a support is written for, and the check of
/// its links: only support logs of that venture that are not archived.
async fn check_refs<C: ConnectionTrait>(
    c: &C,
    v: &ValidFundSupport,
) -> Result<funds::Model, AppError> {
    let fund = funds::Entity::find_by_id(v.fund_id)
        .one(c)
        .await
        .map_err(internal("loading the fund"))?
        .filter(|f| f.archived_at.is_none())
        .ok_or_else(|| AppError::validation("fund_id", "fund_support.fund_unavailable"))?;
    let venture = ventures::Entity::find_by_id(v.venture_id)
        .one(c)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or_else(|| AppError::validation("venture_id", "venture_id.unknown"))?;
    if venture.archived_at.is_some() {
        return Err(AppError::validation("_venture", "venture.archived"));
    }
    if !v.support_logs.is_empty() {
        let logs = support_logs::Entity::find()
            .filter(support_logs::Column::Id.is_in(v.support_logs.clone()))
            .all(c)
            .await
            .map_err(internal("loading support logs"))?;
        let found: HashMap<Uuid, &support_logs::Model> = logs.iter().map(|l| (l.id, l)).collect();
        let mut errors = Vec::new();
        if v.support_logs.iter().any(|id| {
            found
                .get(id)
                .is_some_and(|l| l.archived_at.is_none() && l.venture_id != v.venture_id)
        }) {
            errors.push(crate::domain::validation::FieldError::new(
                "support_logs",
                "fund_support.log_other_venture",
            ));
        }
        if v.support_logs
            .iter()
            .any(|id| found.get(id).is_none_or(|l| l.archived_at.is_some()))
        {
            errors.push(crate::domain::validation::FieldError::new(
                "support_logs",
                "fund_support.log_unavailable",
            ));
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
    }
    Ok(fund)
}

fn ids_value(ids: &[Uuid]) -> Value {
    Value::Array(ids.iter().map(|i| Value::String(i.to_string())).collect())
}

/// The support's fields, before and after, added to `c`. `fund_code` names the fund.
fn support_changes(
    c: Changes,
    before: Option<(&fund_supports::Model, &str, &[Uuid])>,
    v: &ValidFundSupport,
    fund_code: &str,
) -> Changes {
    let b = |f: &dyn Fn(&fund_supports::Model) -> Value| {
        before.map(|(m, _, _)| f(m)).unwrap_or(Value::Null)
    };
    c.field(
        "fund",
        before
            .map(|(_, code, _)| Value::from(code))
            .unwrap_or(Value::Null),
        fund_code,
    )
    .field(
        "venture_id",
        b(&|m| m.venture_id.to_string().into()),
        v.venture_id.to_string(),
    )
    .field(
        "supported_on",
        b(&|m| m.supported_on.to_string().into()),
        v.supported_on.to_string(),
    )
    .field("amount_yen", b(&|m| m.amount_yen.into()), v.amount.0)
    .field(
        "instrument",
        b(&|m| m.instrument.clone().into()),
        v.instrument.as_str(),
    )
    .field("round", b(&|m| m.round.clone().into()), v.round.as_str())
    .field("note", b(&|m| m.note.clone().into()), v.note.as_str())
    .field(
        "support_logs",
        before
            .map(|(_, _, links)| ids_value(links))
            .unwrap_or(Value::Null),
        ids_value(&v.support_logs),
    )
}

async fn insert_links<C: ConnectionTrait>(c: &C, id: Uuid, logs: &[Uuid]) -> Result<(), AppError> {
    if logs.is_empty() {
        return Ok(());
    }
    fund_support_links::Entity::insert_many(logs.iter().map(|l| fund_support_links::ActiveModel {
        fund_support_id: Set(id),
        support_log_id: Set(*l),
    }))
    .exec(c)
    .await
    .map_err(internal("linking support logs"))?;
    Ok(())
}

async fn links_of<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Vec<Uuid>, AppError> {
    let mut ids: Vec<Uuid> = fund_support_links::Entity::find()
        .select_only()
        .column(fund_support_links::Column::SupportLogId)
        .filter(fund_support_links::Column::FundSupportId.eq(id))
        .into_tuple()
        .all(c)
        .await
        .map_err(internal("loading links"))?;
    ids.sort();
    Ok(ids)
}

/// Record a fund support with its links; returns its id.
pub async fn add_support(db: &Db, by: By, v: ValidFundSupport) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let fund = check_refs(&txn, &v).await?;
    let id = Uuid::now_v7();
    fund_supports::ActiveModel {
        id: Set(id),
        fund_id: Set(v.fund_id),
        venture_id: Set(v.venture_id),
        supported_on: Set(v.supported_on),
        amount_yen: Set(v.amount.0),
        instrument: Set(v.instrument.as_str().into()),
        round: Set(v.round.clone()),
        note: Set(v.note.clone()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a fund support"))?;
    insert_links(&txn, id, &v.support_logs).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: SUPPORT,
            entity_id: id.to_string(),
            action: Action::Create,
            changes: support_changes(Changes::new(), None, &v, &fund.code),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// The support as stored, if the form's version is still current and it is not archived.
async fn current_support<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    version: i32,
) -> Result<fund_supports::Model, AppError> {
    let current = fund_supports::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the fund support"))?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(audit::stale_error(c, SUPPORT, &id.to_string(), version).await);
    }
    if current.archived_at.is_some() {
        return Err(AppError::validation("_record", "records.archived"));
    }
    Ok(current)
}

async fn save_support<C: ConnectionTrait>(
    c: &C,
    mut active: fund_supports::ActiveModel,
    version: i32,
    by: By,
) -> Result<(), AppError> {
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    fund_supports::Entity::update(active)
        .filter(fund_supports::Column::Version.eq(version))
        .exec(c)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("saving a fund support")(e),
        })?;
    Ok(())
}

/// Save an edited support (and its links) over `version`; returns the new version.
pub async fn update_support(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    v: ValidFundSupport,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_support(&txn, id, version).await?;
    let fund = check_refs(&txn, &v).await?;
    let old_code = if current.fund_id == fund.id {
        fund.code.clone()
    } else {
        funds::Entity::find_by_id(current.fund_id)
            .one(&txn)
            .await
            .map_err(internal("loading the old fund"))?
            .map(|f| f.code)
            .unwrap_or_default()
    };
    let old_links = links_of(&txn, id).await?;
    let changes = support_changes(
        Changes::new(),
        Some((&current, &old_code, &old_links)),
        &v,
        &fund.code,
    );
    if changes.is_empty() {
        return Ok(version);
    }
    let mut active: fund_supports::ActiveModel = current.into();
    active.fund_id = Set(v.fund_id);
    active.venture_id = Set(v.venture_id);
    active.supported_on = Set(v.supported_on);
    active.amount_yen = Set(v.amount.0);
    active.instrument = Set(v.instrument.as_str().into());
    active.round = Set(v.round.clone());
    active.note = Set(v.note.clone());
    save_support(&txn, active, version, by).await?;
    if old_links != v.support_logs {
        fund_support_links::Entity::delete_many()
            .filter(fund_support_links::Column::FundSupportId.eq(id))
            .exec(&txn)
            .await
            .map_err(internal("unlinking support logs"))?;
        insert_links(&txn, id, &v.support_logs).await?;
    }
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: SUPPORT,
            entity_id: id.to_string(),
            action: Action::Update,
            changes: changes.field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

/// Archive a support (it leaves the totals; the row, its links and the History stay).
pub async fn archive_support(db: &Db, by: By, id: Uuid, version: i32) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_support(&txn, id, version).await?;
    let mut active: fund_supports::ActiveModel = current.into();
    active.archived_at = Set(Some(by.now));
    save_support(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: SUPPORT,
            entity_id: id.to_string(),
            action: Action::Archive,
            changes: Changes::new()
                .field("archived_at", Value::Null, by.now.to_rfc3339())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

// ---------------------------------------------------------------------------------------------
// Writing funds

async fn check_code_free<C: ConnectionTrait>(
    c: &C,
    code: &str,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    let mut q = funds::Entity::find().filter(funds::Column::Code.eq(code));
    if let Some(id) = except {
        q = q.filter(funds::Column::Id.ne(id));
    }
    match q.one(c).await.map_err(internal("checking the fund code"))? {
        Some(existing) => Err(AppError::Conflict {
            code: "fund.duplicate_code".into(),
            detail: existing.code,
        }),
        None => Ok(()),
    }
}

fn fund_changes(c: Changes, before: Option<&funds::Model>, v: &ValidFund) -> Changes {
    let b = |f: fn(&funds::Model) -> &str| before.map(|m| Value::from(f(m))).unwrap_or(Value::Null);
    c.field("code", b(|m| &m.code), v.code.as_str())
        .field("kind", b(|m| &m.kind), v.kind.as_str())
        .field("name_ja", b(|m| &m.name_ja), v.name_ja.as_str())
        .field("name_en", b(|m| &m.name_en), v.name_en.as_str())
        .field("manager", b(|m| &m.manager), v.manager.as_str())
}

/// Add a fund; returns its id.
pub async fn add_fund(db: &Db, by: By, v: ValidFund) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    check_code_free(&txn, &v.code, None).await?;
    let id = Uuid::now_v7();
    funds::ActiveModel {
        id: Set(id),
        code: Set(v.code.clone()),
        kind: Set(v.kind.as_str().into()),
        name_ja: Set(v.name_ja.clone()),
        name_en: Set(v.name_en.clone()),
        manager: Set(v.manager.clone()),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a fund"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: FUND,
            entity_id: id.to_string(),
            action: Action::Create,
            changes: fund_changes(Changes::new(), None, &v),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// Save an edited fund over `version`; returns the new version.
pub async fn update_fund(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    v: ValidFund,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = funds::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal("loading the fund"))?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(audit::stale_error(&txn, FUND, &id.to_string(), version).await);
    }
    if current.archived_at.is_some() {
        return Err(AppError::validation("_record", "records.archived"));
    }
    let changes = fund_changes(Changes::new(), Some(&current), &v);
    if changes.is_empty() {
        return Ok(version);
    }
    check_code_free(&txn, &v.code, Some(id)).await?;
    let mut active: funds::ActiveModel = current.into();
    active.code = Set(v.code.clone());
    active.kind = Set(v.kind.as_str().into());
    active.name_ja = Set(v.name_ja.clone());
    active.name_en = Set(v.name_en.clone());
    active.manager = Set(v.manager.clone());
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    funds::Entity::update(active)
        .filter(funds::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("saving a fund")(e),
        })?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: FUND,
            entity_id: id.to_string(),
            action: Action::Update,
            changes: changes.field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

// ---------------------------------------------------------------------------------------------
// CSV exports (`/funds/export/{file}`)

/// Which supports an export covers: all, one fund's (`?fund=CODE`) or one venture's
/// (`?venture=ID`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportFilter {
    pub fund: Option<String>,
    pub venture: Option<Uuid>,
}

/// The columns of `fund_supports.csv`.
pub const SUPPORT_COLUMNS: &[&str] = &[
    "support_id",
    "supported_on",
    "fiscal_year",
    "fund_code",
    "fund_name_ja",
    "venture_id",
    "venture_name_ja",
    "amount_yen",
    "instrument",
    "round",
    "note",
    "support_log_ids",
];

/// The columns of `summary.csv`.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "fund_code",
    "fund_name_ja",
    "fiscal_year",
    "count",
    "total_yen",
];

/// The supports (not archived) an export covers, oldest first, with their DTOs.
async fn export_supports(db: &Db, f: &ExportFilter) -> Result<Vec<FundSupportDto>, AppError> {
    let conn = db.read();
    let mut q = fund_supports::Entity::find().filter(fund_supports::Column::ArchivedAt.is_null());
    if let Some(code) = &f.fund {
        let fund = funds::Entity::find()
            .filter(funds::Column::Code.eq(code.as_str()))
            .one(conn)
            .await
            .map_err(internal("loading the fund"))?
            .ok_or(AppError::NotFound)?;
        q = q.filter(fund_supports::Column::FundId.eq(fund.id));
    }
    if let Some(v) = f.venture {
        q = q.filter(fund_supports::Column::VentureId.eq(v));
    }
    let rows = q
        .order_by_asc(fund_supports::Column::SupportedOn)
        .order_by_asc(fund_supports::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading fund supports"))?;
    support_dtos(conn, rows).await
}

/// The rows of `fund_supports.csv`.
pub async fn support_rows(db: &Db, f: &ExportFilter) -> Result<Vec<Vec<String>>, AppError> {
    Ok(export_supports(db, f)
        .await?
        .into_iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.supported_on.to_string(),
                FiscalYear::of(s.supported_on).0.to_string(),
                s.fund_code,
                s.fund_name_ja,
                s.venture_id.to_string(),
                s.venture_name_ja,
                s.amount_yen.to_string(),
                s.instrument,
                s.round,
                s.note,
                s.links
                    .iter()
                    .map(|l| l.id.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect())
}

/// The rows of `summary.csv`: fund × fiscal year, funds in display order, years oldest first.
pub async fn summary_rows(db: &Db, f: &ExportFilter) -> Result<Vec<Vec<String>>, AppError> {
    let supports = export_supports(db, f).await?;
    let mut by_fund: BTreeMap<String, (String, Vec<(NaiveDate, i64)>)> = BTreeMap::new();
    for s in supports {
        by_fund
            .entry(s.fund_code)
            .or_insert_with(|| (s.fund_name_ja, Vec::new()))
            .1
            .push((s.supported_on, s.amount_yen));
    }
    let order: Vec<String> = open_funds(db.read())
        .await?
        .into_iter()
        .map(|f| f.code)
        .collect();
    let mut codes: Vec<String> = by_fund.keys().cloned().collect();
    codes.sort_by_key(|c| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
    let mut rows = Vec::new();
    for code in codes {
        let (name, records) = by_fund.remove(&code).unwrap_or_default();
        for y in FySummary::of(records).years {
            rows.push(vec![
                code.clone(),
                name.clone(),
                y.fiscal_year.0.to_string(),
                y.count.to_string(),
                y.total_yen.to_string(),
            ]);
        }
    }
    Ok(rows)
}

/// `GET /funds/export/{fund_supports|summary}.csv[?fund=CODE|?venture=ID]`, for signed-in
/// users: UTF-8 with a BOM (Excel), CRLF.
pub async fn export_handler(
    axum::extract::State(state): axum::extract::State<crate::ssr::state::AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    session: tower_sessions::Session,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let which = match file.as_str() {
        "fund_supports.csv" => "fund_supports",
        "summary.csv" => "summary",
        _ => return (http::StatusCode::NOT_FOUND, "unknown export").into_response(),
    };
    match crate::ssr::auth::session_user(&state.db, &session).await {
        Ok(Some(_)) => {}
        Ok(None) => return (http::StatusCode::UNAUTHORIZED, "sign in first").into_response(),
        Err(e) => return e.status().into_response(),
    }
    let mut filter = ExportFilter::default();
    for (k, v) in params {
        let v = v.trim().to_string();
        match k.as_str() {
            "fund" if !v.is_empty() => filter.fund = Some(v),
            "venture" if !v.is_empty() => match Uuid::parse_str(&v) {
                Ok(id) => filter.venture = Some(id),
                Err(_) => return (http::StatusCode::NOT_FOUND, "unknown venture").into_response(),
            },
            _ => {}
        }
    }
    let rows = if which == "summary" {
        summary_rows(&state.db, &filter).await
    } else {
        support_rows(&state.db, &filter).await
    };
    let columns = if which == "summary" {
        SUMMARY_COLUMNS
    } else {
        SUPPORT_COLUMNS
    };
    let body = match rows.and_then(|r| crate::ssr::exchange::write_csv(columns, &r)) {
        Ok(b) => b,
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    let scope = match (&filter.fund, filter.venture) {
        (Some(code), _) => format!("-{code}"),
        (None, Some(v)) => format!("-{v}"),
        _ => String::new(),
    };
    let name = format!(
        "{which}{scope}-{}.csv",
        state.clock.today().format("%Y-%m-%d")
    );
    crate::ssr::exchange::csv_response(&name, body)
}
