//! Who may do what, enforced on the server: every registered server function is called as
//! nobody and as each role. Refusals answer 401 or 403 and write nothing; allowed writes leave
//! exactly one audit event. The matrix lists the registered paths itself, so a new server function
//! that is not in it fails this test.

use std::collections::BTreeSet;

use app::domain::account::Role;
use app::ssr::db::Db;
use entity::{audit_events, users as user_rows};
use http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as};

/// What a server function needs from its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Needs {
    /// Open to everyone (signing in, asking who is signed in).
    Nobody,
    /// Any signed-in user (reading).
    SignedIn,
    /// A signed-in administrator (user management, the audit log).
    Admin,
    /// A role that may write the program journey (staff, admin).
    Journey,
    /// A role that may write ventures (staff, admin).
    Ventures,
    /// A role that may record fund support (staff, admin).
    FundSupport,
    /// A role that may log RINK support (coordinator, admin).
    SupportLogs,
    /// A role that may write working-group members and meetings (coordinator, admin).
    WorkingGroups,
}

/// Does it write (and so must leave exactly one audit event when it succeeds)?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Writes {
    No,
    Audited,
}

struct Case {
    path: &'static str,
    needs: Needs,
    writes: Writes,
}

const CASES: &[Case] = &[
    Case {
        path: "/api/auth/sign_in",
        needs: Needs::Nobody,
        writes: Writes::No,
    },
    Case {
        path: "/api/auth/sign_out",
        needs: Needs::Nobody,
        writes: Writes::No,
    },
    Case {
        path: "/api/auth/me",
        needs: Needs::Nobody,
        writes: Writes::No,
    },
    Case {
        path: "/api/ventures/list",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/ventures/get",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/ventures/history",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/admin/audit",
        needs: Needs::Admin,
        writes: Writes::No,
    },
    Case {
        path: "/api/tokens/list",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/tokens/create",
        needs: Needs::SignedIn,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/tokens/revoke",
        needs: Needs::SignedIn,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/admin/users/list",
        needs: Needs::Admin,
        writes: Writes::No,
    },
    Case {
        path: "/api/admin/users/add",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/admin/users/set_role",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/admin/users/reset_password",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/admin/users/set_disabled",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/hubs",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/ventures/create",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/update",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/add_program",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/archive",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/move_hub",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/ventures/timeline",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/journey/record",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/journey/retract",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/add_notification",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/update_notification",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/archive_notification",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/add_approval",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/update_approval",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/extend_approval",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/approval_life",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/records/archive_approval",
        needs: Needs::Journey,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/exchange/preview",
        needs: Needs::Ventures,
        writes: Writes::No,
    },
    Case {
        path: "/api/exchange/import",
        needs: Needs::Ventures,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/board/get",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/dashboard/funnel",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/rink/groups",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/rink/group",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/support/my_follow_ups",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/support/venture",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/support/log",
        needs: Needs::SupportLogs,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/support/update",
        needs: Needs::SupportLogs,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/support/archive",
        needs: Needs::SupportLogs,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/support/follow_up_done",
        needs: Needs::SupportLogs,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/rink/add_group",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/rink/close_group",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/rink/add_member",
        needs: Needs::WorkingGroups,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/rink/add_meeting",
        needs: Needs::WorkingGroups,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/dashboard/support",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/dashboard/support_records",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/dashboard/fund_records",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/dashboard/filters",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/dashboard/activity",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/funds/list",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/funds/get",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/funds/venture",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/funds/add_support",
        needs: Needs::FundSupport,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/funds/update_support",
        needs: Needs::FundSupport,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/funds/archive_support",
        needs: Needs::FundSupport,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/funds/add_fund",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/funds/update_fund",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
    Case {
        path: "/api/targets/get",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/targets/notifications",
        needs: Needs::SignedIn,
        writes: Writes::No,
    },
    Case {
        path: "/api/targets/freeze",
        needs: Needs::Admin,
        writes: Writes::Audited,
    },
];

/// A target of its own for one freeze call (a year can be frozen once): target years from 3000
/// on, so they never meet the seeded ones.
async fn target_fixture(db: &Db) -> Uuid {
    use sea_orm::ActiveValue::Set;
    static NEXT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(3000);
    let year = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    entity::targets::Entity::insert(entity::targets::ActiveModel {
        id: Set(id),
        metric: Set("ventures_located".into()),
        name_ja: Set("役割の確認".into()),
        name_en: Set(String::new()),
        counting: Set("per_year".into()),
        year_basis: Set("fiscal".into()),
        baseline_year: Set(2020),
        baseline_value: Set(1),
        target_year: Set(year),
        target_value: Set(2),
        note: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(None),
    })
    .exec(db.write())
    .await
    .unwrap();
    id
}

/// Everything a refused call must leave as it was: accounts, programs, their events, the audit
/// trail, ventures.
type Snapshot = (
    Vec<user_rows::Model>,
    Vec<entity::programs::Model>,
    u64,
    u64,
    Vec<entity::ventures::Model>,
    Vec<entity::fund_supports::Model>,
    Vec<entity::funds::Model>,
);

async fn snapshot(db: &Db) -> Snapshot {
    let ventures = entity::ventures::Entity::find()
        .order_by_asc(entity::ventures::Column::Id)
        .all(db.read())
        .await
        .unwrap();
    let users = user_rows::Entity::find()
        .order_by_asc(user_rows::Column::Id)
        .all(db.read())
        .await
        .unwrap();
    let programs = entity::programs::Entity::find()
        .order_by_asc(entity::programs::Column::Id)
        .all(db.read())
        .await
        .unwrap();
    let events = entity::stage_events::Entity::find()
        .count(db.read())
        .await
        .unwrap();
    let audit = audit_events::Entity::find().count(db.read()).await.unwrap();
    let fund_supports = entity::fund_supports::Entity::find()
        .order_by_asc(entity::fund_supports::Column::Id)
        .all(db.read())
        .await
        .unwrap();
    let funds = entity::funds::Entity::find()
        .order_by_asc(entity::funds::Column::Id)
        .all(db.read())
        .await
        .unwrap();
    (
        users,
        programs,
        events,
        audit,
        ventures,
        fund_supports,
        funds,
    )
}

async fn venture_fixture(db: &Db, name: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "セル",
            hub: "ksp",
            located_on: None,
        },
    )
    .await
}

/// A program and a staff account to record notifications and approvals on, for one call.
async fn records_fixture(db: &Db, venture: Uuid) -> (Uuid, Uuid) {
    let p = program(
        db,
        venture,
        &format!("RC-{}", Uuid::now_v7().simple()),
        "pmd_act",
    )
    .await;
    let email = format!("recorder-{}@test.example.jp", Uuid::now_v7().simple());
    let actor = crate::common::account(db, &email, "記録者", Role::Staff).await;
    (p, actor.id)
}

fn records_by(actor: Uuid) -> app::ssr::records::By {
    app::ssr::records::By {
        actor,
        now: chrono::Utc::now(),
        today: d(2026, 11, 25),
    }
}

async fn fund_of(db: &Db, code: &str) -> Uuid {
    use sea_orm::{ColumnTrait, QueryFilter};
    entity::funds::Entity::find()
        .filter(entity::funds::Column::Code.eq(code))
        .one(db.read())
        .await
        .unwrap()
        .expect("a fund of the migration")
        .id
}

/// A valid request body for `path`, on records made for this call.
async fn body_for(db: &Db, path: &str, venture: uuid::Uuid) -> String {
    let target = || async {
        let email = format!("target-{}@test.example.jp", uuid::Uuid::now_v7().simple());
        let u = crate::common::account(db, &email, "対象", Role::Viewer).await;
        (u.id, u.version)
    };
    match path {
        "/api/auth/sign_in" => "email=nobody%40test.example.jp&password=x&next=%2F".into(),
        "/api/auth/sign_out" | "/api/auth/me" | "/api/admin/users/list" => String::new(),
        "/api/ventures/list" => "query[q]=&query[hub]=&query[sort]=name&query[page]=1".into(),
        "/api/ventures/get" | "/api/ventures/history" => format!("id={venture}"),
        "/api/admin/audit" => "query[user]=&query[entity]=&query[page]=1".into(),
        "/api/admin/users/add" => format!(
            "email={}&display_name=%E6%96%B0%E4%BA%BA&role=staff&password={}",
            form_value(&format!(
                "new-{}@test.example.jp",
                uuid::Uuid::now_v7().simple()
            )),
            form_value(crate::common::TEST_PASSWORD)
        ),
        "/api/admin/users/set_role" => {
            let (id, v) = target().await;
            format!("id={id}&version={v}&role=coordinator")
        }
        "/api/admin/users/reset_password" => {
            let (id, v) = target().await;
            format!("id={id}&version={v}&password=another+long+password")
        }
        "/api/admin/users/set_disabled" => {
            let (id, v) = target().await;
            format!("id={id}&version={v}&disabled=true")
        }
        "/api/ventures/hubs" => String::new(),
        "/api/ventures/timeline" => format!("id={venture}"),
        "/api/ventures/move_hub" => {
            let v = venture_fixture(db, &format!("株式会社{}", Uuid::now_v7().simple())).await;
            format!("venture_id={v}&version=1&hub=shonan&moved_on=2025-04-01&note=")
        }
        "/api/dashboard/funnel" => {
            "query[hub]=ksp&query[unit]=programs&query[modality]=cell_therapy&query[fy_from]=2021&query[fy_to]=2025"
                .into()
        }
        "/api/board/get" => {
            "query[hub]=ksp&query[modality]=cell_therapy&query[track]=pmd_act&query[exits]=false&query[page]=1"
                .into()
        }
        "/api/ventures/add_program" => format!(
            "venture_id={venture}&name=P-{}&modality=cell_therapy&indication=&track=pmd_act",
            Uuid::now_v7().simple()
        ),
        "/api/ventures/create" => {
            let n = Uuid::now_v7().simple().to_string();
            format!(
                "form[name_ja]=%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE{n}&form[name_kana]=%E3%81%9B%E3%82%8B\
                 &form[hub]=ksp&form[modality]=cell_therapy"
            )
        }
        "/api/ventures/update" | "/api/ventures/archive" => {
            let n = Uuid::now_v7().simple().to_string();
            let v = venture_fixture(db, &format!("株式会社{n}")).await;
            if path.ends_with("update") {
                format!(
                    "id={v}&version=1&form[name_ja]=%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE{n}X\
                     &form[name_kana]=%E3%81%9B%E3%82%8B&form[modality]=cell_therapy"
                )
            } else {
                format!("id={v}&version=1")
            }
        }
        "/api/journey/record" => {
            let name = format!("CL-{}", Uuid::now_v7().simple());
            let p = program(db, venture, &name, "pmd_act").await;
            format!(
                "program_id={p}&version=1&action=stage%3Atrial_notified&occurred_on=2025-04-01\
                 &precision=day&source_url=&note="
            )
        }
        "/api/journey/retract" => {
            let name = format!("CL-{}", Uuid::now_v7().simple());
            let p = program(db, venture, &name, "pmd_act").await;
            let ids = events(db, p, vec![stage("trial_notified", d(2025, 4, 1))]).await;
            // The fixture writes events directly: the program is still at version 1.
            format!(
                "program_id={p}&version=1&event_id={}&reason=%E8%AA%A4%E8%A8%98",
                ids[0]
            )
        }
        "/api/records/add_notification" => {
            let p = program(
                db,
                venture,
                &format!("TN-{}", Uuid::now_v7().simple()),
                "pmd_act",
            )
            .await;
            format!(
                "program_id={p}&form[notified_on]=2025-04-01&form[sponsor]=investigator\
                 &form[registry_id]=jRCT2033200000&form[phase]=phase1"
            )
        }
        "/api/records/update_notification" | "/api/records/archive_notification" => {
            let (p, actor) = records_fixture(db, venture).await;
            let v = app::domain::records::validate_notification(
                &app::domain::records::NotificationForm {
                    notified_on: "2025-04-01".into(),
                    sponsor: "company".into(),
                    phase: "phase1".into(),
                    ..Default::default()
                },
                d(2026, 11, 25),
            )
            .unwrap();
            let id = app::ssr::records::add_notification(db, records_by(actor), p, v)
                .await
                .unwrap();
            if path.ends_with("update_notification") {
                format!(
                    "id={id}&version=1&form[notified_on]=2025-04-02&form[sponsor]=company&form[phase]=phase2"
                )
            } else {
                format!("id={id}&version=1")
            }
        }
        "/api/records/add_approval" => {
            let p = program(
                db,
                venture,
                &format!("AP-{}", Uuid::now_v7().simple()),
                "pmd_act",
            )
            .await;
            format!(
                "program_id={p}&form[approval_type]=conditional&form[approved_on]=2024-07-31\
                 &form[term_expires_on]=2031-07-30&form[shipment_restricted]=true"
            )
        }
        "/api/records/update_approval"
        | "/api/records/extend_approval"
        | "/api/records/approval_life"
        | "/api/records/archive_approval" => {
            let (p, actor) = records_fixture(db, venture).await;
            let v = app::domain::records::validate_approval(
                &app::domain::records::ApprovalForm {
                    approval_type: "conditional".into(),
                    approved_on: "2024-07-31".into(),
                    term_expires_on: "2031-07-30".into(),
                    ..Default::default()
                },
                d(2026, 11, 25),
            )
            .unwrap();
            let id = app::ssr::records::add_approval(db, records_by(actor), p, v)
                .await
                .unwrap();
            match path {
                "/api/records/update_approval" => format!(
                    "id={id}&version=1&form[approval_type]=conditional&form[approved_on]=2024-07-31\
                     &form[term_expires_on]=2031-07-30&form[orphan]=true"
                ),
                "/api/records/extend_approval" => format!(
                    "id={id}&version=1&extended_on=2026-01-01&new_expires_on=2032-07-30&note="
                ),
                "/api/records/approval_life" => format!(
                    "id={id}&version=1&reapplied_on=2026-01-01&outcome=in_force&outcome_on="
                ),
                _ => format!("id={id}&version=1"),
            }
        }
        // The CSV file of a multipart upload (see `request`): one new venture.
        "/api/exchange/preview" | "/api/exchange/import" => format!(
            "name_ja,name_kana,hub,modality\r\n株式会社{},セル,ksp,cell_therapy\r\n",
            Uuid::now_v7().simple()
        ),
        "/api/dashboard/support" => "query[hub]=&query[unit]=ventures&query[fy_from]=2024".into(),
        "/api/dashboard/support_records" => {
            "filter[wg]=none&filter[hub]=&filter[from]=2025-04-01&filter[page]=1".into()
        }
        "/api/dashboard/fund_records" => "filter[hub]=ksp&filter[fund]=&filter[page]=1".into(),
        "/api/funds/list" | "/api/dashboard/filters" => String::new(),
        "/api/dashboard/activity" => "fy=2025".into(),
        "/api/funds/get" => "code=healthcare_fund".into(),
        "/api/funds/venture" => format!("id={venture}"),
        "/api/funds/add_support" => format!(
            "form[fund_id]={}&form[venture_id]={venture}&form[supported_on]=2025-04-01\
             &form[amount]=5000%E4%B8%87&form[instrument]=equity&form[round]=",
            fund_of(db, "healthcare_fund").await
        ),
        "/api/funds/update_support" | "/api/funds/archive_support" => {
            let (_, actor) = records_fixture(db, venture).await;
            let fund = fund_of(db, "ksp_fund").await;
            let form = app::domain::fund_support::FundSupportForm {
                fund_id: fund.to_string(),
                venture_id: venture.to_string(),
                supported_on: "2025-04-01".into(),
                amount: "1000万".into(),
                instrument: "loan".into(),
                ..Default::default()
            };
            let v = app::domain::fund_support::validate_fund_support(&form, d(2026, 11, 25))
                .unwrap();
            let id = app::ssr::funds::add_support(db, records_by(actor), v)
                .await
                .unwrap();
            if path.ends_with("update_support") {
                format!(
                    "id={id}&version=1&form[fund_id]={fund}&form[venture_id]={venture}\
                     &form[supported_on]=2025-04-02&form[amount]=2000%E4%B8%87&form[instrument]=loan"
                )
            } else {
                format!("id={id}&version=1")
            }
        }
        "/api/funds/add_fund" => format!(
            "form[code]=f_{}&form[kind]=private&form[name_ja]=%E6%96%B0%E3%83%95%E3%82%A1%E3%83%B3%E3%83%89",
            Uuid::now_v7().simple()
        ),
        "/api/funds/update_fund" => {
            let (_, actor) = records_fixture(db, venture).await;
            let code = format!("f_{}", Uuid::now_v7().simple());
            let form = app::domain::fund_support::FundForm {
                code: code.clone(),
                kind: "private".into(),
                name_ja: "旧ファンド".into(),
                ..Default::default()
            };
            let v = app::domain::fund_support::validate_fund(&form).unwrap();
            let id = app::ssr::funds::add_fund(db, records_by(actor), v)
                .await
                .unwrap();
            format!(
                "id={id}&version=1&form[code]={code}&form[kind]=incubation&form[name_ja]=%E6%96%B0"
            )
        }
        "/api/targets/get" => String::new(),
        "/api/targets/notifications" => "from=2025-04-01&to=2026-03-31".into(),
        "/api/targets/freeze" => format!(
            "form[target_id]={}&form[year]=2024&form[value]=3&form[note]=",
            target_fixture(db).await
        ),
        "/api/rink/groups" | "/api/support/my_follow_ups" => String::new(),
        "/api/rink/group" => "code=free_treatment".into(),
        "/api/support/venture" => format!("id={venture}"),
        "/api/support/log" => format!(
            "form[venture_id]={venture}&form[working_group]=free_treatment&form[supported_on]=2026%2F11%2F5\
             &form[kind]=consultation&form[summary]=%E7%9B%B8%E8%AB%87&form[follow_up_on]=2026-12-01"
        ),
        "/api/support/update" | "/api/support/archive" | "/api/support/follow_up_done" => {
            let email = format!("rink-{}@test.example.jp", Uuid::now_v7().simple());
            let actor = crate::common::account(db, &email, "支援者", Role::Coordinator).await;
            let v = app::domain::support::validate_support(
                &app::domain::support::SupportForm {
                    venture_id: venture.to_string(),
                    supported_on: "2026-11-01".into(),
                    kind: "matching".into(),
                    summary: "面談".into(),
                    follow_up_on: "2026-11-10".into(),
                    ..Default::default()
                },
                d(2026, 11, 25),
            )
            .unwrap();
            let id = app::ssr::support::log_support(db, records_by(actor.id), v)
                .await
                .unwrap();
            match path {
                "/api/support/update" => format!(
                    "id={id}&version=1&form[venture_id]={venture}&form[supported_on]=2026-11-02\
                     &form[kind]=matching&form[summary]=%E9%9D%A2%E8%AB%87"
                ),
                "/api/support/follow_up_done" => {
                    format!("id={id}&version=1&outcome=%E5%AE%8C%E4%BA%86")
                }
                _ => format!("id={id}&version=1"),
            }
        }
        "/api/rink/add_group" => format!(
            "form[code]=g{}&form[kind]=working_group&form[name_ja]=%E6%96%B0WG",
            Uuid::now_v7().simple()
        ),
        "/api/rink/close_group" => {
            let email = format!("rink-{}@test.example.jp", Uuid::now_v7().simple());
            let actor = crate::common::account(db, &email, "管理", Role::Admin).await;
            let code = app::ssr::support::add_group(
                db,
                records_by(actor.id),
                app::domain::support::validate_group(&app::domain::support::GroupForm {
                    code: format!("c{}", Uuid::now_v7().simple()),
                    kind: "sub_committee".into(),
                    name_ja: "閉じる分科会".into(),
                    ..Default::default()
                })
                .unwrap(),
            )
            .await
            .unwrap();
            format!("code={code}&version=1&closed_on=2026-11-01")
        }
        "/api/rink/add_member" => {
            "code=free_treatment&form[member_kind]=organisation&form[organisation_name]=%E7%97%85%E9%99%A2".into()
        }
        "/api/rink/add_meeting" => {
            "code=free_treatment&form[held_on]=2026-12-01&form[title]=%E7%AC%AC13%E5%9B%9E".into()
        }
        "/api/tokens/list" => String::new(),
        "/api/tokens/create" => "token_name=matrix&lifetime=30d".into(),
        // Signed in, the caller revokes a token of their own (`own_token`).
        "/api/tokens/revoke" => format!("id={}", Uuid::now_v7()),
        other => panic!("no request body for {other}: add it to the matrix"),
    }
}

/// `id=…` of a new token of the signed-in user of `sid`.
async fn own_token(db: &Db, sid: &str) -> String {
    let a = send(
        db,
        call(
            "/api/tokens/create",
            "token_name=matrix&lifetime=30d",
            Some(sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let created: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    format!("id={}", created["token"]["id"].as_str().unwrap())
}

async fn every_server_function_checks_the_role(db: &Db) {
    // The matrix covers every registered server function.
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let covered: BTreeSet<String> = CASES.iter().map(|c| c.path.to_string()).collect();
    let missing: Vec<_> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "server functions missing from the role matrix: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "the matrix names paths that no longer exist: {stale:?}"
    );

    let venture = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink",
            kana: "セルリンク",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    let mut sessions = vec![(None, None)];
    for role in Role::ALL {
        let (_, sid) = sign_in_as(db, *role).await;
        sessions.push((Some(*role), Some(sid)));
    }

    for case in CASES {
        for (role, sid) in &sessions {
            let body = match (case.path, sid) {
                ("/api/tokens/revoke", Some(sid)) => own_token(db, sid).await,
                _ => body_for(db, case.path, venture).await,
            };
            // Signing out ends the session: give it one of its own.
            let sid = match (case.path, role) {
                ("/api/auth/sign_out", Some(r)) => Some(sign_in_as(db, *r).await.1),
                _ => sid.clone(),
            };
            let before = snapshot(db).await;
            let req = if case.path.starts_with("/api/exchange/") {
                crate::exchange::upload_call(
                    case.path,
                    "ventures",
                    "roles.csv",
                    body.as_bytes(),
                    sid.as_deref(),
                )
            } else {
                call(case.path, &body, sid.as_deref())
            };
            let a = send(db, req).await;
            let allowed = match case.needs {
                Needs::Nobody => true,
                Needs::SignedIn => role.is_some(),
                Needs::Admin => *role == Some(Role::Admin),
                Needs::Journey | Needs::Ventures | Needs::FundSupport => {
                    matches!(role, Some(Role::Admin | Role::Staff))
                }
                Needs::SupportLogs | Needs::WorkingGroups => {
                    matches!(role, Some(Role::Admin | Role::Coordinator))
                }
            };
            let who = role.map(|r| r.as_str()).unwrap_or("nobody");
            if allowed {
                if case.path == "/api/auth/sign_in" {
                    // Reaches the check of the credentials (which are wrong).
                    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{} as {who}", case.path);
                    continue;
                }
                assert!(
                    a.status.is_success() || a.status.is_redirection(),
                    "{} as {who}: {} {}",
                    case.path,
                    a.status,
                    a.body
                );
                if case.writes == Writes::Audited {
                    let after = snapshot(db).await;
                    assert_eq!(
                        after.3,
                        before.3 + 1,
                        "{} as {who}: one audit event",
                        case.path
                    );
                }
            } else {
                let expected = if role.is_none() {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(a.status, expected, "{} as {who}: {}", case.path, a.body);
                if let Some(r) = role {
                    assert!(
                        a.body.contains(&format!("\"allowed\":\"{}\"", r.as_str())),
                        "the refusal names the role, so the message can say what it may do: {}",
                        a.body
                    );
                }
                assert_eq!(
                    snapshot(db).await,
                    before,
                    "{} as {who} wrote nothing",
                    case.path
                );
            }
        }
    }
}

db_tests!(every_server_function_checks_the_role);
