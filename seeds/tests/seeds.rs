//! The demo data set and the scale generator against a migrated database: a temporary SQLite
//! file each, and (module `postgres`, when `TEST_POSTGRES_URL` is set) a throw-away PostgreSQL
//! schema each.

use app::domain::stage::Track;
use app::ssr::db::Db;
use app::ssr::journey::{derive, StoredJourney};
use chrono::NaiveDate;
use entity::{
    approval_extensions, approvals, audit_events, fund_support_links, fund_supports, meetings,
    program_milestones, programs, stage_events, support_logs, trial_notifications, users,
    venture_hub_tenancies, ventures, working_group_members,
};
use migration::Migrator;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use sea_orm_migration::MigratorTrait;
use seeds::demo::{Outcome, DEMO_PASSWORD, DEMO_USERS_SUMMARY};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A migrated database on a fresh SQLite file (kept alive by the returned directory).
async fn sqlite() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("seeds.db").display()
    );
    let db = Db::connect(&url).await.unwrap();
    Migrator::up(db.write(), None).await.unwrap();
    (dir, db)
}

/// Row counts of every table the demo load writes.
async fn counts<C: ConnectionTrait>(c: &C) -> Vec<(&'static str, u64)> {
    vec![
        ("users", users::Entity::find().count(c).await.unwrap()),
        ("ventures", ventures::Entity::find().count(c).await.unwrap()),
        (
            "tenancies",
            venture_hub_tenancies::Entity::find()
                .count(c)
                .await
                .unwrap(),
        ),
        ("programs", programs::Entity::find().count(c).await.unwrap()),
        (
            "stage_events",
            stage_events::Entity::find().count(c).await.unwrap(),
        ),
        (
            "milestones",
            program_milestones::Entity::find().count(c).await.unwrap(),
        ),
        (
            "notifications",
            trial_notifications::Entity::find().count(c).await.unwrap(),
        ),
        (
            "approvals",
            approvals::Entity::find().count(c).await.unwrap(),
        ),
        (
            "extensions",
            approval_extensions::Entity::find().count(c).await.unwrap(),
        ),
        (
            "members",
            working_group_members::Entity::find()
                .count(c)
                .await
                .unwrap(),
        ),
        ("meetings", meetings::Entity::find().count(c).await.unwrap()),
        (
            "support_logs",
            support_logs::Entity::find().count(c).await.unwrap(),
        ),
        (
            "fund_supports",
            fund_supports::Entity::find().count(c).await.unwrap(),
        ),
        (
            "links",
            fund_support_links::Entity::find().count(c).await.unwrap(),
        ),
        (
            "audit_events",
            audit_events::Entity::find().count(c).await.unwrap(),
        ),
    ]
}

/// Every listed program's stored journey equals a fresh replay of its events, and each
/// venture's stage is its most advanced program's.
async fn assert_journeys_replay<C: ConnectionTrait>(c: &C, program_ids: &[uuid::Uuid]) {
    for &id in program_ids {
        let p = programs::Entity::find_by_id(id)
            .one(c)
            .await
            .unwrap()
            .unwrap();
        let track: Track = p.track.parse().unwrap();
        let replayed = derive(c, id, track).await.unwrap();
        let stored = StoredJourney::load(c, id).await.unwrap();
        assert_eq!(
            stored,
            StoredJourney::from_state(&replayed),
            "program {}",
            p.name
        );
        let best = programs::Entity::find()
            .filter(programs::Column::VentureId.eq(p.venture_id))
            .all(c)
            .await
            .unwrap()
            .into_iter()
            .max_by_key(|p| p.current_stage_rank)
            .unwrap();
        let v = ventures::Entity::find_by_id(p.venture_id)
            .one(c)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            v.current_stage_rank,
            Some(best.current_stage_rank),
            "{}",
            v.name_ja
        );
    }
}

async fn check_demo(db: &Db) {
    let c = db.read();
    let loaded = seeds::demo::load(db).await.unwrap();
    let Outcome::Loaded(summary) = loaded else {
        panic!("the first load must load");
    };
    eprintln!("{summary}\n{}", summary.breakdown());
    let before = counts(c).await;

    // Idempotent: the second load writes nothing.
    assert!(matches!(
        seeds::demo::load(db).await.unwrap(),
        Outcome::AlreadyLoaded
    ));
    assert_eq!(counts(c).await, before);
    let markers = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("dataset"))
        .filter(audit_events::Column::EntityId.eq("demo"))
        .all(c)
        .await
        .unwrap();
    assert_eq!(markers.len(), 1);
    assert_eq!(markers[0].action, "import");
    assert_eq!(markers[0].actor_id, None);

    // The summary tells the truth.
    let count = |name: &str| before.iter().find(|(n, _)| *n == name).unwrap().1 as usize;
    assert_eq!(count("ventures"), summary.ventures);
    assert_eq!(count("programs"), summary.programs);
    assert_eq!(count("stage_events"), summary.stage_events);
    assert_eq!(count("notifications"), summary.notifications);
    assert_eq!(count("support_logs"), summary.support_logs);
    assert!((60..=80).contains(&summary.ventures));
    assert!((100..=140).contains(&summary.support_logs));
    assert!((25..=40).contains(&summary.fund_supports));

    // The policy's FY2021 baselines.
    let fy2021_end = d(2022, 3, 31);
    let located = ventures::Entity::find()
        .filter(ventures::Column::LocatedOn.lte(fy2021_end))
        .count(c)
        .await
        .unwrap();
    assert_eq!(located, 51);
    let notified = trial_notifications::Entity::find()
        .filter(trial_notifications::Column::NotifiedOn.lte(fy2021_end))
        .count(c)
        .await
        .unwrap();
    assert_eq!(notified, 18);
    // Fiscal-year edges: one located on 31 March 2022 (FY2021), one on 1 April 2022 (FY2022).
    for edge in [d(2022, 3, 31), d(2022, 4, 1)] {
        let n = ventures::Entity::find()
            .filter(ventures::Column::LocatedOn.eq(edge))
            .count(c)
            .await
            .unwrap();
        assert_eq!(n, 1, "{edge}");
    }
    // FY2025: behind the target of 75 ventures; the reported figures match the rows.
    let fy2025_end = d(2026, 3, 31);
    let located_2025 = ventures::Entity::find()
        .filter(ventures::Column::LocatedOn.lte(fy2025_end))
        .count(c)
        .await
        .unwrap();
    assert_eq!(located_2025 as usize, summary.located_by_fy2025);
    assert!(located_2025 < 75 && located_2025 > 65);
    let notified_2025 = trial_notifications::Entity::find()
        .filter(trial_notifications::Column::NotifiedOn.lte(fy2025_end))
        .count(c)
        .await
        .unwrap();
    assert_eq!(notified_2025 as usize, summary.notifications_by_fy2025);

    // Every notification belongs to a program of its venture.
    for n in trial_notifications::Entity::find().all(c).await.unwrap() {
        let p = programs::Entity::find_by_id(n.program_id)
            .one(c)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.venture_id, n.venture_id);
    }

    // Every program's stored journey is a replay of its events.
    let ids: Vec<uuid::Uuid> = programs::Entity::find()
        .select_only()
        .column(programs::Column::Id)
        .into_tuple()
        .all(c)
        .await
        .unwrap();
    assert_journeys_replay(c, &ids).await;
    // Every stage and every exit is represented.
    let stages: Vec<String> = programs::Entity::find()
        .select_only()
        .column(programs::Column::CurrentStage)
        .distinct()
        .into_tuple()
        .all(c)
        .await
        .unwrap();
    assert_eq!(stages.len(), 14, "{stages:?}");
    let statuses: Vec<String> = programs::Entity::find()
        .select_only()
        .column(programs::Column::Status)
        .distinct()
        .into_tuple()
        .all(c)
        .await
        .unwrap();
    assert_eq!(statuses.len(), 6, "{statuses:?}");
    let retractions = stage_events::Entity::find()
        .filter(stage_events::Column::Kind.eq("retraction"))
        .count(c)
        .await
        .unwrap();
    assert!(retractions >= 1);

    // Demo users: one per role, signing in with the demo password.
    for (email, role) in DEMO_USERS_SUMMARY {
        let u = users::Entity::find()
            .filter(users::Column::Email.eq(*email))
            .one(c)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{email} is missing"));
        assert_eq!(&u.role, role);
        let hash = u.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        password_auth::verify_password(DEMO_PASSWORD, &hash).unwrap();
        assert!(password_auth::verify_password("wrong-password", &hash).is_err());
    }
    for role in ["admin", "staff", "coordinator", "viewer"] {
        assert!(DEMO_USERS_SUMMARY.iter().any(|(_, r)| *r == role), "{role}");
    }

    // Some follow-ups are overdue as of the demo's "today", some are done.
    let today = d(2026, 11, 25);
    let overdue = support_logs::Entity::find()
        .filter(support_logs::Column::FollowUpOn.lt(today))
        .filter(support_logs::Column::FollowUpDoneAt.is_null())
        .count(c)
        .await
        .unwrap();
    let done = support_logs::Entity::find()
        .filter(support_logs::Column::FollowUpDoneAt.is_not_null())
        .count(c)
        .await
        .unwrap();
    assert!(overdue >= 3 && done >= 20, "overdue {overdue}, done {done}");
}

async fn check_scale(db: &Db, n: usize) {
    let c = db.read();
    let stats = seeds::scale::generate(db, n, 7).await.unwrap();
    eprintln!("{stats}");
    let generated = ventures::Entity::find()
        .filter(ventures::Column::IsGenerated.eq(true))
        .count(c)
        .await
        .unwrap();
    assert_eq!(generated as usize, n);
    assert_eq!(stats.ventures, n);
    let events = stage_events::Entity::find()
        .filter(stage_events::Column::IsGenerated.eq(true))
        .count(c)
        .await
        .unwrap() as usize;
    assert_eq!(events, stats.stage_events);
    // About ten per venture.
    assert!(
        (n * 8..=n * 12).contains(&events),
        "{events} stage events for {n} ventures"
    );
    // About three support logs and one fund support per venture, all marked generated, the
    // logs signed by generated coordinators who cannot sign in.
    let logs = support_logs::Entity::find()
        .filter(support_logs::Column::IsGenerated.eq(true))
        .all(c)
        .await
        .unwrap();
    assert_eq!(logs.len(), stats.support_logs);
    assert!(
        (n * 5 / 2..=n * 7 / 2).contains(&logs.len()),
        "{} support logs for {n} ventures",
        logs.len()
    );
    let signers: std::collections::HashSet<uuid::Uuid> =
        logs.iter().map(|l| l.coordinator_id).collect();
    for id in signers {
        let u = users::Entity::find_by_id(id).one(c).await.unwrap().unwrap();
        assert_eq!(u.role, "coordinator");
        assert!(u.password_hash.is_none(), "{} could sign in", u.email);
    }
    let funded = fund_supports::Entity::find()
        .filter(fund_supports::Column::IsGenerated.eq(true))
        .count(c)
        .await
        .unwrap() as usize;
    assert_eq!(funded, stats.fund_supports);
    assert!(
        (n * 3 / 4..=n * 5 / 4).contains(&funded),
        "{funded} fund supports for {n} ventures"
    );
    assert_eq!(
        audit_events::Entity::find()
            .filter(audit_events::Column::Entity.eq("dataset"))
            .filter(audit_events::Column::EntityId.eq("scale"))
            .filter(audit_events::Column::Action.eq("generate"))
            .count(c)
            .await
            .unwrap(),
        1
    );
    // A sample of programs (every seventh) replays to what was stored.
    let ids: Vec<uuid::Uuid> = programs::Entity::find()
        .select_only()
        .column(programs::Column::Id)
        .into_tuple()
        .all(c)
        .await
        .unwrap();
    let sample: Vec<uuid::Uuid> = ids.iter().copied().step_by(7).collect();
    assert!(sample.len() >= 40);
    assert_journeys_replay(c, &sample).await;
    // Corporate numbers are unique (the column is UNIQUE; the insert would have failed) and
    // valid.
    for v in ventures::Entity::find().all(c).await.unwrap() {
        if let Some(n) = v.corporate_number {
            app::domain::CorporateNumber::parse(&n).unwrap();
        }
    }
}

/// The content of a scale run, without ids and timestamps.
async fn scale_fingerprint(db: &Db) -> Vec<String> {
    let mut rows: Vec<String> = ventures::Entity::find()
        .all(db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|v| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                v.name_ja, v.located_on, v.corporate_number, v.current_stage, v.status
            )
        })
        .collect();
    rows.sort();
    let events = stage_events::Entity::find().count(db.read()).await.unwrap();
    rows.push(format!("{events} events"));
    rows
}

#[tokio::test]
async fn demo_load_on_sqlite() {
    let (_dir, db) = sqlite().await;
    check_demo(&db).await;
}

#[tokio::test]
async fn scale_generate_on_sqlite() {
    let (_dir, db) = sqlite().await;
    check_scale(&db, 200).await;
}

#[tokio::test]
async fn scale_is_deterministic_and_stacks_on_sqlite() {
    let (_a, one) = sqlite().await;
    let (_b, two) = sqlite().await;
    seeds::scale::generate(&one, 60, 11).await.unwrap();
    seeds::scale::generate(&two, 60, 11).await.unwrap();
    assert_eq!(scale_fingerprint(&one).await, scale_fingerprint(&two).await);
    // A second run adds ventures with fresh corporate numbers and name tags.
    seeds::scale::generate(&one, 60, 11).await.unwrap();
    assert_eq!(
        ventures::Entity::find().count(one.read()).await.unwrap(),
        120
    );
}

#[tokio::test]
async fn demo_and_scale_together_on_sqlite() {
    let (_dir, db) = sqlite().await;
    seeds::scale::generate(&db, 30, 3).await.unwrap();
    assert!(matches!(
        seeds::demo::load(&db).await.unwrap(),
        Outcome::Loaded(_)
    ));
    let real = ventures::Entity::find()
        .filter(ventures::Column::IsGenerated.eq(false))
        .count(db.read())
        .await
        .unwrap();
    assert!(real >= 60);
}

mod postgres {
    use super::*;
    use sea_orm::Database;

    /// Runs `body` on a migrated database in a fresh schema, dropped afterwards; skipped when
    /// `TEST_POSTGRES_URL` is not set.
    async fn with_schema<F, Fut>(body: F)
    where
        F: FnOnce(Db) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
            eprintln!("TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
            return;
        };
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(&url).await.unwrap();
        admin
            .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
            .await
            .unwrap();
        let db = Db::connect_with_schema(&url, Some(&schema)).await.unwrap();
        let outcome = tokio::spawn(async move {
            Migrator::up(db.write(), None).await.unwrap();
            body(db.clone()).await;
            db.close().await;
        })
        .await;
        let dropped = admin
            .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
            .await;
        let _ = admin.close().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
        dropped.unwrap();
    }

    #[tokio::test]
    async fn demo_load_on_postgres() {
        with_schema(|db| async move { check_demo(&db).await }).await;
    }

    #[tokio::test]
    async fn scale_generate_on_postgres() {
        with_schema(|db| async move { check_scale(&db, 200).await }).await;
    }
}
