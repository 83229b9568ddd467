//! The dashboard's support and money (aggregate queries only) and the lists behind its numbers.
//!
//! The overview is four statements whatever the data: the groups, the hubs, support logs
//! counted `GROUP BY` group × date × kind, fund supports counted and summed `GROUP BY` the
//! venture's current hub × date; the dates are put into fiscal years here. The lists use the
//! same conditions ([`support_select`], [`fund_select`]), so a list counts exactly the records
//! behind the number that links to it.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{fund_supports, funds, hubs, support_logs, ventures, working_groups};
use sea_orm::sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait, Select,
};
use uuid::Uuid;

use crate::api::dashboard_support::{
    shown_years, FundFilter, FundSupportRecords, GroupSupport, HubFunds, KindCounts, SupportFilter,
    SupportOverview, SupportRecords, NO_GROUP, RECORDS_PAGE_SIZE,
};
use crate::domain::dashboard::DashboardQuery;
use crate::domain::fiscal::FiscalYear;
use crate::domain::support::SupportKind;
use crate::error::AppError;
use crate::ssr::{db::Db, state::internal};

/// `ventures.id IN (SELECT id FROM ventures WHERE archived_at IS NULL [AND current_hub_id IN
/// (SELECT id FROM hubs WHERE code = hub)])`: the ventures RINK support is counted for.
fn counted_ventures(hub: &str) -> SimpleExpr {
    let mut q = Query::select();
    q.column((ventures::Entity, ventures::Column::Id))
        .from(ventures::Entity)
        .and_where(Expr::col((ventures::Entity, ventures::Column::ArchivedAt)).is_null());
    if !hub.is_empty() {
        q.and_where(
            Expr::col((ventures::Entity, ventures::Column::CurrentHubId)).in_subquery(
                Query::select()
                    .column((hubs::Entity, hubs::Column::Id))
                    .from(hubs::Entity)
                    .and_where(Expr::col((hubs::Entity, hubs::Column::Code)).eq(hub))
                    .to_owned(),
            ),
        );
    }
    support_logs::Column::VentureId.in_subquery(q.to_owned())
}

fn dates<C: ColumnTrait, E: EntityTrait>(
    mut q: Select<E>,
    col: C,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Select<E> {
    if let Some(d) = from {
        q = q.filter(col.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(col.lte(d));
    }
    q
}

/// The support logs a filter selects (group already resolved: `Some(None)` = outside any
/// group, `None` = every group).
fn support_select(
    group: Option<Option<Uuid>>,
    kind: Option<SupportKind>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    hub: &str,
) -> Select<support_logs::Entity> {
    let mut q = support_logs::Entity::find()
        .filter(support_logs::Column::ArchivedAt.is_null())
        .filter(counted_ventures(hub));
    match group {
        Some(Some(id)) => q = q.filter(support_logs::Column::WorkingGroupId.eq(id)),
        Some(None) => q = q.filter(support_logs::Column::WorkingGroupId.is_null()),
        None => {}
    }
    if let Some(k) = kind {
        q = q.filter(support_logs::Column::Kind.eq(k.as_str()));
    }
    dates(q, support_logs::Column::SupportedOn, from, to)
}

/// The fund supports a filter selects, joined to their ventures (fund already resolved).
fn fund_select(
    fund: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    hub: &str,
) -> Select<fund_supports::Entity> {
    let mut q = fund_supports::Entity::find()
        .join(JoinType::InnerJoin, fund_supports::Relation::Ventures.def())
        .filter(fund_supports::Column::ArchivedAt.is_null());
    if !hub.is_empty() {
        q = q.filter(
            ventures::Column::CurrentHubId.in_subquery(
                Query::select()
                    .column((hubs::Entity, hubs::Column::Id))
                    .from(hubs::Entity)
                    .and_where(Expr::col((hubs::Entity, hubs::Column::Code)).eq(hub))
                    .to_owned(),
            ),
        );
    }
    if let Some(f) = fund {
        q = q.filter(fund_supports::Column::FundId.eq(f));
    }
    dates(q, fund_supports::Column::SupportedOn, from, to)
}

/// `CAST(SUM(fund_supports.amount_yen) AS BIGINT)`: PostgreSQL sums a BIGINT as NUMERIC.
fn sum_yen() -> SimpleExpr {
    Func::cast_as(
        Func::sum(Expr::col((
            fund_supports::Entity,
            fund_supports::Column::AmountYen,
        ))),
        Alias::new("BIGINT"),
    )
    .into()
}

/// The overview for `q` (years, and the hub for RINK support).
pub async fn overview(
    db: &Db,
    q: &DashboardQuery,
    today: NaiveDate,
) -> Result<SupportOverview, AppError> {
    let c = db.read();
    let years = shown_years(q, today);
    let (from, to) = (
        years.first().map(|y| y.start()),
        years.last().map(|y| y.end()),
    );
    let index = |on: NaiveDate| {
        let fy = FiscalYear::of(on);
        years.iter().position(|y| *y == fy)
    };
    let n = years.len();

    let groups = working_groups::Entity::find()
        .order_by_asc(working_groups::Column::SortOrder)
        .order_by_asc(working_groups::Column::Code)
        .all(c)
        .await
        .map_err(internal("loading working groups"))?;
    let all_hubs = hubs::Entity::find()
        .filter(hubs::Column::ArchivedAt.is_null())
        .order_by_asc(hubs::Column::SortOrder)
        .order_by_asc(hubs::Column::Code)
        .all(c)
        .await
        .map_err(internal("loading hubs"))?;
    let support: Vec<(Option<Uuid>, NaiveDate, String, i64)> =
        support_select(None, None, from, to, &q.hub)
            .select_only()
            .column(support_logs::Column::WorkingGroupId)
            .column(support_logs::Column::SupportedOn)
            .column(support_logs::Column::Kind)
            .column_as(support_logs::Column::Id.count(), "n")
            .group_by(support_logs::Column::WorkingGroupId)
            .group_by(support_logs::Column::SupportedOn)
            .group_by(support_logs::Column::Kind)
            .into_tuple()
            .all(c)
            .await
            .map_err(internal("counting support logs"))?;
    let money: Vec<(Uuid, NaiveDate, i64, i64)> = fund_select(None, from, to, "")
        .select_only()
        .column(ventures::Column::CurrentHubId)
        .column(fund_supports::Column::SupportedOn)
        .column_as(fund_supports::Column::Id.count(), "n")
        .column_as(sum_yen(), "yen")
        .group_by(ventures::Column::CurrentHubId)
        .group_by(fund_supports::Column::SupportedOn)
        .into_tuple()
        .all(c)
        .await
        .map_err(internal("summing fund supports"))?;

    // Group × kind × year.
    let mut cells: HashMap<(Option<Uuid>, SupportKind), Vec<u32>> = HashMap::new();
    for (group, on, kind, count) in support {
        let (Some(i), Ok(kind)) = (index(on), kind.parse::<SupportKind>()) else {
            continue;
        };
        cells.entry((group, kind)).or_insert_with(|| vec![0; n])[i] += count as u32;
    }
    let row = |id: Option<Uuid>, code: String, name_ja: String, name_en: String| {
        let kinds: Vec<KindCounts> = SupportKind::ALL
            .iter()
            .filter_map(|k| {
                cells.get(&(id, *k)).map(|counts| KindCounts {
                    kind: *k,
                    counts: counts.clone(),
                })
            })
            .collect();
        let totals = (0..n)
            .map(|i| kinds.iter().map(|k| k.counts[i]).sum())
            .collect();
        GroupSupport {
            code,
            name_ja,
            name_en,
            totals,
            kinds,
        }
    };
    let mut rows: Vec<GroupSupport> = groups
        .iter()
        .map(|g| {
            row(
                Some(g.id),
                g.code.clone(),
                g.name_ja.clone(),
                g.name_en.clone(),
            )
        })
        .zip(groups.iter())
        .filter(|(r, g)| g.archived_at.is_none() || r.total() > 0)
        .map(|(r, _)| r)
        .collect();
    rows.push(row(None, String::new(), String::new(), String::new()));

    // Hub × year.
    let mut by_hub: HashMap<Uuid, (Vec<u32>, Vec<i64>)> = HashMap::new();
    for (hub, on, count, yen) in money {
        let Some(i) = index(on) else { continue };
        let e = by_hub
            .entry(hub)
            .or_insert_with(|| (vec![0; n], vec![0; n]));
        e.0[i] += count as u32;
        e.1[i] = e.1[i].saturating_add(yen);
    }
    let hub_rows = all_hubs
        .iter()
        .map(|h| {
            let (counts, yen) = by_hub
                .remove(&h.id)
                .unwrap_or_else(|| (vec![0; n], vec![0; n]));
            HubFunds {
                code: h.code.clone(),
                name_ja: h.name_ja.clone(),
                name_en: h.name_en.clone(),
                counts,
                yen,
            }
        })
        .collect();
    Ok(SupportOverview {
        years,
        hub: q.hub.clone(),
        groups: rows,
        hubs: hub_rows,
    })
}

fn pages(total: u64) -> u64 {
    total.div_ceil(RECORDS_PAGE_SIZE).max(1)
}

/// The support logs behind a number, newest first, a page at a time. An unknown group is
/// "not found"; an unknown hub matches nothing (as in the overview).
pub async fn support_records(
    db: &Db,
    f: &SupportFilter,
    today: NaiveDate,
) -> Result<SupportRecords, AppError> {
    let c = db.read();
    let (group, name_ja, name_en) = match f.wg.as_str() {
        "" => (None, String::new(), String::new()),
        NO_GROUP => (Some(None), String::new(), String::new()),
        code => {
            let g = working_groups::Entity::find()
                .filter(working_groups::Column::Code.eq(code))
                .one(c)
                .await
                .map_err(internal("loading the working group"))?
                .ok_or(AppError::NotFound)?;
            (Some(Some(g.id)), g.name_ja, g.name_en)
        }
    };
    let q = support_select(group, f.kind, f.from, f.to, &f.hub);
    let total = q
        .clone()
        .count(c)
        .await
        .map_err(internal("counting support logs"))?;
    let page = f.page.max(1);
    let rows = q
        .order_by_desc(support_logs::Column::SupportedOn)
        .order_by_desc(support_logs::Column::Id)
        .offset((page - 1) * RECORDS_PAGE_SIZE)
        .limit(RECORDS_PAGE_SIZE)
        .all(c)
        .await
        .map_err(internal("loading support logs"))?;
    Ok(SupportRecords {
        filter: f.clone(),
        total,
        pages: pages(total),
        rows: crate::ssr::support::dtos(c, rows, today).await?,
        group_name_ja: name_ja,
        group_name_en: name_en,
        today,
    })
}

/// The fund supports behind a number, newest first, a page at a time, with their total in
/// yen. An unknown fund is "not found"; an unknown hub matches nothing.
pub async fn fund_records(db: &Db, f: &FundFilter) -> Result<FundSupportRecords, AppError> {
    let c = db.read();
    let fund = if f.fund.is_empty() {
        None
    } else {
        Some(
            funds::Entity::find()
                .filter(funds::Column::Code.eq(f.fund.as_str()))
                .one(c)
                .await
                .map_err(internal("loading the fund"))?
                .ok_or(AppError::NotFound)?,
        )
    };
    let q = fund_select(fund.as_ref().map(|f| f.id), f.from, f.to, &f.hub);
    let (total, total_yen): (i64, Option<i64>) = q
        .clone()
        .select_only()
        .column_as(fund_supports::Column::Id.count(), "n")
        .column_as(sum_yen(), "yen")
        .into_tuple()
        .one(c)
        .await
        .map_err(internal("counting fund supports"))?
        .unwrap_or((0, None));
    let page = f.page.max(1);
    let rows = q
        .order_by_desc(fund_supports::Column::SupportedOn)
        .order_by_desc(fund_supports::Column::Id)
        .offset((page - 1) * RECORDS_PAGE_SIZE)
        .limit(RECORDS_PAGE_SIZE)
        .all(c)
        .await
        .map_err(internal("loading fund supports"))?;
    let total = total.max(0) as u64;
    Ok(FundSupportRecords {
        filter: f.clone(),
        total,
        total_yen: total_yen.unwrap_or(0),
        pages: pages(total),
        rows: crate::ssr::funds::support_dtos(c, rows).await?,
        fund_name_ja: fund.as_ref().map(|f| f.name_ja.clone()).unwrap_or_default(),
        fund_name_en: fund.map(|f| f.name_en).unwrap_or_default(),
    })
}
