//! The tracker's server: `server serve` (the default), `server migrate`, `server seed …`.

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tracing_subscriber::EnvFilter;

use app::ssr::db::{redact, Db, DEFAULT_DATABASE_URL};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Manage user accounts (the first administrator is created here).
    User {
        #[command(subcommand)]
        what: UserCommand,
    },
    /// Time a page's data loaders in-process (the floor under its server time; `make bench`).
    #[command(hide = true)]
    BenchQueries {
        #[arg(long, value_enum)]
        page: server::bench_queries::Page,
        /// The venture of `--page venture` (default: the first with a program).
        #[arg(long)]
        venture: Option<uuid::Uuid>,
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Print the database's plan of each statement instead of timing.
        #[arg(long)]
        explain: bool,
    },
    /// Write a consistent copy of the database to FILE while the server runs (SQLite: VACUUM
    /// INTO; PostgreSQL: pg_dump's custom format).
    Backup {
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with the backup FILE, then migrate it (stop the server first).
    Restore {
        #[arg(long, value_name = "FILE")]
        from: std::path::PathBuf,
    },
    /// Personal API tokens (for scripts and `make fuzz`; users create theirs on the API tokens page).
    Token {
        #[command(subcommand)]
        what: TokenCommand,
    },
    /// Print the API's OpenAPI document (as served at /api/v1/openapi.json).
    Openapi,
    /// Load data sets.
    Seed {
        #[command(subcommand)]
        what: SeedCommand,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account. The password is asked for (or read from standard input), never an argument.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, staff, coordinator or viewer
        #[arg(long)]
        role: String,
    },
    /// Change an account's role.
    SetRole {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
    /// Set a new password (asked for, or read from standard input); ends the user's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Disable an account: it can no longer sign in and its sessions end.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Create a token for an account and print it (the only time it is shown).
    Create {
        #[arg(long)]
        email: String,
        /// What it is for.
        #[arg(long)]
        name: String,
        /// 30d, 90d or 365d.
        #[arg(long, default_value = "90d")]
        lifetime: String,
    },
}

#[derive(Subcommand, Debug)]
enum SeedCommand {
    /// The demo data set (idempotent: does nothing when it is already loaded).
    Demo,
    /// A generated scale data set for benchmarks (about ten stage events per venture).
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

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Blocking work here is short: a static file's reads (tower-http's ServeDir), password
        // hashes, the start's gzipping. Tokio's default pool grows to 512 threads: 32 concurrent
        // downloads of the stylesheet made it over 100 threads, each with its own allocator
        // heap, and that was most of the server's peak memory (make bench).
        .max_blocking_threads(8)
        .build()
        .context("starting the async runtime")?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
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
    if let Command::Openapi = &command {
        let doc = server::api_v1::document()
            .to_pretty_json()
            .context("writing the OpenAPI document")?;
        println!("{doc}");
        return Ok(());
    }
    if let Command::Restore { from } = &command {
        // No connection is opened on the database being replaced.
        let location = server::backup::Location::of(&cli.database_url, None)?;
        let report = server::backup::restore(&location, from).await?;
        println!(
            "restored {} from {} ({} bytes, {} ventures); start the server again",
            redact(&cli.database_url),
            from.display(),
            report.bytes,
            report.ventures
        );
        return Ok(());
    }
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
        Command::User { what } => {
            server::migrate(&db).await?;
            let now = chrono::Utc::now();
            let outcome = match what {
                UserCommand::Add { email, name, role } => {
                    let role = parse_role(&role)?;
                    let password = read_new_password()?;
                    let new = app::ssr::users::NewUser {
                        email: &email,
                        display_name: &name,
                        role,
                        password: &password,
                    };
                    app::ssr::users::create(&db, None, new, now).await
                }
                UserCommand::SetRole { email, role } => {
                    let role = parse_role(&role)?;
                    app::ssr::users::set_role(&db, None, &email, role, now).await
                }
                UserCommand::ResetPassword { email } => {
                    let password = read_new_password()?;
                    app::ssr::users::reset_password(&db, None, &email, &password, now).await
                }
                UserCommand::Disable { email } => {
                    app::ssr::users::disable(&db, None, &email, now).await
                }
                UserCommand::Enable { email } => {
                    app::ssr::users::enable(&db, None, &email, now).await
                }
            };
            match outcome {
                Ok(u) => {
                    println!(
                        "ok: {} ({}){}",
                        u.email,
                        u.role,
                        if u.disabled_at.is_some() {
                            ", disabled"
                        } else {
                            ""
                        }
                    );
                    Ok(())
                }
                Err(e) => Err(anyhow::anyhow!(describe(&e))),
            }
        }
        Command::BenchQueries {
            page,
            venture,
            runs,
            explain,
        } => server::bench_queries::run(&db, page, venture, runs, explain).await,
        Command::Backup { to, force } => {
            let location = server::backup::Location::of(&cli.database_url, None)?;
            let report = server::backup::backup(&db, &location, &to, force).await?;
            println!(
                "backed up to {} ({} bytes, {} ventures)",
                to.display(),
                report.bytes,
                report.ventures
            );
            Ok(())
        }
        Command::Restore { .. } | Command::Openapi => unreachable!("handled before connecting"),
        Command::Token {
            what:
                TokenCommand::Create {
                    email,
                    name,
                    lifetime,
                },
        } => {
            server::migrate(&db).await?;
            let new = app::domain::api_token::validate_new_token(&name, &lifetime)
                .map_err(|e| anyhow::anyhow!(describe(&app::error::AppError::from(e))))?;
            let email = app::domain::account::normalize_email(&email)
                .map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let user = entity::users::Entity::find()
                .filter(entity::users::Column::Email.eq(email.as_str()))
                .one(db.read())
                .await?
                .with_context(|| format!("no account {email}"))?;
            let (_, secret) = app::ssr::api_tokens::create(&db, user.id, new, chrono::Utc::now())
                .await
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!("{secret}");
            Ok(())
        }
        Command::Seed { what } => {
            server::migrate(&db).await?;
            match what {
                SeedCommand::Demo => report_demo(seeds::demo::load(&db).await?),
                SeedCommand::Scale {
                    ventures,
                    set,
                    rng_seed,
                } => {
                    let ventures =
                        set.map_or(ventures.unwrap_or(1000), seeds::scale::Set::ventures);
                    let stats = seeds::scale::generate(&db, ventures, rng_seed).await?;
                    println!("{stats}");
                }
            }
            Ok(())
        }
    }
}

fn parse_role(role: &str) -> anyhow::Result<app::domain::account::Role> {
    role.parse().map_err(|_| {
        anyhow::anyhow!("unknown role {role:?}: use admin, staff, coordinator or viewer")
    })
}

/// A new password from the terminal (asked twice, not echoed) or one line of standard input.
fn read_new_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("new password (12 characters or more): ")?;
        let again = rpassword::prompt_password("again: ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if let Err(e) = app::domain::account::validate_password(&password) {
        anyhow::bail!("{}", field_message(&e));
    }
    Ok(password)
}

fn field_message(e: &app::domain::validation::FieldError) -> String {
    match e.code.as_str() {
        "password.too_short" => "the password must have at least 12 characters".into(),
        "password.too_long" => "the password must have at most 128 characters".into(),
        "password.control_character" => "the password must not contain control characters".into(),
        "email.required" | "email.invalid" => "the e-mail address is not valid".into(),
        "email.too_long" => "the e-mail address is too long".into(),
        "user.last_admin" => {
            "this is the last active administrator: add another admin first".into()
        }
        other => format!("{}: {other}", e.field),
    }
}

fn describe(e: &app::error::AppError) -> String {
    use app::error::AppError;
    match e {
        AppError::NotFound => "no user with that e-mail address".into(),
        AppError::Validation { errors } => errors
            .iter()
            .map(field_message)
            .collect::<Vec<_>>()
            .join("; "),
        AppError::Conflict { code, detail } if code == "email.taken" => {
            format!("a user with the e-mail address {detail} already exists")
        }
        other => format!("failed: {other} (details in the log)"),
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
