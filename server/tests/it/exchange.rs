//! Spreadsheet exchange: CSV export of the ventures list's records and CSV import of ventures,
//! programs and stage events, on SQLite and PostgreSQL, through the whole application.

use app::domain::account::Role;
use app::domain::csv_rows::{line_of, ImportReport};
use app::error::AppError;
use app::ssr::db::Db;
use entity::{audit_events, programs, stage_events, venture_hub_tenancies, ventures};
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::fixtures::*;
use crate::common::{send, sign_in_as, Answer};

const BOM: &str = "\u{feff}";
const VENTURE_HEADER: &str = "corporate_number,name_ja,name_en,name_kana,hub,founded_on,\
located_on,origin_institution,modality,status,website,summary,current_stage\r\n";

/// A multipart upload to an exchange server function, as the import page sends it.
pub fn upload_call(
    path: &str,
    kind: &str,
    file_name: &str,
    bytes: &[u8],
    cookie: Option<&str>,
) -> http::Request<axum::body::Body> {
    use http::header;
    let boundary = "----tracker-test-boundary-7d1c";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = http::Request::builder()
        .method("POST")
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(axum::body::Body::from(body)).unwrap()
}

async fn get(db: &Db, uri: &str, cookie: Option<&str>) -> Answer {
    let mut req = http::Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(http::header::COOKIE, c);
    }
    send(db, req.body(axum::body::Body::empty()).unwrap()).await
}

async fn preview(db: &Db, sid: &str, kind: &str, bytes: &[u8]) -> ImportReport {
    let a = send(
        db,
        upload_call("/api/exchange/preview", kind, "test.csv", bytes, Some(sid)),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "preview: {}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

async fn import(db: &Db, sid: &str, kind: &str, bytes: &[u8]) -> Result<ImportReport, AppError> {
    let a = send(
        db,
        upload_call("/api/exchange/import", kind, "test.csv", bytes, Some(sid)),
    )
    .await;
    if a.status == StatusCode::OK {
        Ok(serde_json::from_str(&a.body).unwrap())
    } else {
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "import: {}", a.body);
        Err(serde_json::from_str(&a.body).unwrap())
    }
}

/// Row counts of what an import may write: ventures, hub stays, programs, events, audit.
async fn counts<C: ConnectionTrait>(c: &C) -> [u64; 5] {
    [
        ventures::Entity::find().count(c).await.unwrap(),
        venture_hub_tenancies::Entity::find()
            .count(c)
            .await
            .unwrap(),
        programs::Entity::find().count(c).await.unwrap(),
        stage_events::Entity::find().count(c).await.unwrap(),
        audit_events::Entity::find().count(c).await.unwrap(),
    ]
}

fn venture_csv(rows: &[&str]) -> String {
    let mut s = VENTURE_HEADER.to_string();
    for r in rows {
        s.push_str(r);
        s.push_str("\r\n");
    }
    s
}

async fn export_has_a_bom_a_header_and_honours_the_filters(db: &Db) {
    let a = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink, Inc.",
            kana: "セルリンク",
            hub: "ksp",
            located_on: Some(d(2021, 4, 1)),
        },
    )
    .await;
    let b = venture(
        db,
        NewVenture {
            name_ja: "湘南ジーンセラピー株式会社",
            name_en: "",
            kana: "ショウナンジーンセラピー",
            hub: "shonan",
            located_on: None,
        },
    )
    .await;
    let pa = program(db, a, "CL-101", "pmd_act").await;
    let pb = program(db, b, "GT-1", "pmd_act").await;
    events(db, pa, vec![stage("phase1", d(2024, 5, 1))]).await;
    events(db, pb, vec![stage("phase2", d(2025, 1, 1))]).await;

    // Signed-in users only: a page route, so nobody is sent to sign in.
    let nobody = get(db, "/ventures/export/ventures.csv", None).await;
    assert_eq!(nobody.status, StatusCode::SEE_OTHER);
    let (_, sid) = sign_in_as(db, Role::Viewer).await;

    let all = get(db, "/ventures/export/ventures.csv", Some(&sid)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(
        all.headers[http::header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        all.headers[http::header::CONTENT_DISPOSITION],
        "attachment; filename=\"ventures-2026-11-25.csv\""
    );
    assert!(
        all.body.starts_with(&format!("{BOM}{VENTURE_HEADER}")),
        "{}",
        all.body
    );
    assert_eq!(all.body.matches("\r\n").count(), 3, "header and two rows");
    // The comma inside a name is quoted; codes are the database's.
    assert!(
        all.body.contains(
            ",株式会社セルリンク,\"CellLink, Inc.\",セルリンク,ksp,,2021-04-01,,cell_therapy,active,,,phase1\r\n"
        ),
        "{}",
        all.body
    );

    let ksp = get(db, "/ventures/export/ventures.csv?hub=ksp", Some(&sid)).await;
    assert!(ksp.body.contains("株式会社セルリンク"));
    assert!(!ksp.body.contains("湘南ジーンセラピー"), "{}", ksp.body);

    let ev = get(
        db,
        "/ventures/export/stage_events.csv?hub=shonan&sort=stage",
        Some(&sid),
    )
    .await;
    assert_eq!(ev.status, StatusCode::OK);
    assert!(ev.body.starts_with(
        "\u{feff}venture_corporate_number,venture_name_ja,program_name,event_id,kind,stage,\
         exit_kind,occurred_on,precision,source_url,note,retracts_event_id,reason\r\n"
    ));
    assert!(ev.body.contains(",湘南ジーンセラピー株式会社,GT-1,"));
    assert!(ev.body.contains(",stage,phase2,,2025-01-01,day,"));
    assert!(!ev.body.contains("CL-101"), "{}", ev.body);

    // The search text filters too; an unknown kind is not found.
    let prog = get(
        db,
        "/ventures/export/programs.csv?q=%E3%81%9B%E3%82%8B",
        Some(&sid),
    )
    .await;
    assert!(prog.body.contains(",株式会社セルリンク,CL-101,cell_therapy,重症心不全,pmd_act,,phase1,active,2024-05-01\r\n"), "{}", prog.body);
    assert!(!prog.body.contains("GT-1"));
    let notes = get(db, "/ventures/export/notifications.csv", Some(&sid)).await;
    assert!(notes
        .body
        .starts_with("\u{feff}venture_corporate_number,venture_name_ja,program_name,notified_on,"));
    let unknown = get(db, "/ventures/export/users.csv", Some(&sid)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn imports_utf8_with_and_without_bom_and_shift_jis(db: &Db) {
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let plain = venture_csv(&[
        "7000012050002,株式会社セルリンク,CellLink,せるりんく,ksp,2019-04-01,2020/10/1,横浜市立大学,cell_therapy,,https://example.jp/,\"複数行の\n概要\",",
    ]);
    let r = preview(db, &sid, "ventures", plain.as_bytes()).await;
    assert_eq!((r.encoding.as_str(), r.rows, r.good_rows), ("utf-8", 1, 1));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(counts(db.read()).await[0], 0, "a preview writes nothing");
    let done = import(db, &sid, "ventures", plain.as_bytes())
        .await
        .unwrap();
    assert_eq!(done.written, 1);

    let with_bom = format!(
        "{BOM}{}",
        venture_csv(&[
            ",あおば再生医工株式会社,,アオバサイセイイコウ,tonomachi,,,,tissue_engineered,,,,"
        ])
    );
    let r = preview(db, &sid, "ventures", with_bom.as_bytes()).await;
    assert_eq!((r.encoding.as_str(), r.good_rows), ("utf-8-bom", 1));
    import(db, &sid, "ventures", with_bom.as_bytes())
        .await
        .unwrap();

    // As Excel saves "CSV" on Japanese Windows: CP932, no BOM.
    let text = venture_csv(&[",湘南ジーンセラピー株式会社,,ショウナンジーンセラピー,shonan,,,,gene_therapy,,,髙橋研究室発①,"]);
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&sjis).is_err(), "really not UTF-8");
    let r = preview(db, &sid, "ventures", &sjis).await;
    assert_eq!((r.encoding.as_str(), r.good_rows), ("shift_jis", 1));
    import(db, &sid, "ventures", &sjis).await.unwrap();

    let all = ventures::Entity::find().all(db.read()).await.unwrap();
    assert_eq!(all.len(), 3);
    let cell = all
        .iter()
        .find(|v| v.name_ja == "株式会社セルリンク")
        .unwrap();
    assert_eq!(cell.name_kana, "セルリンク", "the form's normalisation");
    assert_eq!(cell.corporate_number.as_deref(), Some("7000012050002"));
    assert_eq!(cell.located_on, Some(d(2020, 10, 1)));
    assert_eq!(cell.summary, "複数行の\n概要");
    let shonan = all.iter().find(|v| v.name_ja.starts_with("湘南")).unwrap();
    assert_eq!(shonan.summary, "髙橋研究室発①", "CP932 characters survive");
    let stays = venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(cell.id))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].started_on, d(2020, 10, 1));
    // One audit event per venture, noting the file and line.
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("venture"))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(audit.len(), 3);
    assert!(audit
        .iter()
        .all(|a| a.action == "create" && a.note == "CSV import: test.csv (line 2)"));

    // Not decodable at all: refused with a clear reason, nothing written.
    let before = counts(db.read()).await;
    let r = preview(db, &sid, "ventures", b"name_ja\r\n\xff\xfe\x00\x81").await;
    assert_eq!(r.problems[0].code, "xchg.encoding");
    assert_eq!(
        import(db, &sid, "ventures", b"name_ja\r\n\xff\xfe\x00\x81")
            .await
            .unwrap_err(),
        AppError::Validation {
            errors: r.problems.clone()
        }
    );
    assert_eq!(counts(db.read()).await, before);
}

async fn a_file_with_one_bad_row_writes_nothing_and_names_the_row(db: &Db) {
    venture(
        db,
        NewVenture {
            name_ja: "株式会社既存",
            name_en: "",
            kana: "キゾン",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let file = venture_csv(&[
        ",株式会社いち,,イチ,ksp,,,,cell_therapy,,,,",
        ",株式会社に,,ニ,ksp,,,,cell_therapy,,,,",
        "7000012050003,株式会社さん,,サン,ksp,,,,cell_therapy,,,,",
        "",
        ",株式会社よん,,ヨン,ksp,,,,cell_therapy,,,,",
    ]);
    let before = counts(db.read()).await;
    let r = preview(db, &sid, "ventures", file.as_bytes()).await;
    assert_eq!(
        (r.rows, r.good_rows),
        (4, 3),
        "the blank row is not counted"
    );
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    let p = &r.problems[0];
    assert_eq!(
        (line_of(p), p.field.as_str(), p.code.as_str()),
        (4, "corporate_number", "corporate_number.check_digit")
    );
    let refused = import(db, &sid, "ventures", file.as_bytes())
        .await
        .unwrap_err();
    let AppError::Validation { errors } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(
        errors, r.problems,
        "the import checks again and says the same"
    );
    assert_eq!(
        counts(db.read()).await,
        before,
        "nothing written, no audit event"
    );

    // Duplicates: with the database (name written differently) and within the file.
    let dup = venture_csv(&[
        ",株式会社　既存,,キゾン,ksp,,,,cell_therapy,,,,",
        ",株式会社ご,,ゴ,ksp,,,,cell_therapy,,,,",
        ",株式会社 ご,,ゴ,nowhere,,,,cell_therapy,,,,",
    ]);
    let r = preview(db, &sid, "ventures", dup.as_bytes()).await;
    let got: Vec<_> = r
        .problems
        .iter()
        .map(|p| (line_of(p), p.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "xchg.already_registered"),
            (4, "hub.unknown"),
            (4, "xchg.duplicate_in_file")
        ]
    );
    assert_eq!(r.problems[2].param("other_line"), Some("3"));

    // A header the import cannot read is reported at line 1.
    let r = preview(db, &sid, "ventures", "name_ja,colour\r\nx,y\r\n".as_bytes()).await;
    assert!(r.problems.iter().all(|p| line_of(p) == 1));
    assert!(r
        .problems
        .iter()
        .any(|p| p.code == "xchg.column_unknown" && p.param("column") == Some("colour")));

    // Viewers may not import; nothing is read or written for them.
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let a = send(
        db,
        upload_call(
            "/api/exchange/import",
            "ventures",
            "x.csv",
            venture_csv(&[",株式会社ろく,,ロク,ksp,,,,cell_therapy,,,,"]).as_bytes(),
            Some(&viewer),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    // Files over 5 MB are refused with a message saying so.
    let big = vec![b'a'; 5 * 1024 * 1024 + 1];
    let a = send(
        db,
        upload_call(
            "/api/exchange/preview",
            "ventures",
            "big.csv",
            &big,
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.body.contains("xchg.too_large"), "{}", a.body);
}

async fn stage_event_rows_build_on_each_other_and_impossible_ones_are_reported(db: &Db) {
    let v = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "",
            kana: "セルリンク",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    let p = program(db, v, "CL-101", "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2023, 4, 1))]).await;
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let header = "venture_corporate_number,venture_name_ja,program_name,kind,stage,exit_kind,\
                  occurred_on,precision,note\r\n";
    let bad = format!(
        "{header},株式会社セルリンク,CL-101,stage,phase2,,2024-04-01,day,\r\n\
         ,株式会社セルリンク,CL-101,stage,phase1,,2024-05-01,day,\r\n\
         ,株式会社セルリンク,CL-999,stage,phase1,,2024-05-01,day,\r\n"
    );
    let before = counts(db.read()).await;
    let r = preview(db, &sid, "stage_events", bad.as_bytes()).await;
    let got: Vec<_> = r
        .problems
        .iter()
        .map(|p| (line_of(p), p.field.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "stage", "transition.behind_current"),
            (4, "program_name", "xchg.program_not_found")
        ],
        "line 3 is checked against line 2's phase2"
    );
    assert!(import(db, &sid, "stage_events", bad.as_bytes())
        .await
        .is_err());
    assert_eq!(counts(db.read()).await, before);

    // Rows of one program build on each other: Phase II, then an application, then its
    // approval — with the month precision kept, and the derived journey rebuilt.
    let good = format!(
        "{header},株式会社セルリンク,CL-101,stage,phase2,,2024-04-01,day,初回投与\r\n\
         ,株式会社セルリンク,CL-101,stage,applied,,2025-06-15,month,\r\n\
         ,株式会社セルリンク,CL-101,stage,approved_conditional,,2026-03-01,day,\r\n"
    );
    let done = import(db, &sid, "stage_events", good.as_bytes())
        .await
        .unwrap();
    assert_eq!(done.written, 3);
    let prog = programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prog.current_stage, "approved_conditional");
    assert_eq!(prog.version, 4, "one version per event, as the form would");
    let v = ventures::Entity::find_by_id(v)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.current_stage.as_deref(), Some("approved_conditional"));
    let applied = stage_events::Entity::find()
        .filter(stage_events::Column::Stage.eq("applied"))
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (applied.occurred_on, applied.date_precision.as_str()),
        (d(2025, 6, 1), "month")
    );
    let after = counts(db.read()).await;
    assert_eq!(after[3], before[3] + 3);
    assert_eq!(after[4], before[4] + 3, "one audit event per event");

    // A retraction naming an event of the file's own earlier row.
    let id = uuid::Uuid::now_v7();
    let retract = format!(
        "venture_name_ja,program_name,event_id,kind,stage,occurred_on,retracts_event_id,reason\r\n\
         株式会社セルリンク,CL-101,{id},stage,launched,2026-04-01,,\r\n\
         株式会社セルリンク,CL-101,,retraction,,2026-05-01,{id},誤記\r\n"
    );
    let done = import(db, &sid, "stage_events", retract.as_bytes())
        .await
        .unwrap();
    assert_eq!(done.written, 2);
    let prog = programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prog.current_stage, "approved_conditional");
    // The same id again is refused.
    let r = preview(db, &sid, "stage_events", retract.as_bytes()).await;
    assert_eq!(r.problems[0].code, "xchg.event_id_taken");
}

/// Export the demo data, import it into an empty database, export again: the same bytes.
async fn demo_data_round_trips_through_csv(db: &Db) {
    seeds::demo::load(db).await.expect("demo data");
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let kinds = ["ventures", "programs", "stage_events"];
    let mut files = Vec::new();
    for k in kinds {
        let a = get(db, &format!("/ventures/export/{k}.csv"), Some(&sid)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.body.lines().count() > 20, "{k}: the demo has rows");
        files.push(a.body);
    }

    let empty = match db.write().get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => crate::common::TestDb::postgres().await,
        _ => crate::common::TestDb::sqlite().await,
    };
    let target = empty.db.clone();
    let outcome = tokio::spawn(async move {
        let (_, staff) = sign_in_as(&target, Role::Staff).await;
        for (k, body) in kinds.iter().zip(&files) {
            let report = import(&target, &staff, k, body.as_bytes())
                .await
                .unwrap_or_else(|e| panic!("{k}: {e:?}"));
            assert_eq!(report.written, report.rows, "{k}");
        }
        for (k, body) in kinds.iter().zip(&files) {
            let again = get(&target, &format!("/ventures/export/{k}.csv"), Some(&staff)).await;
            assert!(again.body == *body, "{k} differs after the round trip");
        }
        // Filters and sorts see the imported journeys as they saw the originals.
        counts(target.read()).await
    })
    .await;
    empty.finish().await;
    let imported = outcome.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let original = counts(db.read()).await;
    assert_eq!(imported[0], original[0], "ventures");
    assert_eq!(imported[2], original[2], "programs");
    assert_eq!(imported[3], original[3], "stage events");
}

/// The list page links the exports with its filters; the import page has labelled controls.
async fn pages_link_the_exports_and_label_the_import_form(db: &Db) {
    let (_, staff) = sign_in_as(db, Role::Staff).await;
    let list = get(db, "/ventures?hub=ksp&sort=stage", Some(&staff)).await;
    assert_eq!(list.status, StatusCode::OK);
    for k in ["ventures", "programs", "stage_events", "notifications"] {
        assert!(
            list.body.contains(&format!(
                "href=\"/ventures/export/{k}.csv?hub=ksp&amp;sort=stage\""
            )),
            "{k}: {}",
            list.body
        );
    }
    let page = get(db, "/ventures/import", Some(&staff)).await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "<label for=\"imp-kind\"",
        "<label for=\"imp-file\"",
        "id=\"imp-file\"",
        "name=\"file\"",
        "name=\"kind\"",
        "data-testid=\"import-check\"",
    ] {
        assert!(page.body.contains(needle), "{needle}: {}", page.body);
    }
}

db_tests!(
    pages_link_the_exports_and_label_the_import_form,
    export_has_a_bom_a_header_and_honours_the_filters,
    imports_utf8_with_and_without_bom_and_shift_jis,
    a_file_with_one_bad_row_writes_nothing_and_names_the_row,
    stage_event_rows_build_on_each_other_and_impossible_ones_are_reported,
    demo_data_round_trips_through_csv,
);
