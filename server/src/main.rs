//! The tracker's server: `server serve` (the default), `server migrate`, `server seed …`.

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use app::ssr::db::{redact, Db, DEFAULT_DATABASE_URL};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Kanagawa regenerative-medicine pipeline tracker"
)]
struct Cli {
    /// Database URL: sqlite://path?mode=rwc (default) or postgres://user@host/db
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Migrate the database and serve the web application.
    Serve {
        /// Address to listen on (default: LEPTOS_SITE_ADDR or 127.0.0.1:3000)
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Load the demo data set (fictional ventures and demo users) if it is not loaded yet.
        #[arg(long, env = "TRACKER_DEMO")]
        demo: bool,
    },
    /// Apply pending migrations (or roll back with --down N).
    Migrate {
        #[arg(long)]
        down: Option<u32>,
    },
    /// Load data sets.
    Seed {
        #[command(subcommand)]
        what: SeedCommand,
    },
}

#[derive(Subcommand, Debug)]
enum SeedCommand {
    /// The demo data set (idempotent: does nothing when it is already loaded).
    Demo,
    /// A generated scale data set for benchmarks (about ten stage events per venture).
    Scale {
        #[arg(long, default_value_t = 1000)]
        ventures: usize,
        #[arg(long, default_value_t = 42)]
        rng_seed: u64,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve {
        addr: None,
        demo: std::env::var("TRACKER_DEMO").is_ok_and(|v| v == "1" || v == "true"),
    });
    let db = Db::connect(&cli.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&cli.database_url)))?;

    match command {
        Command::Serve { addr, demo } => {
            server::migrate(&db).await?;
            if demo {
                report_demo(seeds::demo::load(&db).await?);
            }
            server::serve(db, addr).await
        }
        Command::Migrate { down } => {
            match down {
                Some(n) => server::migrate_down(&db, n).await?,
                None => server::migrate(&db).await?,
            }
            Ok(())
        }
        Command::Seed { what } => {
            server::migrate(&db).await?;
            match what {
                SeedCommand::Demo => report_demo(seeds::demo::load(&db).await?),
                SeedCommand::Scale { ventures, rng_seed } => {
                    let stats = seeds::scale::generate(&db, ventures, rng_seed).await?;
                    println!("{stats}");
                }
            }
            Ok(())
        }
    }
}

fn report_demo(outcome: seeds::demo::Outcome) {
    match outcome {
        seeds::demo::Outcome::Loaded(summary) => println!("demo data loaded: {summary}"),
        seeds::demo::Outcome::AlreadyLoaded => println!("demo data already loaded; left as it is"),
    }
    println!(
        "demo sign-ins (demo data only; password for all: {}):",
        seeds::demo::DEMO_PASSWORD
    );
    for (email, role) in seeds::demo::DEMO_USERS_SUMMARY {
        println!("  {role:<12} {email}");
    }
}
