//! The ventures list and the venture page, on SQLite and PostgreSQL.

use crate::common::fixtures::*;
use app::api::ventures::{VentureQuery, VentureSort, PAGE_SIZE};
use app::domain::stage::{ProgramStatus, Stage};
use app::error::AppError;
use app::ssr::{db::Db, ventures};

async fn seed_three(db: &Db) -> (uuid::Uuid, uuid::Uuid, uuid::Uuid) {
    let a = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink Inc.",
            kana: "セルリンク",
            hub: "tonomachi",
            located_on: Some(d(2021, 4, 1)),
        },
    )
    .await;
    let b = venture(
        db,
        NewVenture {
            name_ja: "あおば再生医工株式会社",
            name_en: "Aoba Regenerative Engineering",
            kana: "アオバサイセイイコウ",
            hub: "ksp",
            located_on: Some(d(2022, 3, 31)),
        },
    )
    .await;
    let c = venture(
        db,
        NewVenture {
            name_ja: "湘南ジーンセラピー株式会社",
            name_en: "Shonan Gene Therapy",
            kana: "ショウナンジーンセラピー",
            hub: "shonan",
            located_on: None,
        },
    )
    .await;
    (a, b, c)
}

fn q(text: &str) -> VentureQuery {
    VentureQuery {
        q: text.into(),
        page: 1,
        ..Default::default()
    }
}

async fn search_matches_kanji_english_and_either_kana(db: &Db) {
    let (a, b, _) = seed_three(db).await;
    let ids =
        |p: app::api::ventures::VenturePage| p.rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(ventures::list(db, &q("再生医工")).await.unwrap()),
        vec![b]
    );
    assert_eq!(
        ids(ventures::list(db, &q("celllink")).await.unwrap()),
        vec![a]
    );
    // The reading is stored in katakana; typing hiragana finds it too.
    assert_eq!(
        ids(ventures::list(db, &q("せるりんく")).await.unwrap()),
        vec![a]
    );
    // Full-width Latin letters are folded.
    assert_eq!(
        ids(ventures::list(db, &q("ＣｅｌｌＬｉｎｋ")).await.unwrap()),
        vec![a]
    );
    assert_eq!(ventures::list(db, &q("")).await.unwrap().total, 3);
}

async fn filters_by_hub_and_stage_and_sorts_by_reading(db: &Db) {
    let (a, b, c) = seed_three(db).await;
    let p = program(db, a, "CL-001 心筋シート", "pmd_act").await;
    events(
        db,
        p,
        vec![
            stage("trial_notified", d(2022, 5, 1)),
            stage("phase1", d(2022, 9, 1)),
        ],
    )
    .await;

    let by_hub = ventures::list(
        db,
        &VentureQuery {
            hub: "ksp".into(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        by_hub.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b]
    );

    let by_stage = ventures::list(
        db,
        &VentureQuery {
            stage: Some(Stage::Phase1),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        by_stage.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![a]
    );
    assert_eq!(by_stage.rows[0].programs, 1);

    // 五十音順 by the reading: アオバ < ショウナン < セルリンク.
    let all = ventures::list(db, &q("")).await.unwrap();
    assert_eq!(
        all.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b, c, a]
    );

    // Most advanced stage first; ventures without programs last.
    let staged = ventures::list(
        db,
        &VentureQuery {
            sort: VentureSort::Stage,
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(staged.rows[0].id, a);

    let bad = ventures::list(
        db,
        &VentureQuery {
            hub: "mars".into(),
            page: 1,
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(bad, Err(AppError::Validation { .. })), "{bad:?}");
}

async fn pages_through_the_list(db: &Db) {
    for i in 0..(PAGE_SIZE + 5) {
        let name = format!("テスト{i:03}株式会社");
        let kana = format!("テスト{i:03}");
        venture(
            db,
            NewVenture {
                name_ja: &name,
                name_en: "",
                kana: &kana,
                hub: "elsewhere",
                located_on: None,
            },
        )
        .await;
    }
    let first = ventures::list(db, &q("")).await.unwrap();
    assert_eq!(
        (first.total, first.pages, first.rows.len() as u64),
        (PAGE_SIZE + 5, 2, PAGE_SIZE)
    );
    let second = ventures::list(
        db,
        &VentureQuery {
            page: 2,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(second.rows.len(), 5);
    assert_eq!(
        second.rows[4].name_kana,
        format!("テスト{:03}", PAGE_SIZE + 4)
    );
    // A page past the end shows the last page.
    let beyond = ventures::list(
        db,
        &VentureQuery {
            page: 99,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(beyond.page, 2);
}

async fn venture_page_shows_programs_and_marks_retractions(db: &Db) {
    let (a, _, _) = seed_three(db).await;
    let p = program(db, a, "CL-002", "pmd_act").await;
    let ids = events(
        db,
        p,
        vec![
            stage("trial_notified", d(2019, 4, 1)),
            stage("phase2", d(2019, 6, 1)),
            stage("applied", d(2020, 6, 1)),
            stage("approved_conditional", d(2021, 3, 1)),
        ],
    )
    .await;
    // Recorded by mistake, then retracted: the history keeps both.
    let wrong = events(db, p, vec![stage("launched", d(2021, 4, 1))]).await[0];
    events(
        db,
        p,
        vec![retract(wrong, d(2021, 4, 2), "製品化は未了（入力誤り）")],
    )
    .await;

    let v = ventures::detail(db, a, d(2026, 11, 25)).await.unwrap();
    assert_eq!(v.stage, Some(Stage::ApprovedConditional));
    let prog = &v.programs[0];
    assert_eq!(prog.stage, Stage::ApprovedConditional);
    assert_eq!(prog.status, ProgramStatus::Active);
    assert_eq!(prog.events.len(), 6);
    let launched = prog.events.iter().find(|e| e.id == wrong).unwrap();
    assert!(launched.retracted);
    assert!(prog
        .events
        .iter()
        .filter(|e| e.id != wrong)
        .all(|e| !e.retracted));
    assert_eq!(
        prog.events
            .iter()
            .find(|e| e.retracts == Some(wrong))
            .unwrap()
            .reason
            .as_deref(),
        Some("製品化は未了（入力誤り）")
    );
    assert_eq!(ids.len(), 4);
    assert!(
        !prog.no_development_reported,
        "approved programs are not clinical"
    );

    let missing = ventures::detail(db, uuid::Uuid::now_v7(), d(2026, 11, 25)).await;
    assert_eq!(missing.unwrap_err(), AppError::NotFound);
}

async fn stale_clinical_programs_show_no_development_reported(db: &Db) {
    let (a, _, _) = seed_three(db).await;
    let p = program(db, a, "CL-003", "pmd_act").await;
    events(db, p, vec![stage("phase1", d(2024, 2, 29))]).await;
    let on = |today| async move {
        ventures::detail(db, a, today).await.unwrap().programs[0].no_development_reported
    };
    assert!(!on(d(2026, 2, 28)).await);
    assert!(on(d(2026, 3, 1)).await);
}

db_tests!(
    search_matches_kanji_english_and_either_kana,
    filters_by_hub_and_stage_and_sorts_by_reading,
    pages_through_the_list,
    venture_page_shows_programs_and_marks_retractions,
    stale_clinical_programs_show_no_development_reported,
);
