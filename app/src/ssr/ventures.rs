//! Venture queries.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use entity::{
    approvals, hubs, programs, stage_events, trial_notifications, venture_hub_tenancies, ventures,
};
use sea_orm::{
    sea_query::{Expr, LikeExpr, NullOrdering},
    ColumnTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::api::ventures::*;
use crate::domain::stage::{DatePrecision, EventKind, ExitKind, ProgramStatus, Stage, Track};
use crate::domain::text::search_key;
use crate::error::AppError;
use crate::ssr::{db::Db, state::internal};

pub async fn hubs(db: &Db) -> Result<Vec<HubDto>, AppError> {
    let rows = hubs::Entity::find()
        .filter(hubs::Column::ArchivedAt.is_null())
        .order_by_asc(hubs::Column::SortOrder)
        .all(db.read())
        .await
        .map_err(internal("loading hubs"))?;
    Ok(rows
        .into_iter()
        .map(|h| HubDto {
            id: h.id,
            code: h.code,
            name_ja: h.name_ja,
            name_en: h.name_en,
            city_ja: h.city_ja,
            city_en: h.city_en,
        })
        .collect())
}

/// Escape `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The non-archived ventures matching the list's search and filters, in its order (every page;
/// the CSV export uses it too, so a file holds exactly what the list shows).
pub fn filtered(
    hubs: &[HubDto],
    q: &VentureQuery,
) -> Result<sea_orm::Select<ventures::Entity>, AppError> {
    let mut select = ventures::Entity::find().filter(ventures::Column::ArchivedAt.is_null());

    let key = search_key(&q.q);
    if !key.is_empty() {
        select = select.filter(
            Expr::col(ventures::Column::SearchText)
                .like(LikeExpr::new(format!("%{}%", like_escape(&key))).escape('\\')),
        );
    }
    if !q.hub.is_empty() {
        match hubs.iter().find(|h| h.code == q.hub) {
            Some(h) => select = select.filter(ventures::Column::CurrentHubId.eq(h.id)),
            None => return Err(AppError::validation("hub", "hub.unknown")),
        }
    }
    if let Some(stage) = q.stage {
        select = select.filter(ventures::Column::CurrentStage.eq(stage.as_str()));
    }
    if let Some(m) = q.modality {
        select = select.filter(ventures::Column::Modality.eq(m.as_str()));
    }
    let threshold = q.reached.and_then(|r| r.threshold());
    if q.has_program || q.program_modality.is_some() {
        // One program must have the modality and have reached the stage.
        let mut sub = sea_orm::sea_query::Query::select();
        sub.column(programs::Column::VentureId)
            .from(programs::Entity)
            .and_where(programs::Column::ArchivedAt.is_null());
        if let Some(m) = q.program_modality {
            sub.and_where(programs::Column::Modality.eq(m.as_str()));
        }
        if let Some(t) = threshold {
            sub.and_where(programs::Column::CurrentStageRank.gte(t));
        }
        select = select.filter(ventures::Column::Id.in_subquery(sub.to_owned()));
    } else if let Some(t) = threshold {
        select = select.filter(ventures::Column::CurrentStageRank.gte(t));
    }
    for (col, from, to) in [
        (ventures::Column::FoundedOn, q.founded_from, q.founded_to),
        (ventures::Column::LocatedOn, q.located_from, q.located_to),
    ] {
        if let Some(from) = from {
            select = select.filter(col.gte(from));
        }
        if let Some(to) = to {
            select = select.filter(col.lte(to));
        }
    }
    select = match q.sort {
        VentureSort::Name => select,
        VentureSort::Stage => select.order_by_with_nulls(
            ventures::Column::CurrentStageRank,
            Order::Desc,
            NullOrdering::Last,
        ),
        VentureSort::Located => {
            select.order_by_with_nulls(ventures::Column::LocatedOn, Order::Desc, NullOrdering::Last)
        }
        VentureSort::Founded => {
            select.order_by_with_nulls(ventures::Column::FoundedOn, Order::Desc, NullOrdering::Last)
        }
    };
    select = select
        .order_by_asc(ventures::Column::NameKana)
        .order_by_asc(ventures::Column::NameJa)
        .order_by_asc(ventures::Column::Id);

    Ok(select)
}

pub async fn list(db: &Db, q: &VentureQuery) -> Result<VenturePage, AppError> {
    let hubs = hubs(db).await?;
    let select = filtered(&hubs, q)?;
    let paginator = select.paginate(db.read(), PAGE_SIZE);
    let total = paginator
        .num_items()
        .await
        .map_err(internal("counting ventures"))?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.clamp(1, pages);
    let rows = paginator
        .fetch_page(page - 1)
        .await
        .map_err(internal("listing ventures"))?;

    let ids: Vec<Uuid> = rows.iter().map(|v| v.id).collect();
    let counts: HashMap<Uuid, i64> = if ids.is_empty() {
        HashMap::new()
    } else {
        programs::Entity::find()
            .select_only()
            .column(programs::Column::VentureId)
            .column_as(programs::Column::Id.count(), "n")
            .filter(programs::Column::VentureId.is_in(ids))
            .filter(programs::Column::ArchivedAt.is_null())
            .group_by(programs::Column::VentureId)
            .into_tuple::<(Uuid, i64)>()
            .all(db.read())
            .await
            .map_err(internal("counting programs"))?
            .into_iter()
            .collect()
    };
    let hub_code: HashMap<Uuid, String> = hubs.iter().map(|h| (h.id, h.code.clone())).collect();
    let rows = rows
        .into_iter()
        .map(|v| VentureRow {
            programs: counts.get(&v.id).copied().unwrap_or(0).max(0) as u64,
            hub_code: hub_code.get(&v.current_hub_id).cloned().unwrap_or_default(),
            stage: v.current_stage.as_deref().and_then(|s| s.parse().ok()),
            id: v.id,
            name_ja: v.name_ja,
            name_en: v.name_en,
            name_kana: v.name_kana,
            modality: v.modality,
            founded_on: v.founded_on,
            located_on: v.located_on,
        })
        .collect();
    Ok(VenturePage {
        rows,
        total,
        page,
        pages,
        hubs,
    })
}

fn parse_code<T: std::str::FromStr>(what: &'static str, s: &str) -> Result<T, AppError> {
    s.parse().map_err(|_| {
        tracing::error!(value = s, "unknown {what} code in the database");
        AppError::Internal
    })
}

pub async fn detail(db: &Db, id: Uuid, today: NaiveDate) -> Result<VentureDetail, AppError> {
    let conn = db.read();
    let v = ventures::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal("loading venture"))?
        .ok_or(AppError::NotFound)?;
    let hubs = hubs(db).await?;
    let hub_code: HashMap<Uuid, String> = hubs.iter().map(|h| (h.id, h.code.clone())).collect();

    let tenancies = venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(id))
        .order_by_asc(venture_hub_tenancies::Column::StartedOn)
        .all(conn)
        .await
        .map_err(internal("loading tenancies"))?
        .into_iter()
        .map(|t| TenancyDto {
            hub_code: hub_code.get(&t.hub_id).cloned().unwrap_or_default(),
            started_on: t.started_on,
            ended_on: t.ended_on,
            note: t.note,
        })
        .collect();

    let program_rows = programs::Entity::find()
        .filter(programs::Column::VentureId.eq(id))
        .filter(programs::Column::ArchivedAt.is_null())
        .order_by_desc(programs::Column::CurrentStageRank)
        .order_by_asc(programs::Column::Name)
        .all(conn)
        .await
        .map_err(internal("loading programs"))?;
    let program_ids: Vec<Uuid> = program_rows.iter().map(|p| p.id).collect();

    let events = stage_events::Entity::find()
        .filter(stage_events::Column::ProgramId.is_in(program_ids.clone()))
        .order_by_asc(stage_events::Column::OccurredOn)
        .order_by_asc(stage_events::Column::RecordedAt)
        .all(conn)
        .await
        .map_err(internal("loading stage events"))?;
    let retracted: HashSet<Uuid> = events.iter().filter_map(|e| e.retracts_event_id).collect();
    let mut events_by_program: HashMap<Uuid, Vec<StageEventDto>> = HashMap::new();
    type Recorded = (
        chrono::DateTime<chrono::Utc>,
        Uuid,
        crate::domain::stage::StageEvent,
    );
    let mut domain_by_program: HashMap<Uuid, Vec<Recorded>> = HashMap::new();
    for e in events {
        domain_by_program.entry(e.program_id).or_default().push((
            e.recorded_at,
            e.id,
            crate::ssr::journey::to_domain(&e)?,
        ));
        let dto = StageEventDto {
            kind: parse_code::<EventKind>("event kind", &e.kind)?,
            stage: e
                .stage
                .as_deref()
                .map(|s| parse_code::<Stage>("stage", s))
                .transpose()?,
            exit_kind: e
                .exit_kind
                .as_deref()
                .map(|s| parse_code::<ExitKind>("exit kind", s))
                .transpose()?,
            precision: parse_code::<DatePrecision>("date precision", &e.date_precision)?,
            retracted: retracted.contains(&e.id),
            id: e.id,
            occurred_on: e.occurred_on,
            source_url: e.source_url,
            note: e.note,
            retracts: e.retracts_event_id,
            reason: e.reason,
        };
        events_by_program.entry(e.program_id).or_default().push(dto);
    }

    let mut notes_by_program: HashMap<Uuid, Vec<NotificationDto>> = HashMap::new();
    for n in trial_notifications::Entity::find()
        .filter(trial_notifications::Column::ProgramId.is_in(program_ids.clone()))
        .filter(trial_notifications::Column::ArchivedAt.is_null())
        .order_by_asc(trial_notifications::Column::NotifiedOn)
        .all(conn)
        .await
        .map_err(internal("loading notifications"))?
    {
        notes_by_program
            .entry(n.program_id)
            .or_default()
            .push(NotificationDto {
                id: n.id,
                notified_on: n.notified_on,
                sponsor: n.sponsor,
                registry_url: crate::domain::registry::RegistryId::parse(&n.registry_id)
                    .ok()
                    .and_then(|r| r.url()),
                registry_id: n.registry_id,
                phase: n.phase,
                title: n.title,
                note: n.note,
                version: n.version,
            });
    }

    let mut approvals_by_program: HashMap<Uuid, Vec<ApprovalDto>> = HashMap::new();
    let approval_rows = approvals::Entity::find()
        .filter(approvals::Column::ProgramId.is_in(program_ids))
        .filter(approvals::Column::ArchivedAt.is_null())
        .order_by_asc(approvals::Column::ApprovedOn)
        .all(conn)
        .await
        .map_err(internal("loading approvals"))?;
    let mut extensions =
        crate::ssr::records::extensions_of(conn, approval_rows.iter().map(|a| a.id).collect())
            .await?;
    for a in approval_rows {
        let alert = crate::domain::records::expiry_alert(
            parse_code("approval type", &a.approval_type)?,
            parse_code("approval outcome", &a.outcome)?,
            a.expires_on,
            today,
        );
        approvals_by_program
            .entry(a.program_id)
            .or_default()
            .push(ApprovalDto {
                extensions: extensions
                    .remove(&a.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|x| ExtensionDto {
                        extended_on: x.extended_on,
                        new_expires_on: x.new_expires_on,
                        note: x.note,
                    })
                    .collect(),
                alert,
                applied_on: a.applied_on,
                term_expires_on: a.term_expires_on,
                reapplied_on: a.reapplied_on,
                outcome_on: a.outcome_on,
                shipment_restriction_note: a.shipment_restriction_note,
                note: a.note,
                version: a.version,
                id: a.id,
                approval_type: a.approval_type,
                brand_name: a.brand_name,
                approved_on: a.approved_on,
                expires_on: a.expires_on,
                outcome: a.outcome,
                shipment_restricted: a.shipment_restricted,
                sakigake: a.sakigake,
                orphan: a.orphan,
            });
    }

    let mut programs_out = Vec::with_capacity(program_rows.len());
    for p in program_rows {
        let stage: Stage = parse_code("stage", &p.current_stage)?;
        let status: ProgramStatus = parse_code("program status", &p.status)?;
        let track = parse_code::<Track>("track", &p.track)?;
        // What the forms may offer next: replayed in recording order, as the server checks it.
        let mut history = domain_by_program.remove(&p.id).unwrap_or_default();
        history.sort_by_key(|(at, id, _)| (*at, *id));
        let replay = history.into_iter().map(|(_, _, e)| e);
        let allowed = match crate::domain::stage::derive_state(track, replay) {
            Ok(state) => crate::domain::stage::allowed_actions(&state),
            Err(e) => {
                tracing::error!(program = %p.id, ?e, "stored history does not replay");
                Vec::new()
            }
        };
        programs_out.push(ProgramDto {
            track,
            version: p.version,
            allowed,
            no_development_reported: crate::domain::stage::is_no_development_reported(
                stage,
                status,
                p.last_event_on,
                today,
            ),
            events: events_by_program.remove(&p.id).unwrap_or_default(),
            notifications: notes_by_program.remove(&p.id).unwrap_or_default(),
            approvals: approvals_by_program.remove(&p.id).unwrap_or_default(),
            id: p.id,
            name: p.name,
            modality: p.modality,
            indication: p.indication,
            stage,
            stage_reached_on: p.stage_reached_on,
            status,
        });
    }

    Ok(VentureDetail {
        hub_code: hub_code.get(&v.current_hub_id).cloned().unwrap_or_default(),
        stage: v.current_stage.as_deref().and_then(|s| s.parse().ok()),
        id: v.id,
        name_ja: v.name_ja,
        name_en: v.name_en,
        name_kana: v.name_kana,
        corporate_number: v.corporate_number,
        modality: v.modality,
        status: v.status,
        founded_on: v.founded_on,
        located_on: v.located_on,
        origin_institution: v.origin_institution,
        website: v.website,
        summary: v.summary,
        tenancies,
        programs: programs_out,
        hubs,
        version: v.version,
        archived: v.archived_at.is_some(),
        today,
    })
}

#[cfg(test)]
mod tests {
    use super::like_escape;

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_escape("セル"), "セル");
    }
}
