//! The venture timeline's queries: a fixed number of statements whatever the number of programs,
//! events or support records (each table once, by venture or by the venture's program ids).

use std::collections::{HashMap, HashSet};

use entity::{
    approval_extensions, approvals, fund_supports, funds, hubs, programs, stage_events,
    support_logs, trial_notifications, venture_hub_tenancies, ventures, working_groups,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::api::timeline::{TimelineEntry, TimelineWhat};
use crate::domain::stage::{DatePrecision, EventBody};
use crate::error::AppError;
use crate::ssr::{db::Db, journey, state::internal};

fn entry(on: chrono::NaiveDate, what: TimelineWhat) -> TimelineEntry {
    TimelineEntry {
        on,
        precision: DatePrecision::Day,
        program: None,
        what,
        note: String::new(),
        retracted: false,
    }
}

/// Everything dated about the venture, oldest first (same day: in the order of the journey —
/// venture facts, then programs' records, then support and money).
pub async fn venture(db: &Db, id: Uuid) -> Result<Vec<TimelineEntry>, AppError> {
    let conn = db.read();
    let v = ventures::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    let hub_code: HashMap<Uuid, String> = hubs::Entity::find()
        .all(conn)
        .await
        .map_err(internal("loading hubs"))?
        .into_iter()
        .map(|h| (h.id, h.code))
        .collect();
    let mut out = Vec::new();
    if let Some(d) = v.founded_on {
        out.push(entry(d, TimelineWhat::Founded));
    }
    if let Some(d) = v.located_on {
        out.push(entry(d, TimelineWhat::Located));
    }
    let stays = venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(id))
        .order_by_asc(venture_hub_tenancies::Column::StartedOn)
        .order_by_asc(venture_hub_tenancies::Column::CreatedAt)
        .all(conn)
        .await
        .map_err(internal("loading hub stays"))?;
    for (i, t) in stays.into_iter().enumerate() {
        let mut e = entry(
            t.started_on,
            TimelineWhat::HubStay {
                hub: hub_code.get(&t.hub_id).cloned().unwrap_or_default(),
                moved: i > 0,
            },
        );
        e.note = t.note;
        out.push(e);
    }

    let program_rows = programs::Entity::find()
        .filter(programs::Column::VentureId.eq(id))
        .filter(programs::Column::ArchivedAt.is_null())
        .all(conn)
        .await
        .map_err(internal("loading programs"))?;
    let program_name: HashMap<Uuid, String> =
        program_rows.into_iter().map(|p| (p.id, p.name)).collect();
    let program_ids: Vec<Uuid> = program_name.keys().copied().collect();

    let events = stage_events::Entity::find()
        .filter(stage_events::Column::ProgramId.is_in(program_ids.clone()))
        .order_by_asc(stage_events::Column::RecordedAt)
        .order_by_asc(stage_events::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading stage events"))?;
    let retracted: HashSet<Uuid> = events.iter().filter_map(|e| e.retracts_event_id).collect();
    for e in &events {
        let d = journey::to_domain(e)?;
        let what = match d.body {
            EventBody::Stage { stage } => TimelineWhat::Stage { stage },
            EventBody::Exit { exit_kind } => TimelineWhat::Exit { exit_kind },
            EventBody::Resumed => TimelineWhat::Resumed,
            EventBody::Retraction { reason, .. } => TimelineWhat::Retraction { reason },
        };
        out.push(TimelineEntry {
            on: d.occurred_on,
            precision: d.precision,
            program: program_name.get(&e.program_id).cloned(),
            what,
            note: e.note.clone(),
            retracted: retracted.contains(&e.id),
        });
    }

    for n in trial_notifications::Entity::find()
        .filter(trial_notifications::Column::ProgramId.is_in(program_ids.clone()))
        .filter(trial_notifications::Column::ArchivedAt.is_null())
        .all(conn)
        .await
        .map_err(internal("loading notifications"))?
    {
        let mut e = entry(
            n.notified_on,
            TimelineWhat::Notification {
                phase: n.phase,
                sponsor: n.sponsor,
                registry_id: n.registry_id,
            },
        );
        e.program = program_name.get(&n.program_id).cloned();
        e.note = n.title;
        out.push(e);
    }

    let approval_rows = approvals::Entity::find()
        .filter(approvals::Column::ProgramId.is_in(program_ids))
        .filter(approvals::Column::ArchivedAt.is_null())
        .all(conn)
        .await
        .map_err(internal("loading approvals"))?;
    let approval_program: HashMap<Uuid, Uuid> =
        approval_rows.iter().map(|a| (a.id, a.program_id)).collect();
    for a in approval_rows {
        let program = program_name.get(&a.program_id).cloned();
        let with_program = |mut e: TimelineEntry| {
            e.program = program.clone();
            e
        };
        if let Some(d) = a.applied_on {
            out.push(with_program(entry(
                d,
                TimelineWhat::Applied {
                    approval_type: a.approval_type.clone(),
                },
            )));
        }
        out.push(with_program(entry(
            a.approved_on,
            TimelineWhat::Approved {
                approval_type: a.approval_type.clone(),
                brand_name: a.brand_name.clone(),
                expires_on: a.term_expires_on,
            },
        )));
        if let Some(d) = a.reapplied_on {
            out.push(with_program(entry(d, TimelineWhat::Reapplied)));
        }
        if let (Some(d), true) = (a.outcome_on, a.outcome != "in_force") {
            out.push(with_program(entry(
                d,
                TimelineWhat::ApprovalOutcome {
                    outcome: a.outcome.clone(),
                },
            )));
        }
    }
    let approval_ids: Vec<Uuid> = approval_program.keys().copied().collect();
    for x in approval_extensions::Entity::find()
        .filter(approval_extensions::Column::ApprovalId.is_in(approval_ids))
        .all(conn)
        .await
        .map_err(internal("loading approval extensions"))?
    {
        let mut e = entry(
            x.extended_on,
            TimelineWhat::Extended {
                new_expires_on: x.new_expires_on,
            },
        );
        e.program = approval_program
            .get(&x.approval_id)
            .and_then(|p| program_name.get(p))
            .cloned();
        e.note = x.note;
        out.push(e);
    }

    let groups: HashMap<Uuid, (String, String)> = working_groups::Entity::find()
        .all(conn)
        .await
        .map_err(internal("loading working groups"))?
        .into_iter()
        .map(|g| (g.id, (g.name_ja, g.name_en)))
        .collect();
    for s in support_logs::Entity::find()
        .filter(support_logs::Column::VentureId.eq(id))
        .filter(support_logs::Column::ArchivedAt.is_null())
        .all(conn)
        .await
        .map_err(internal("loading support logs"))?
    {
        let (wg_ja, wg_en) = s
            .working_group_id
            .and_then(|g| groups.get(&g).cloned())
            .unwrap_or_default();
        let mut e = entry(
            s.supported_on,
            TimelineWhat::Support {
                kind: s.kind,
                working_group_ja: wg_ja,
                working_group_en: wg_en,
                summary: s.summary,
            },
        );
        e.note = s.outcome;
        out.push(e);
    }

    let fund_names: HashMap<Uuid, (String, String)> = funds::Entity::find()
        .all(conn)
        .await
        .map_err(internal("loading funds"))?
        .into_iter()
        .map(|f| (f.id, (f.name_ja, f.name_en)))
        .collect();
    for f in fund_supports::Entity::find()
        .filter(fund_supports::Column::VentureId.eq(id))
        .filter(fund_supports::Column::ArchivedAt.is_null())
        .all(conn)
        .await
        .map_err(internal("loading fund support"))?
    {
        let (fund_ja, fund_en) = fund_names.get(&f.fund_id).cloned().unwrap_or_default();
        let mut e = entry(
            f.supported_on,
            TimelineWhat::Funding {
                fund_ja,
                fund_en,
                amount_yen: f.amount_yen,
                instrument: f.instrument,
                round: f.round,
            },
        );
        e.note = f.note;
        out.push(e);
    }

    // A stable order: by date, then by the journey's order of kinds; the sort keeps the
    // recording order of stage events within one day (the sort is stable).
    let rank = |w: &TimelineWhat| match w.group() {
        "venture" => 0,
        "journey" | "notification" | "approval" => 1,
        "support" => 2,
        _ => 3,
    };
    out.sort_by_key(|e| (e.on, rank(&e.what)));
    Ok(out)
}
