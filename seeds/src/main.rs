//! `seeds demo` loads the demo data set; `seeds scale --ventures N` generates benchmark data.
//! Both migrate the database first.

use anyhow::Context;
use app::ssr::db::{redact, Db, DEFAULT_DATABASE_URL};
use clap::{Parser, Subcommand};
use sea_orm_migration::MigratorTrait;

#[derive(Parser, Debug)]
#[command(
    name = "seeds",
    version,
    about = "Demo and scale data for the pipeline tracker"
)]
struct Cli {
    /// Database URL: sqlite://path?mode=rwc (default) or postgres://user@host/db
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Load the demo data set (does nothing when it is already loaded).
    Demo,
    /// Generate ventures for benchmarks (about ten stage events each).
    Scale {
        /// How many ventures (default 1000).
        #[arg(long, conflicts_with = "set")]
        ventures: Option<usize>,
        /// A named set instead: s (1,000 ventures), m (10,000) or l (100,000).
        #[arg(long)]
        set: Option<seeds::scale::Set>,
        #[arg(long, default_value_t = 42)]
        rng_seed: u64,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let db = Db::connect(&cli.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&cli.database_url)))?;
    migration::Migrator::up(db.write(), None)
        .await
        .context("running the migrations")?;
    match cli.command {
        Command::Demo => match seeds::demo::load(&db).await? {
            seeds::demo::Outcome::Loaded(summary) => {
                println!("demo data loaded: {summary}");
                println!("{}", summary.breakdown());
            }
            seeds::demo::Outcome::AlreadyLoaded => {
                println!("demo data already loaded; left as it is")
            }
        },
        Command::Scale {
            ventures,
            set,
            rng_seed,
        } => {
            let ventures = set.map_or(ventures.unwrap_or(1000), seeds::scale::Set::ventures);
            let stats = seeds::scale::generate(&db, ventures, rng_seed).await?;
            println!("{stats}");
        }
    }
    db.close().await;
    Ok(())
}
