//! Runs the migrations up, down and up again on SQLite (a temporary file) and, when
//! `TEST_POSTGRES_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/test`), on PostgreSQL inside
//! a throw-away schema. After the final `up` it checks the seeded rows, that every entity of the
//! `entity` crate reads and writes the migrated tables, and that CHECK, UNIQUE and FOREIGN KEY
//! constraints (RESTRICT and CASCADE) are enforced.

use entity::prelude::*;
use entity::*;
use migration::Migrator;
use sea_orm_migration::sea_orm::prelude::{Date, DateTimeUtc, Json, Uuid};
use sea_orm_migration::sea_orm::{
    ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend,
    EntityTrait, IntoActiveModel, ModelTrait, PaginatorTrait, Set, Statement, TryGetable,
};
use sea_orm_migration::MigratorTrait;

/// Tables created by the migration, sorted by name.
const TABLES: [&str; 24] = [
    "api_tokens",
    "approval_extensions",
    "approvals",
    "audit_events",
    "data_version",
    "fund_support_links",
    "fund_supports",
    "funds",
    "hubs",
    "meetings",
    "program_milestones",
    "programs",
    "sessions",
    "sign_in_attempts",
    "stage_events",
    "support_logs",
    "target_reported_figures",
    "targets",
    "trial_notifications",
    "users",
    "venture_hub_tenancies",
    "ventures",
    "working_group_members",
    "working_groups",
];

const HUB_TONOMACHI: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000001);
const HUB_SHONAN: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000002);
const HUB_KSP: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000003);
const WG_FREE_TREATMENT: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000101);
const FUND_HEALTHCARE: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000201);
const TARGET_VENTURES_LOCATED: Uuid = Uuid::from_u128(0x0193a000_0000_7000_8000_000000000301);

fn seeded_at() -> DateTimeUtc {
    "2026-11-25T00:00:00Z".parse().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap()
}

fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[tokio::test]
async fn sqlite_up_down_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    // Connected exactly as the application does: sqlx's SQLite driver turns
    // `PRAGMA foreign_keys = ON` on for every connection it opens (checked below).
    let db = Database::connect(&url).await.unwrap();
    exercise(&db).await;
    db.close().await.unwrap();
}

#[tokio::test]
async fn postgres_up_down_up() {
    let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    let schema = format!("t_{}", Uuid::now_v7().simple());
    let admin = Database::connect(&url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
        .await
        .unwrap();

    // Every pooled connection gets `SET search_path = "t_…"` (sea-orm's after_connect hook).
    let mut options = ConnectOptions::new(url.clone());
    options.set_schema_search_path(schema.clone());
    let expected_schema = schema.clone();
    let outcome = tokio::spawn(async move {
        let db = Database::connect(options).await.unwrap();
        let current: String = query_one(&db, "SELECT current_schema()::text AS v").await;
        assert_eq!(current, expected_schema);
        exercise(&db).await;
        db.close().await.unwrap();
    })
    .await;

    // Best effort, also when the run above panicked.
    let dropped = admin
        .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        .await;
    let _ = admin.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
    dropped.unwrap();
}

async fn exercise(db: &DatabaseConnection) {
    let mut with_migrations_table: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    with_migrations_table.push("seaql_migrations".into());
    with_migrations_table.sort();

    // up
    Migrator::up(db, None).await.unwrap();
    assert_eq!(tables(db).await, with_migrations_table);
    assert_eq!(Hubs::find().count(db).await.unwrap(), 4);

    // Self-referencing rows must not stop `down` (SQLite deletes rows when dropping a table).
    populate_self_references(db).await;

    // down: nothing of ours is left, not even an index.
    Migrator::down(db, None).await.unwrap();
    assert_eq!(tables(db).await, vec!["seaql_migrations".to_string()]);
    assert_eq!(our_indexes(db).await, Vec::<String>::new());

    // up again
    Migrator::up(db, None).await.unwrap();
    assert_eq!(tables(db).await, with_migrations_table);
    assert!(Migrator::get_pending_migrations(db)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(our_indexes(db).await.len(), 35);

    check_seeds(db).await;
    check_every_entity_reads(db).await;
    check_round_trips_and_constraints(db).await;
}

async fn check_seeds(db: &DatabaseConnection) {
    assert_eq!(Hubs::find().count(db).await.unwrap(), 4);
    assert_eq!(WorkingGroups::find().count(db).await.unwrap(), 5);
    assert_eq!(Funds::find().count(db).await.unwrap(), 2);
    assert_eq!(Targets::find().count(db).await.unwrap(), 2);

    let hub = Hubs::find_by_id(HUB_TONOMACHI)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hub.code, "tonomachi");
    assert_eq!(hub.name_ja, "殿町");
    assert_eq!(hub.city_en, "Kawasaki");
    assert_eq!(hub.description_ja, "");
    assert_eq!(hub.sort_order, 1);
    assert_eq!(hub.version, 1);
    assert_eq!(hub.created_at, seeded_at());
    assert_eq!(hub.updated_at, seeded_at());
    assert_eq!(hub.created_by, None);
    assert_eq!(hub.archived_at, None);
    let ksp = Hubs::find_by_id(HUB_KSP).one(db).await.unwrap().unwrap();
    assert_eq!(ksp.name_ja, "KSP（かながわサイエンスパーク）");

    let mut codes: Vec<String> = Hubs::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.code)
        .collect();
    codes.sort();
    assert_eq!(codes, ["elsewhere", "ksp", "shonan", "tonomachi"]);

    let wg = WorkingGroups::find_by_id(WG_FREE_TREATMENT)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (wg.code.as_str(), wg.kind.as_str(), wg.name_ja.as_str()),
        ("free_treatment", "working_group", "自由診療WG")
    );
    let sub_committees = WorkingGroups::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|w| w.kind == "sub_committee")
        .count();
    assert_eq!(sub_committees, 3);

    let fund = Funds::find_by_id(FUND_HEALTHCARE)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fund.code, "healthcare_fund");
    assert_eq!(fund.kind, "prefectural");

    let target = Targets::find_by_id(TARGET_VENTURES_LOCATED)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            target.metric.as_str(),
            target.counting.as_str(),
            target.year_basis.as_str(),
            target.baseline_year,
            target.baseline_value,
            target.target_year,
            target.target_value,
        ),
        (
            "ventures_located",
            "cumulative",
            "fiscal",
            2021,
            51,
            2025,
            75
        )
    );

    // m20261201_000001_trial_target_per_year: the trial-notification target is an annual count.
    let trials = Targets::find_by_id(Uuid::from_u128(0x0193a000_0000_7000_8000_000000000302))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            trials.counting.as_str(),
            trials.version,
            trials.target_value
        ),
        ("per_year", 2, 22)
    );

    if db.get_database_backend() == DbBackend::Sqlite {
        // sqlx's encoding: UUIDs as 16-byte BLOBs, timestamps as RFC 3339 text.
        let kinds: String = query_one(
            db,
            "SELECT typeof(id) || ',' || length(id) || ',' || typeof(created_at) AS v \
             FROM hubs WHERE code = 'tonomachi'",
        )
        .await;
        assert_eq!(kinds, "blob,16,text");
    }
}

/// A `SELECT *` through every entity: a column missing or misnamed in the schema fails here.
async fn check_every_entity_reads(db: &DatabaseConnection) {
    macro_rules! read_all {
        ($($e:ty),* $(,)?) => {{
            let mut n = 0;
            $(
                <$e>::find().all(db).await.unwrap_or_else(|e| panic!("{}: {e}", stringify!($e)));
                n += 1;
            )*
            n
        }};
    }
    let n = read_all!(
        Users,
        Sessions,
        SignInAttempts,
        ApiTokens,
        Hubs,
        Ventures,
        VentureHubTenancies,
        Programs,
        ProgramMilestones,
        StageEvents,
        TrialNotifications,
        Approvals,
        ApprovalExtensions,
        WorkingGroups,
        WorkingGroupMembers,
        Meetings,
        SupportLogs,
        Funds,
        FundSupports,
        FundSupportLinks,
        Targets,
        TargetReportedFigures,
        AuditEvents,
        DataVersion,
    );
    assert_eq!(n, TABLES.len());
}

/// Inserts a full model through its entity and checks that it reads back unchanged.
macro_rules! round_trip {
    ($db:expr, $entity:ty, $model:expr) => {{
        let model = $model;
        let inserted = model
            .clone()
            .into_active_model()
            .reset_all()
            .insert($db)
            .await
            .unwrap_or_else(|e| panic!("insert {}: {e}", stringify!($entity)));
        assert_eq!(inserted, model);
        let found = <$entity>::find()
            .all($db)
            .await
            .unwrap()
            .into_iter()
            .find(|m| *m == model);
        assert!(found.is_some(), "{} did not read back", stringify!($entity));
        model
    }};
}

/// Inserts a model that must be rejected by a constraint whose error mentions `expect`.
macro_rules! rejected {
    ($db:expr, $model:expr, $expect:expr) => {{
        let err = $model
            .into_active_model()
            .reset_all()
            .insert($db)
            .await
            .expect_err("the row should have been rejected");
        let msg = err.to_string().to_lowercase();
        assert!(msg.contains($expect), "expected {:?}, got: {msg}", $expect);
    }};
}

const CHECK: &str = "check constraint";
const FOREIGN_KEY: &str = "foreign key constraint";
const UNIQUE: &str = "unique";

fn audit_columns() -> (i32, DateTimeUtc, DateTimeUtc) {
    (1, seeded_at(), seeded_at())
}

async fn user(db: &DatabaseConnection, email: &str, created_by: Option<Uuid>) -> users::Model {
    let (version, created_at, updated_at) = audit_columns();
    round_trip!(
        db,
        Users,
        users::Model {
            id: new_id(),
            email: email.into(),
            display_name: "テスト 太郎".into(),
            role: "coordinator".into(),
            password_hash: Some("$argon2id$v=19$...".into()),
            locale: "ja".into(),
            disabled_at: None,
            last_sign_in_at: Some(seeded_at()),
            version,
            created_at,
            updated_at,
            created_by,
            updated_by: created_by,
            archived_at: None,
        }
    )
}

fn hub(code: &str) -> hubs::Model {
    let (version, created_at, updated_at) = audit_columns();
    hubs::Model {
        id: new_id(),
        code: code.into(),
        name_ja: "火星".into(),
        name_en: "Mars".into(),
        city_ja: "".into(),
        city_en: "".into(),
        description_ja: "".into(),
        description_en: "".into(),
        sort_order: 9,
        version,
        created_at,
        updated_at,
        created_by: None,
        updated_by: None,
        archived_at: None,
    }
}

fn venture(hub_id: Uuid, corporate_number: Option<&str>) -> ventures::Model {
    let (version, created_at, updated_at) = audit_columns();
    ventures::Model {
        id: new_id(),
        corporate_number: corporate_number.map(Into::into),
        name_ja: "株式会社テスト".into(),
        name_en: "Test Inc.".into(),
        name_kana: "テスト".into(),
        name_key: "てすと".into(),
        search_text: "株式会社テスト test inc. テスト".into(),
        founded_on: Some(day(2019, 4, 1)),
        located_on: Some(day(2021, 10, 1)),
        origin_institution: "".into(),
        modality: "cell_therapy".into(),
        status: "active".into(),
        website: "".into(),
        summary: "".into(),
        current_hub_id: hub_id,
        current_stage: Some("phase1".into()),
        current_stage_rank: Some(2),
        is_generated: false,
        version,
        created_at,
        updated_at,
        created_by: None,
        updated_by: None,
        archived_at: None,
    }
}

fn program(venture_id: Uuid, by: Option<Uuid>) -> programs::Model {
    let (version, created_at, updated_at) = audit_columns();
    programs::Model {
        id: new_id(),
        venture_id,
        name: "TST-001".into(),
        modality: "cell_therapy".into(),
        indication: "重症心不全".into(),
        track: "pmd_act".into(),
        risk_class: None,
        current_stage: "phase1".into(),
        current_stage_rank: 2,
        stage_reached_on: Some(day(2025, 6, 1)),
        status: "active".into(),
        last_event_on: Some(day(2025, 6, 1)),
        version,
        created_at,
        updated_at,
        created_by: by,
        updated_by: by,
        archived_at: None,
    }
}

fn stage_event(program_id: Uuid, kind: &str, stage: Option<&str>) -> stage_events::Model {
    stage_events::Model {
        id: new_id(),
        program_id,
        kind: kind.into(),
        stage: stage.map(Into::into),
        exit_kind: None,
        occurred_on: day(2025, 6, 1),
        date_precision: "month".into(),
        source_url: "https://jrct.niph.go.jp/".into(),
        note: "".into(),
        retracts_event_id: None,
        reason: None,
        recorded_by: None,
        recorded_at: seeded_at(),
        is_generated: false,
    }
}

/// Rows that point at rows of their own table: users created and updated by each other (a
/// cycle), a working group under a seeded one, and a chain of retractions.
async fn populate_self_references(db: &DatabaseConnection) {
    let root = user(db, "root@example.jp", None).await;
    let child = user(db, "child@example.jp", Some(root.id)).await;
    users::ActiveModel {
        updated_by: Set(Some(child.id)),
        ..root.into_active_model()
    }
    .update(db)
    .await
    .unwrap();

    let (version, created_at, updated_at) = audit_columns();
    let sub = round_trip!(
        db,
        WorkingGroups,
        working_groups::Model {
            id: new_id(),
            code: "cell_processing".into(),
            kind: "sub_committee".into(),
            parent_id: Some(WG_FREE_TREATMENT),
            name_ja: "細胞加工分科会".into(),
            name_en: "Cell-processing sub-committee".into(),
            description: "".into(),
            closed_on: None,
            sort_order: 6,
            version,
            created_at,
            updated_at,
            created_by: Some(child.id),
            updated_by: None,
            archived_at: None,
        }
    );
    round_trip!(
        db,
        WorkingGroups,
        working_groups::Model {
            id: new_id(),
            code: "cell_processing_qa".into(),
            parent_id: Some(sub.id),
            ..sub.clone()
        }
    );

    let venture = round_trip!(db, Ventures, venture(HUB_SHONAN, None));
    let program = round_trip!(db, Programs, program(venture.id, None));
    let mut retracts = round_trip!(
        db,
        StageEvents,
        stage_event(program.id, "stage", Some("research"))
    );
    // The first event is retracted, then the retraction itself is retracted, twice over.
    for _ in 0..3 {
        let mut retraction = stage_event(program.id, "retraction", None);
        retraction.retracts_event_id = Some(retracts.id);
        retraction.reason = Some("誤登録".into());
        retracts = round_trip!(db, StageEvents, retraction);
    }
    assert_eq!(StageEvents::find().count(db).await.unwrap(), 4);
}

async fn check_round_trips_and_constraints(db: &DatabaseConnection) {
    let (version, created_at, updated_at) = audit_columns();
    let coordinator = user(db, "coordinator@example.jp", None).await;

    // CHECK constraints.
    rejected!(db, hub("mars"), CHECK);
    rejected!(db, venture(HUB_TONOMACHI, Some("123")), CHECK);
    // FOREIGN KEY: a venture at a hub that does not exist.
    rejected!(db, venture(new_id(), None), FOREIGN_KEY);
    if db.get_database_backend() == DbBackend::Sqlite {
        let on: i32 = query_one(db, "PRAGMA foreign_keys").await;
        assert_eq!(
            on, 1,
            "sqlx should enable foreign keys on SQLite connections"
        );
    }

    let venture = round_trip!(db, Ventures, venture(HUB_TONOMACHI, Some("1234567890123")));
    rejected!(
        db,
        ventures::Model {
            id: new_id(),
            ..venture.clone()
        },
        UNIQUE
    );
    let (_, hub) = Ventures::find_by_id(venture.id)
        .find_also_related(Hubs)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hub.unwrap().code, "tonomachi");

    round_trip!(
        db,
        VentureHubTenancies,
        venture_hub_tenancies::Model {
            id: new_id(),
            venture_id: venture.id,
            hub_id: HUB_TONOMACHI,
            started_on: day(2021, 10, 1),
            ended_on: None,
            note: "".into(),
            created_at,
            created_by: Some(coordinator.id),
        }
    );
    rejected!(
        db,
        venture_hub_tenancies::Model {
            id: new_id(),
            venture_id: venture.id,
            hub_id: HUB_KSP,
            started_on: day(2021, 10, 1),
            ended_on: Some(day(2020, 1, 1)),
            note: "".into(),
            created_at,
            created_by: None,
        },
        CHECK
    );

    let program = round_trip!(db, Programs, program(venture.id, Some(coordinator.id)));
    let programs_of_venture = venture.find_related(Programs).all(db).await.unwrap();
    assert_eq!(programs_of_venture, vec![program.clone()]);

    let event = round_trip!(
        db,
        StageEvents,
        stage_event(program.id, "stage", Some("phase1"))
    );
    rejected!(db, stage_event(program.id, "stage", None), CHECK);
    rejected!(db, stage_event(program.id, "exit", None), CHECK);
    let mut retraction = stage_event(program.id, "retraction", None);
    retraction.retracts_event_id = Some(event.id);
    rejected!(db, retraction.clone(), CHECK); // a retraction needs a reason
    retraction.reason = Some("誤登録".into());
    round_trip!(db, StageEvents, retraction);

    round_trip!(
        db,
        ProgramMilestones,
        program_milestones::Model {
            program_id: program.id,
            stage: "phase1".into(),
            reached_on: day(2025, 6, 1),
            event_id: event.id,
        }
    );
    round_trip!(
        db,
        TrialNotifications,
        trial_notifications::Model {
            id: new_id(),
            program_id: program.id,
            venture_id: venture.id,
            notified_on: day(2025, 5, 20),
            sponsor: "company".into(),
            registry_id: "jRCT2033250000".into(),
            phase: "phase1".into(),
            title: "".into(),
            note: "".into(),
            version,
            created_at,
            updated_at,
            created_by: None,
            updated_by: None,
            archived_at: None,
        }
    );

    let approval = approvals::Model {
        id: new_id(),
        program_id: program.id,
        approval_type: "conditional".into(),
        brand_name: "テストシート".into(),
        applied_on: Some(day(2024, 1, 10)),
        approved_on: day(2025, 3, 1),
        term_expires_on: Some(day(2032, 3, 1)),
        expires_on: Some(day(2032, 3, 1)),
        reapplied_on: None,
        outcome: "in_force".into(),
        outcome_on: None,
        shipment_restricted: true,
        shipment_restriction_note: "".into(),
        sakigake: true,
        orphan: false,
        note: "".into(),
        version,
        created_at,
        updated_at,
        created_by: None,
        updated_by: None,
        archived_at: None,
    };
    rejected!(
        db,
        approvals::Model {
            id: new_id(),
            term_expires_on: None,
            ..approval.clone()
        },
        CHECK
    );
    let approval = round_trip!(db, Approvals, approval);
    round_trip!(
        db,
        ApprovalExtensions,
        approval_extensions::Model {
            id: new_id(),
            approval_id: approval.id,
            extended_on: day(2031, 12, 1),
            new_expires_on: day(2033, 3, 1),
            note: "".into(),
            created_at,
            created_by: None,
        }
    );

    let member = working_group_members::Model {
        id: new_id(),
        working_group_id: WG_FREE_TREATMENT,
        member_kind: "venture".into(),
        user_id: None,
        venture_id: Some(venture.id),
        organisation_name: None,
        role: "".into(),
        joined_on: Some(day(2024, 4, 1)),
        left_on: None,
        version,
        created_at,
        updated_at,
        created_by: None,
        updated_by: None,
        archived_at: None,
    };
    rejected!(
        db,
        working_group_members::Model {
            id: new_id(),
            user_id: Some(coordinator.id),
            ..member.clone()
        },
        CHECK
    );
    round_trip!(db, WorkingGroupMembers, member);
    round_trip!(
        db,
        Meetings,
        meetings::Model {
            id: new_id(),
            working_group_id: WG_FREE_TREATMENT,
            held_on: day(2025, 7, 7),
            title: "第1回".into(),
            agenda: "".into(),
            attendees: "".into(),
            minutes_summary: "".into(),
            version,
            created_at,
            updated_at,
            created_by: None,
            updated_by: None,
            archived_at: None,
        }
    );

    let support_log = round_trip!(
        db,
        SupportLogs,
        support_logs::Model {
            id: new_id(),
            venture_id: venture.id,
            working_group_id: Some(WG_FREE_TREATMENT),
            coordinator_id: coordinator.id,
            supported_on: day(2025, 7, 8),
            kind: "consultation".into(),
            summary: "相談".into(),
            outcome: "".into(),
            follow_up_on: Some(day(2025, 8, 1)),
            follow_up_done_at: None,
            follow_up_outcome: "".into(),
            is_generated: false,
            version,
            created_at,
            updated_at,
            created_by: Some(coordinator.id),
            updated_by: None,
            archived_at: None,
        }
    );
    let fund_support = fund_supports::Model {
        id: new_id(),
        fund_id: FUND_HEALTHCARE,
        venture_id: venture.id,
        supported_on: day(2025, 9, 1),
        amount_yen: 300_000_000,
        instrument: "equity".into(),
        round: "Series A".into(),
        note: "".into(),
        is_generated: false,
        version,
        created_at,
        updated_at,
        created_by: None,
        updated_by: None,
        archived_at: None,
    };
    rejected!(
        db,
        fund_supports::Model {
            id: new_id(),
            amount_yen: -1,
            ..fund_support.clone()
        },
        CHECK
    );
    let fund_support = round_trip!(db, FundSupports, fund_support);
    round_trip!(
        db,
        FundSupportLinks,
        fund_support_links::Model {
            fund_support_id: fund_support.id,
            support_log_id: support_log.id,
        }
    );
    let linked = fund_support
        .find_related(SupportLogs)
        .all(db)
        .await
        .unwrap();
    assert_eq!(linked, vec![support_log.clone()]);

    round_trip!(
        db,
        TargetReportedFigures,
        target_reported_figures::Model {
            id: new_id(),
            target_id: TARGET_VENTURES_LOCATED,
            year: 2024,
            value: 70,
            note: "".into(),
            frozen_by: Some(coordinator.id),
            frozen_at: seeded_at(),
        }
    );
    // The data version: raised by every audited write, not by signing in or out.
    let version_now = || async {
        DataVersion::find_by_id(1)
            .one(db)
            .await
            .unwrap()
            .expect("the data_version row")
            .version
    };
    let before = version_now().await;
    round_trip!(
        db,
        AuditEvents,
        audit_events::Model {
            id: new_id(),
            occurred_at: seeded_at(),
            actor_id: Some(coordinator.id),
            entity: "ventures".into(),
            entity_id: venture.id.to_string(),
            action: "update".into(),
            changes: serde_json_object(),
            note: "".into(),
        }
    );
    assert_eq!(
        version_now().await,
        before + 1,
        "an update raises the data version"
    );
    round_trip!(
        db,
        AuditEvents,
        audit_events::Model {
            id: new_id(),
            occurred_at: seeded_at(),
            actor_id: Some(coordinator.id),
            entity: "users".into(),
            entity_id: coordinator.id.to_string(),
            action: "sign_in".into(),
            changes: Json::Object(Default::default()),
            note: "".into(),
        }
    );
    assert_eq!(
        version_now().await,
        before + 1,
        "signing in changes no data"
    );
    assert!(
        DataVersion::insert(data_version::ActiveModel {
            id: Set(2),
            version: Set(0),
        })
        .exec(db)
        .await
        .is_err(),
        "there is one data version row"
    );

    // Accounts, and ON DELETE CASCADE from users.
    let leaver = user(db, "leaver@example.jp", None).await;
    rejected!(
        db,
        users::Model {
            id: new_id(),
            ..leaver.clone()
        },
        UNIQUE
    );
    round_trip!(
        db,
        Sessions,
        sessions::Model {
            id: "s3cr3t-session-id".into(),
            user_id: Some(leaver.id),
            data: vec![0, 159, 146, 150, 255],
            expires_at: seeded_at(),
            created_at: seeded_at(),
        }
    );
    round_trip!(
        db,
        SignInAttempts,
        sign_in_attempts::Model {
            id: new_id(),
            email: "leaver@example.jp".into(),
            user_id: Some(leaver.id),
            ip: Some("127.0.0.1".into()),
            succeeded: true,
            attempted_at: seeded_at(),
        }
    );
    round_trip!(
        db,
        ApiTokens,
        api_tokens::Model {
            id: new_id(),
            user_id: leaver.id,
            name: "ci".into(),
            token_prefix: "abcd1234".into(),
            token_hash: "0".repeat(64),
            created_at: seeded_at(),
            last_used_at: None,
            expires_at: None,
            revoked_at: None,
        }
    );
    leaver.delete(db).await.unwrap();
    assert_eq!(Sessions::find().count(db).await.unwrap(), 0);
    assert_eq!(SignInAttempts::find().count(db).await.unwrap(), 0);
    assert_eq!(ApiTokens::find().count(db).await.unwrap(), 0);

    // ON DELETE RESTRICT: a hub with a venture cannot go.
    let err = Hubs::delete_by_id(HUB_TONOMACHI)
        .exec(db)
        .await
        .expect_err("a hub in use must not be deleted");
    assert!(
        err.to_string().to_lowercase().contains(FOREIGN_KEY),
        "{err}"
    );
}

/// `{"name_en": ["Test", "Test Inc."]}`
fn serde_json_object() -> Json {
    let mut changes = Json::Object(Default::default());
    changes["name_en"] = vec![Json::from("Test"), Json::from("Test Inc.")].into();
    changes
}

/// Table names of the current schema (SQLite: the database file), sorted.
async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name AS v FROM sqlite_master \
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text AS v FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY table_name"
        }
    };
    query_strings(db, sql).await
}

/// The plain indexes the migration creates (`idx_<table>_<columns>`), sorted.
async fn our_indexes(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name AS v FROM sqlite_master \
             WHERE type = 'index' AND name LIKE 'idx\\_%' ESCAPE '\\' ORDER BY name"
        }
        _ => {
            "SELECT indexname::text AS v FROM pg_indexes \
             WHERE schemaname = current_schema() AND indexname LIKE 'idx\\_%' ESCAPE '\\' \
             ORDER BY indexname"
        }
    };
    query_strings(db, sql).await
}

async fn query_strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    db.query_all(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get("", "v").unwrap())
        .collect()
}

async fn query_one<T: TryGetable>(db: &DatabaseConnection, sql: &str) -> T {
    let backend = db.get_database_backend();
    let row = db
        .query_one(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}
