//! The pipeline board, on SQLite and PostgreSQL: programs in the column of their current stage,
//! the hub and modality filters, archived and exited programs kept off, capped columns with
//! their true totals; a move recorded through the journey server function; and the number of
//! SQL statements the board, the ventures list and a venture page issue with 10 and with 1,000
//! ventures in the database (the same: no query per row).

use app::api::board::{Board, BoardCard, BoardQuery};
use app::domain::account::Role;
use app::domain::board::{CARDS_PER_COLUMN, COLUMN_PAGE_SIZE};
use app::domain::stage::{DatePrecision, ProgramStatus, Stage, Track};
use app::domain::venture::Modality;
use app::error::AppError;
use app::ssr::{board, db::Db};
use axum::body::Body;
use chrono::{NaiveDate, Utc};
use entity::{programs, ventures};
use http::{header, StatusCode};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, page, send, sign_in_as, statements};

/// The test router's clock.
fn today() -> NaiveDate {
    d(2026, 11, 25)
}

async fn load(db: &Db, q: BoardQuery) -> Board {
    board::load(db, &q, today()).await.expect("the board")
}

fn cards(b: &Board, stage: Stage) -> &[BoardCard] {
    &b.columns
        .iter()
        .find(|c| c.stage == stage)
        .unwrap_or_else(|| panic!("no column {stage}"))
        .cards
}

fn names(b: &Board, stage: Stage) -> Vec<&str> {
    cards(b, stage)
        .iter()
        .map(|c| c.program_name.as_str())
        .collect()
}

fn total(b: &Board, stage: Stage) -> u64 {
    b.columns.iter().find(|c| c.stage == stage).unwrap().total
}

fn card<'a>(b: &'a Board, name: &str) -> &'a BoardCard {
    b.columns
        .iter()
        .flat_map(|c| c.cards.iter())
        .find(|c| c.program_name == name)
        .unwrap_or_else(|| panic!("{name} is not on the board"))
}

async fn new_venture(db: &Db, name: &str, kana: &str, hub: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana,
            hub,
            located_on: None,
        },
    )
    .await
}

async fn set_modality(db: &Db, program: Uuid, m: Modality) {
    programs::Entity::update_many()
        .col_expr(programs::Column::Modality, Expr::value(m.as_str()))
        .filter(programs::Column::Id.eq(program))
        .exec(db.write())
        .await
        .unwrap();
}

/// Three ventures in three hubs; programs at research, trial notification, Phase II,
/// conditional approval (gene therapy), and one under the Safety Act.
async fn seed(db: &Db) -> (Uuid, Uuid, Uuid) {
    let a = new_venture(db, "株式会社セルリンク", "セルリンク", "tonomachi").await;
    let b = new_venture(db, "あおば再生医工株式会社", "アオバ", "ksp").await;
    let c = new_venture(db, "湘南クリニック株式会社", "ショウナン", "shonan").await;
    program(db, a, "A-研究", "pmd_act").await;
    let notified = program(db, a, "A-治験", "pmd_act").await;
    events(db, notified, vec![stage("trial_notified", d(2025, 4, 1))]).await;
    let p2 = program(db, a, "A-P2", "pmd_act").await;
    events(
        db,
        p2,
        vec![
            stage("trial_notified", d(2024, 4, 1)),
            stage("phase2", d(2025, 9, 1)),
        ],
    )
    .await;
    let approved = program(db, b, "B-条件付承認", "pmd_act").await;
    events(
        db,
        approved,
        vec![
            stage("phase2", d(2021, 4, 1)),
            stage("applied", d(2023, 4, 1)),
            stage("approved_conditional", d(2024, 7, 1)),
        ],
    )
    .await;
    set_modality(db, approved, Modality::GeneTherapy).await;
    let safety = program(db, c, "C-提供", "safety_act").await;
    events(
        db,
        safety,
        vec![
            stage("plan_submitted", d(2024, 1, 10)),
            stage("providing", d(2024, 6, 1)),
        ],
    )
    .await;
    (a, b, c)
}

async fn programs_sit_in_the_column_of_their_current_stage(db: &Db) {
    let (a, _, _) = seed(db).await;
    let b = load(db, BoardQuery::default()).await;
    let stages: Vec<Stage> = b.columns.iter().map(|c| c.stage).collect();
    assert_eq!(stages, Track::PmdAct.stages());
    assert_eq!(names(&b, Stage::Research), vec!["A-研究"]);
    assert_eq!(names(&b, Stage::TrialNotified), vec!["A-治験"]);
    assert_eq!(names(&b, Stage::Phase2), vec!["A-P2"]);
    assert_eq!(names(&b, Stage::ApprovedConditional), vec!["B-条件付承認"]);
    assert!(names(&b, Stage::Phase1).is_empty());
    assert_eq!(total(&b, Stage::Phase1), 0);
    // The Safety Act program is not on the PMD Act board.
    assert_eq!(b.columns.iter().map(|c| c.total).sum::<u64>(), 4);

    let notified = card(&b, "A-治験");
    assert_eq!(notified.venture_id, a);
    assert_eq!(notified.venture_name_ja, "株式会社セルリンク");
    assert_eq!(notified.hub_code, "tonomachi");
    assert_eq!(notified.modality, "cell_therapy");
    assert_eq!(notified.stage_reached_on, Some(d(2025, 4, 1)));
    assert_eq!(notified.precision, DatePrecision::Day);
    assert_eq!(notified.status, ProgramStatus::Active);
    // What the rules allow after a trial notification: the phases, not the application.
    assert_eq!(
        notified.targets,
        vec![
            Stage::Phase1,
            Stage::Phase1_2,
            Stage::Phase2,
            Stage::Phase2_3,
            Stage::Phase3
        ]
    );
    assert_eq!(
        card(&b, "B-条件付承認").targets,
        vec![Stage::Approved, Stage::Launched]
    );
    assert_eq!(b.today, today());
    assert_eq!((b.page, b.pages), (1, 1));

    let safety = load(
        db,
        BoardQuery {
            track: Track::SafetyAct,
            ..Default::default()
        },
    )
    .await;
    let stages: Vec<Stage> = safety.columns.iter().map(|c| c.stage).collect();
    assert_eq!(
        stages,
        vec![Stage::Research, Stage::PlanSubmitted, Stage::Providing]
    );
    assert_eq!(names(&safety, Stage::Providing), vec!["C-提供"]);
    assert!(
        names(&safety, Stage::Research).is_empty(),
        "research holds only its own track's programs"
    );
    assert!(card(&safety, "C-提供").targets.is_empty());
}

async fn filters_by_hub_and_modality(db: &Db) {
    seed(db).await;
    let all = |b: &Board| {
        let mut v: Vec<String> = b
            .columns
            .iter()
            .flat_map(|c| c.cards.iter().map(|c| c.program_name.clone()))
            .collect();
        v.sort();
        v
    };
    let ksp = load(
        db,
        BoardQuery {
            hub: "ksp".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(all(&ksp), vec!["B-条件付承認"]);
    assert_eq!(total(&ksp, Stage::ApprovedConditional), 1);
    assert_eq!(total(&ksp, Stage::Research), 0);

    let gene = load(
        db,
        BoardQuery {
            modality: Some(Modality::GeneTherapy),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(all(&gene), vec!["B-条件付承認"]);

    let cells_in_tonomachi = load(
        db,
        BoardQuery {
            hub: "tonomachi".into(),
            modality: Some(Modality::CellTherapy),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(all(&cells_in_tonomachi), vec!["A-P2", "A-治験", "A-研究"]);
    let none = load(
        db,
        BoardQuery {
            hub: "tonomachi".into(),
            modality: Some(Modality::GeneTherapy),
            ..Default::default()
        },
    )
    .await;
    assert!(all(&none).is_empty());
    assert_eq!(none.columns.len(), 12, "empty columns are still shown");

    // An unknown hub, or a column of the other track, is refused rather than ignored.
    let err = board::load(
        db,
        &BoardQuery {
            hub: "osaka".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");
    let err = board::load(
        db,
        &BoardQuery {
            column: Some(Stage::Providing),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");
}

async fn archived_and_exited_programs_stay_off_the_board(db: &Db) {
    let v = new_venture(db, "株式会社ネオセル", "ネオセル", "ksp").await;
    let gone = new_venture(db, "株式会社オールド", "オールド", "ksp").await;
    let in_archived_venture = program(db, gone, "X-アーカイブ社", "pmd_act").await;
    events(
        db,
        in_archived_venture,
        vec![stage("phase1", d(2025, 1, 1))],
    )
    .await;
    ventures::Entity::update_many()
        .col_expr(ventures::Column::ArchivedAt, Expr::value(Some(Utc::now())))
        .filter(ventures::Column::Id.eq(gone))
        .exec(db.write())
        .await
        .unwrap();
    let archived = program(db, v, "X-アーカイブ", "pmd_act").await;
    events(db, archived, vec![stage("phase1", d(2025, 1, 1))]).await;
    programs::Entity::update_many()
        .col_expr(programs::Column::ArchivedAt, Expr::value(Some(Utc::now())))
        .filter(programs::Column::Id.eq(archived))
        .exec(db.write())
        .await
        .unwrap();
    let stopped = program(db, v, "X-中止", "pmd_act").await;
    events(
        db,
        stopped,
        vec![
            stage("trial_notified", d(2024, 4, 1)),
            exit("discontinued", d(2025, 6, 1)),
        ],
    )
    .await;
    let paused = program(db, v, "X-中断", "pmd_act").await;
    events(
        db,
        paused,
        vec![
            stage("phase1", d(2024, 4, 1)),
            exit("suspended", d(2025, 6, 1)),
        ],
    )
    .await;
    let quiet = program(db, v, "X-報告なし", "pmd_act").await;
    events(db, quiet, vec![stage("phase1", d(2024, 11, 25))]).await;
    let recent = program(db, v, "X-進行中", "pmd_act").await;
    events(db, recent, vec![stage("phase1", d(2024, 11, 26))]).await;

    let b = load(db, BoardQuery::default()).await;
    assert_eq!(names(&b, Stage::Phase1), vec!["X-進行中", "X-報告なし"]);
    assert!(names(&b, Stage::TrialNotified).is_empty());
    assert_eq!(total(&b, Stage::Phase1), 2);
    // Two years without an event on the clock's day (2026-11-25): derived, not typed in.
    assert!(card(&b, "X-報告なし").no_development_reported);
    assert!(!card(&b, "X-進行中").no_development_reported);

    let with_exits = load(
        db,
        BoardQuery {
            exits: true,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(names(&with_exits, Stage::TrialNotified), vec!["X-中止"]);
    assert_eq!(
        names(&with_exits, Stage::Phase1),
        vec!["X-進行中", "X-報告なし", "X-中断"]
    );
    let stopped = card(&with_exits, "X-中止");
    assert_eq!(stopped.status, ProgramStatus::Discontinued);
    assert!(stopped.targets.is_empty(), "no stage after an exit");
    assert_eq!(card(&with_exits, "X-中断").status, ProgramStatus::Suspended);
    for hidden in ["X-アーカイブ", "X-アーカイブ社"] {
        assert!(
            with_exits
                .columns
                .iter()
                .all(|c| c.cards.iter().all(|c| c.program_name != hidden)),
            "{hidden} is archived"
        );
    }
    assert_eq!(total(&with_exits, Stage::Phase1), 3);
}

async fn columns_are_capped_and_one_column_is_paged(db: &Db) {
    let v = new_venture(db, "株式会社メニー", "メニー", "tonomachi").await;
    let n = COLUMN_PAGE_SIZE as usize + 5;
    for i in 0..n {
        let p = program(db, v, &format!("P-{i:02}"), "pmd_act").await;
        let on = d(2024, 1, 1) + chrono::TimeDelta::days(i as i64);
        events(db, p, vec![stage("phase1", on)]).await;
    }
    let last = format!("P-{:02}", n - 1);

    let b = load(db, BoardQuery::default()).await;
    assert_eq!(total(&b, Stage::Phase1), n as u64);
    let shown = names(&b, Stage::Phase1);
    assert_eq!(shown.len(), CARDS_PER_COLUMN as usize);
    assert_eq!(shown[0], last, "the most recently reached first");

    let column = |page| BoardQuery {
        column: Some(Stage::Phase1),
        page,
        ..Default::default()
    };
    let first = load(db, column(1)).await;
    assert_eq!(first.columns.len(), 1);
    assert_eq!((first.page, first.pages), (1, 2));
    assert_eq!(first.columns[0].total, n as u64);
    assert_eq!(first.columns[0].cards.len(), COLUMN_PAGE_SIZE as usize);
    let second = load(db, column(2)).await;
    assert_eq!((second.page, second.pages), (2, 2));
    let rest = names(&second, Stage::Phase1);
    assert_eq!(rest.len(), 5);
    assert_eq!(rest.last().copied(), Some("P-00"));
    // A page past the end shows the last one.
    assert_eq!(load(db, column(9)).await.page, 2);
}

async fn get(db: &Db, uri: &str, sid: &str) -> crate::common::Answer {
    send(db, page(uri, sid)).await
}

async fn a_move_is_a_recorded_stage_event_and_lands_in_the_next_column(db: &Db) {
    let v = new_venture(db, "株式会社ムーブ", "ムーブ", "shonan").await;
    let p = program(db, v, "M-01", "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2026, 4, 1))]).await;

    let (_, staff) = sign_in_as(db, Role::Staff).await;
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let body = "query[hub]=shonan&query[track]=pmd_act&query[exits]=false&query[page]=1";
    let a = send(db, call("/api/board/get", body, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let b: Board = serde_json::from_str(&a.body).unwrap();
    assert!(b.may_move);
    let c = card(&b, "M-01").clone();
    assert_eq!(c.stage, Stage::TrialNotified);
    let a = send(db, call("/api/board/get", body, Some(&viewer))).await;
    let seen: Board = serde_json::from_str(&a.body).unwrap();
    assert!(!seen.may_move, "a viewer is offered no move");

    // What the dialog sends: the card's version and the chosen stage.
    let record = format!(
        "program_id={}&version={}&action=stage%3Aphase1&occurred_on=2026-11-25&precision=month\
         &source_url=&note=%E5%88%9D%E5%9B%9E%E6%8A%95%E4%B8%8E",
        c.program_id, c.version
    );
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let after = load(
        db,
        BoardQuery {
            hub: "shonan".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(names(&after, Stage::TrialNotified).is_empty());
    let moved = card(&after, "M-01");
    assert_eq!(moved.stage, Stage::Phase1);
    assert_eq!(moved.version, c.version + 1);
    assert_eq!(moved.stage_reached_on, Some(d(2026, 11, 1)));
    assert_eq!(moved.precision, DatePrecision::Month);
    assert_eq!(moved.targets.first(), Some(&Stage::Phase1_2));

    // The same form sent again over the old version is refused as stale, and nothing moves.
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    // A viewer may read the board but not move.
    let a = send(db, call("/api/journey/record", &record, Some(&viewer))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
}

async fn the_board_page_renders_its_columns_without_javascript(db: &Db) {
    seed(db).await;
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let a = get(db, "/board", &sid).await;
    assert_eq!(a.status, StatusCode::OK);
    let html = a.body;
    assert!(html.contains("パイプライン（開発段階別）"), "{html}");
    for stage in Track::PmdAct.stages() {
        assert!(
            html.contains(&format!("data-testid=\"column-{}\"", stage.as_str())),
            "column {stage}"
        );
    }
    for label in ["研究", "治験計画届出", "第I相", "承認申請"] {
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains("A-治験"));
    assert!(html.contains("株式会社セルリンク"));
    assert!(html.contains("2025年4月1日"));
    assert!(!html.contains(" style=\""), "no inline styles (CSP)");
    // The move buttons need the browser (they open a dialog): none in the served page.
    assert!(!html.contains("次の段階へ"));

    // The filters are in the URL.
    let a = get(db, "/board?hub=ksp&track=pmd_act", &sid).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("B-条件付承認"));
    assert!(!a.body.contains("A-治験"));
    let a = get(db, "/board?track=safety_act", &sid).await;
    assert!(a.body.contains("C-提供"));
    assert!(a.body.contains("data-testid=\"column-providing\""));
    assert!(!a.body.contains("data-testid=\"column-phase1\""));
    // Nobody signed in is sent to sign in and back.
    let a = send(
        db,
        http::Request::builder()
            .uri("/board?hub=ksp")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(
        a.headers[header::LOCATION],
        "/sign-in?next=/board%3Fhub%3Dksp"
    );
}

/// What each of the board, the ventures list and the venture page loads: the pages, and the
/// server functions behind them (the venture page has three: the venture, its History and its
/// timeline).
fn requests(sid: &str, venture: Uuid) -> Vec<(String, http::Request<Body>)> {
    let board = "query[hub]=&query[track]=pmd_act&query[exits]=true&query[page]=1";
    let list = "query[q]=&query[hub]=&query[sort]=stage&query[page]=1";
    let id = format!("id={venture}");
    let mut out: Vec<(String, http::Request<Body>)> = [
        "/board".to_string(),
        "/board?exits=1".to_string(),
        "/ventures".to_string(),
        format!("/ventures/{venture}"),
    ]
    .into_iter()
    .map(|p| (p.clone(), page(&p, sid)))
    .collect();
    for (path, body) in [
        ("/api/board/get", board),
        ("/api/ventures/list", list),
        ("/api/ventures/get", id.as_str()),
        ("/api/ventures/history", id.as_str()),
        ("/api/ventures/timeline", id.as_str()),
    ] {
        out.push((format!("{path} {body}"), call(path, body, Some(sid))));
    }
    out
}

async fn pages_issue_as_many_statements_for_1000_ventures_as_for_10(db: &Db) {
    seeds::scale::generate(db, 10, 7)
        .await
        .expect("10 ventures");
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let venture = ventures::Entity::find()
        .filter(ventures::Column::CurrentStage.is_not_null())
        .order_by_asc(ventures::Column::Id)
        .one(db.read())
        .await
        .unwrap()
        .expect("a generated venture with programs");
    let mut small = Vec::new();
    for (what, req) in requests(&sid, venture.id) {
        let (sql, body) = statements(db, req).await;
        if what.starts_with("/board") {
            assert!(body.contains("data-testid=\"card\""), "{what} shows cards");
        }
        small.push((what, sql));
    }
    seeds::scale::generate(db, 990, 8)
        .await
        .expect("990 more ventures");
    let board = load(db, BoardQuery::default()).await;
    assert!(
        board.columns.iter().any(|c| c.total > CARDS_PER_COLUMN),
        "1,000 ventures fill at least one column past its cap"
    );
    let mut large = Vec::new();
    for (what, req) in requests(&sid, venture.id) {
        let (sql, body) = statements(db, req).await;
        if what.starts_with("/ventures/") {
            assert!(body.contains(&venture.name_ja), "the same venture's page");
        }
        large.push((what, sql));
    }

    for ((what, small), (_, large)) in small.iter().zip(&large) {
        // A fixed handful: the session, the signed-in user, the page's data. The venture page
        // is the largest (about 50 with its RINK support and fund sections: six resources, each
        // its own server function that checks the signed-in user and, memoised, reads the data
        // version).
        assert!(
            large.len() <= 56,
            "{what}: {} statements: {large:#?}",
            large.len()
        );
        assert_eq!(
            small.len(),
            large.len(),
            "{what}: {} statements with 10 ventures, {} with 1,000.\n10: {small:#?}\n1,000: {large:#?}",
            small.len(),
            large.len()
        );
    }
}

db_tests!(
    programs_sit_in_the_column_of_their_current_stage,
    filters_by_hub_and_modality,
    archived_and_exited_programs_stay_off_the_board,
    columns_are_capped_and_one_column_is_paged,
    a_move_is_a_recorded_stage_event_and_lands_in_the_next_column,
    the_board_page_renders_its_columns_without_javascript,
    pages_issue_as_many_statements_for_1000_ventures_as_for_10,
);
