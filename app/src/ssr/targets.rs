//! KPI targets: the aggregate reads behind the dashboard's targets section, the freeze of a
//! reported figure (one transaction begun on the writer, one audit event, entity
//! `target_reported_figure`, action `freeze`), and the trial notifications behind a number.
//!
//! `load` issues four statements whatever the data: the targets, the ventures located per date
//! and the trial notifications per date (`GROUP BY` the date), and the reported figures with
//! their administrators' names. The per-year values are computed from those counts by
//! `domain::targets::progress`.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{programs, target_reported_figures, targets, trial_notifications, users, ventures};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, TransactionTrait,
};
use uuid::Uuid;

use crate::api::targets::{NotificationList, NotificationRow, ReportedDto, TargetDto, TargetsDto};
use crate::domain::fiscal::YearBasis;
use crate::domain::targets::{progress, validate_freeze, FreezeForm, Metric, TargetSpec};
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::records::By;
use crate::ssr::{db::Db, state::internal};

const FIGURE: &str = "target_reported_figure";

/// A stored target's definition; a code the domain does not know is a server error.
pub fn spec_of(t: &targets::Model) -> Result<TargetSpec, AppError> {
    fn code<T: std::str::FromStr>(s: &str) -> Result<T, AppError> {
        s.parse()
            .map_err(|_| internal("reading a target")(format!("unknown code {s:?} in targets")))
    }
    Ok(TargetSpec {
        metric: code(&t.metric)?,
        counting: code(&t.counting)?,
        basis: code::<YearBasis>(&t.year_basis)?,
        baseline_year: t.baseline_year,
        baseline_value: i64::from(t.baseline_value),
        target_year: t.target_year,
        target_value: i64::from(t.target_value),
    })
}

/// Ventures (not archived) located in the prefecture, per `located_on` date: one statement.
async fn located_per_date<C: ConnectionTrait>(c: &C) -> Result<Vec<(NaiveDate, i64)>, AppError> {
    ventures::Entity::find()
        .select_only()
        .column(ventures::Column::LocatedOn)
        .column_as(
            Expr::col((ventures::Entity, ventures::Column::Id)).count(),
            "n",
        )
        .filter(ventures::Column::ArchivedAt.is_null())
        .filter(ventures::Column::LocatedOn.is_not_null())
        .group_by(ventures::Column::LocatedOn)
        .into_tuple::<(NaiveDate, i64)>()
        .all(c)
        .await
        .map_err(internal("counting ventures located per date"))
}

/// Trial notifications (not archived, of ventures not archived) per `notified_on` date: one
/// statement.
async fn notified_per_date<C: ConnectionTrait>(c: &C) -> Result<Vec<(NaiveDate, i64)>, AppError> {
    trial_notifications::Entity::find()
        .select_only()
        .column(trial_notifications::Column::NotifiedOn)
        .column_as(
            Expr::col((trial_notifications::Entity, trial_notifications::Column::Id)).count(),
            "n",
        )
        .join(
            JoinType::InnerJoin,
            trial_notifications::Relation::Ventures.def(),
        )
        .filter(trial_notifications::Column::ArchivedAt.is_null())
        .filter(ventures::Column::ArchivedAt.is_null())
        .group_by(trial_notifications::Column::NotifiedOn)
        .into_tuple::<(NaiveDate, i64)>()
        .all(c)
        .await
        .map_err(internal("counting trial notifications per date"))
}

/// Every target (not archived) by metric and target year, with its progress on `today`: four
/// statements whatever the number of ventures and records.
pub async fn load(db: &Db, today: NaiveDate) -> Result<TargetsDto, AppError> {
    let conn = db.read();
    let rows = targets::Entity::find()
        .filter(targets::Column::ArchivedAt.is_null())
        .order_by_asc(targets::Column::Metric)
        .order_by_asc(targets::Column::TargetYear)
        .all(conn)
        .await
        .map_err(internal("loading targets"))?;
    let located = located_per_date(conn).await?;
    let notified = notified_per_date(conn).await?;
    let mut figures: HashMap<Uuid, Vec<ReportedDto>> = HashMap::new();
    for (f, user) in target_reported_figures::Entity::find()
        .find_also_related(users::Entity)
        .order_by_asc(target_reported_figures::Column::Year)
        .all(conn)
        .await
        .map_err(internal("loading reported figures"))?
    {
        figures.entry(f.target_id).or_default().push(ReportedDto {
            year: f.year,
            value: i64::from(f.value),
            note: f.note,
            frozen_by: user.map(|u| u.display_name).unwrap_or_default(),
            frozen_at: f.frozen_at,
        });
    }
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        let spec = spec_of(&t)?;
        let reported = figures.remove(&t.id).unwrap_or_default();
        let pairs: Vec<(i32, i64)> = reported.iter().map(|r| (r.year, r.value)).collect();
        let counts = match spec.metric {
            Metric::VenturesLocated => &located,
            Metric::TrialNotifications => &notified,
        };
        out.push(TargetDto {
            id: t.id,
            name_ja: t.name_ja,
            name_en: t.name_en,
            note: t.note,
            progress: progress(&spec, counts, &pairs, today),
            spec,
            reported,
        });
    }
    Ok(TargetsDto {
        targets: out,
        today,
        may_freeze: false,
    })
}

fn already_frozen(year: i32) -> AppError {
    AppError::Conflict {
        code: "targets.already_frozen".into(),
        detail: year.to_string(),
    }
}

/// Freeze the figure reported for a year of a target: checked by the domain's rules against the
/// stored target on `by.today`, refused as a conflict when the year is frozen already (the
/// unique index is the last line). Returns the figure's id.
pub async fn freeze(db: &Db, by: By, form: &FreezeForm) -> Result<Uuid, AppError> {
    let target_id = Uuid::parse_str(form.target_id.trim())
        .map_err(|_| AppError::validation("freeze_target", "targets.unknown"))?;
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let target = targets::Entity::find_by_id(target_id)
        .one(&txn)
        .await
        .map_err(internal("loading the target"))?
        .filter(|t| t.archived_at.is_none())
        .ok_or_else(|| AppError::validation("freeze_target", "targets.unknown"))?;
    let spec = spec_of(&target)?;
    let v = validate_freeze(form, &spec, by.today).map_err(AppError::from)?;
    let existing = target_reported_figures::Entity::find()
        .filter(target_reported_figures::Column::TargetId.eq(target_id))
        .filter(target_reported_figures::Column::Year.eq(v.year))
        .one(&txn)
        .await
        .map_err(internal("loading the reported figure"))?;
    if existing.is_some() {
        return Err(already_frozen(v.year));
    }
    let value = i32::try_from(v.value)
        .map_err(|_| AppError::validation("freeze_value", "targets.figure_too_large"))?;
    let id = Uuid::now_v7();
    target_reported_figures::Entity::insert(target_reported_figures::ActiveModel {
        id: Set(id),
        target_id: Set(target_id),
        year: Set(v.year),
        value: Set(value),
        note: Set(v.note.clone()),
        frozen_by: Set(Some(by.actor)),
        frozen_at: Set(by.now),
    })
    .exec(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => already_frozen(v.year),
        _ => internal("freezing a reported figure")(e),
    })?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: FIGURE,
            entity_id: id.to_string(),
            action: Action::Freeze,
            changes: Changes::new()
                .field("target_id", serde_json::Value::Null, target_id.to_string())
                .field("metric", serde_json::Value::Null, target.metric.as_str())
                .field("year", serde_json::Value::Null, v.year)
                .field("value", serde_json::Value::Null, v.value)
                .field("note", serde_json::Value::Null, v.note.as_str()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// The trial notifications (not archived, of ventures not archived) dated in `from ..= to`
/// (either end open), oldest first, with their venture's and program's names: two statements.
pub async fn notifications(
    db: &Db,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<NotificationList, AppError> {
    let conn = db.read();
    let mut q = trial_notifications::Entity::find()
        .find_also_related(ventures::Entity)
        .filter(trial_notifications::Column::ArchivedAt.is_null())
        .filter(ventures::Column::ArchivedAt.is_null());
    if let Some(f) = from {
        q = q.filter(trial_notifications::Column::NotifiedOn.gte(f));
    }
    if let Some(t) = to {
        q = q.filter(trial_notifications::Column::NotifiedOn.lte(t));
    }
    let found = q
        .order_by_asc(trial_notifications::Column::NotifiedOn)
        .order_by_asc(trial_notifications::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading trial notifications"))?;
    let program_ids: Vec<Uuid> = found.iter().map(|(n, _)| n.program_id).collect();
    let program_names: HashMap<Uuid, String> = programs::Entity::find()
        .select_only()
        .column(programs::Column::Id)
        .column(programs::Column::Name)
        .filter(programs::Column::Id.is_in(program_ids))
        .into_tuple::<(Uuid, String)>()
        .all(conn)
        .await
        .map_err(internal("loading program names"))?
        .into_iter()
        .collect();
    let rows: Vec<NotificationRow> = found
        .into_iter()
        .filter_map(|(n, v)| {
            let v = v?;
            Some(NotificationRow {
                id: n.id,
                notified_on: n.notified_on,
                venture_id: v.id,
                venture_name_ja: v.name_ja,
                venture_name_en: v.name_en,
                program_name: program_names
                    .get(&n.program_id)
                    .cloned()
                    .unwrap_or_default(),
                sponsor: n.sponsor,
                registry_id: n.registry_id,
                phase: n.phase,
            })
        })
        .collect();
    Ok(NotificationList {
        from,
        to,
        count: rows.len(),
        rows,
    })
}
