//! `server bench-queries`: the floor under a page's server time — the data loaders its server
//! functions call, run in-process one after another (no HTTP, no session, no rendering, no memo),
//! timed over many runs. `make bench` prints it beside the page's latency.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use app::api::ventures::VentureQuery;
use app::domain::dashboard::DashboardQuery;
use app::ssr::db::Db;
use entity::programs;
use sea_orm::{EntityTrait, QuerySelect};
use uuid::Uuid;

/// A page whose loaders can be timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Page {
    /// `/ventures`: the hubs and the first page of the list.
    Ventures,
    /// `/ventures/{id}`: the venture with its programs, and its timeline.
    Venture,
    /// `/dashboard`: filters, funnel, targets and the support overview.
    Dashboard,
}

impl Page {
    fn name(self) -> &'static str {
        match self {
            Page::Ventures => "ventures",
            Page::Venture => "venture",
            Page::Dashboard => "dashboard",
        }
    }
}

/// Times `runs` runs of the page's loaders and prints one JSON line; with `explain`, prints the
/// plan of each statement they issue instead.
pub async fn run(
    db: &Db,
    page: Page,
    venture: Option<Uuid>,
    runs: usize,
    explain: bool,
) -> anyhow::Result<()> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let today = app::domain::clock::today_in_japan(chrono::Utc::now());
    let venture = match (page, venture) {
        (Page::Venture, None) => Some(
            programs::Entity::find()
                .select_only()
                .column(programs::Column::VentureId)
                .into_tuple::<Uuid>()
                .one(db.read())
                .await?
                .context("no venture with a program: load a data set first")?,
        ),
        (_, v) => v,
    };
    if explain {
        return explain_plans(db, page, venture, today).await;
    }
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        once(db, page, venture, today)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1e3
    };
    let mean = times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len() as f64 * 1e3;
    println!(
        "{}",
        serde_json::json!({
            "page": page.name(),
            "runs": runs,
            "p50_ms": ms(0.50),
            "p95_ms": ms(0.95),
            "p99_ms": ms(0.99),
            "mean_ms": mean,
        })
    );
    Ok(())
}

async fn once(
    db: &Db,
    page: Page,
    venture: Option<Uuid>,
    today: chrono::NaiveDate,
) -> Result<(), app::error::AppError> {
    use app::ssr::{
        dashboard_funnel, dashboard_support, dashboard_view, targets, timeline, ventures,
    };
    match page {
        Page::Ventures => {
            ventures::hubs(db).await?;
            ventures::list(db, &VentureQuery::default()).await?;
        }
        Page::Venture => {
            let id = venture.unwrap_or_default();
            ventures::detail(db, id, today).await?;
            timeline::venture(db, id).await?;
        }
        Page::Dashboard => {
            let q = DashboardQuery::default();
            dashboard_view::filters(db, today).await?;
            dashboard_funnel::load(db, &q).await?;
            targets::load(db, today).await?;
            dashboard_support::overview(db, &q, today).await?;
        }
    }
    Ok(())
}

/// Runs the page's loaders once, capturing their statements, then prints each distinct
/// statement with the database's plan for it: `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL (the
/// statement runs again, with its real timings), `EXPLAIN QUERY PLAN` on SQLite.
async fn explain_plans(
    db: &Db,
    page: Page,
    venture: Option<Uuid>,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Statement>::new()));
    once(
        &db.with_statement_capture(log.clone()),
        page,
        venture,
        today,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let statements = std::mem::take(&mut *log.lock().expect("the statement log"));
    let mut seen = std::collections::HashSet::new();
    let backend = db.backend();
    let prefix = match backend {
        DatabaseBackend::Postgres => "EXPLAIN (ANALYZE, BUFFERS)",
        _ => "EXPLAIN QUERY PLAN",
    };
    println!(
        "# {} on {backend:?}: {} statements",
        page.name(),
        statements.len()
    );
    for (n, st) in statements.into_iter().enumerate() {
        if !seen.insert(st.sql.clone()) {
            continue;
        }
        println!("\n## statement {}\n{}\n", n + 1, st.sql);
        let plan = Statement {
            sql: format!("{prefix} {}", st.sql),
            values: st.values.clone(),
            db_backend: backend,
        };
        let rows = db
            .read()
            .query_all(plan)
            .await
            .with_context(|| format!("explaining: {}", st.sql))?;
        for row in rows {
            let line = match backend {
                DatabaseBackend::Postgres => row.try_get::<String>("", "QUERY PLAN"),
                _ => row.try_get::<String>("", "detail"),
            }?;
            println!("    {line}");
        }
    }
    Ok(())
}
