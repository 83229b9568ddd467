//! The demo data set: fictional ventures shaped like Kanagawa's record, with their programs,
//! stage histories, trial notifications, approvals, RINK support and fund supports, plus one
//! demo user per role.
//!
//! [`load`] writes everything in one transaction and is idempotent: the data set counts as
//! loaded when an `audit_events` row with entity `dataset` and entity id `demo` exists (the load
//! writes it), and a loaded data set is never touched again, whatever users have changed since.
//!
//! The tables (in the sub-modules) are checked before anything is written: every program's
//! history must replay through the domain's [`derive_state`], approvals must pass the domain's
//! date rules, and the KPI baselines must come out as the policy states them (51 ventures
//! located and 18 trial notifications by the end of FY2021). A failed check aborts the load.

mod model;
mod programs;
mod rink;
mod users;
mod ventures;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context};
use app::domain::approval::{
    validate_approval_dates, validate_extension, validate_outcome, validate_reapplication,
    validate_term, ApprovalType,
};
use app::domain::fiscal::FiscalYear;
use app::domain::registry::RegistryId;
use app::domain::stage::{
    derive_state, EventBody, ProgramState, ProgramStatus, Stage, StageEvent, Track,
};
use app::ssr::audit::{self, Action, Changes, Entry};
use app::ssr::db::Db;
use app::ssr::journey::{rebuild_program, StoredJourney};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use entity::{
    approval_extensions, approvals, audit_events, fund_support_links, fund_supports, funds, hubs,
    meetings, programs as program_rows, stage_events, support_logs, trial_notifications,
    users as user_rows, venture_hub_tenancies, ventures as venture_rows, working_group_members,
    working_groups,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

use crate::util::{
    corporate_number, day, insert_all, jst, name_key, opt_day, parse_date, search_text,
};
use model::{Ev, LogDef, Member, ProgramDef, VentureDef, What};

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo-pass-2026";

/// The demo sign-ins: (email, role).
pub const DEMO_USERS_SUMMARY: &[(&str, &str)] = &[
    ("admin@demo.example.jp", "admin"),
    ("staff@demo.example.jp", "staff"),
    ("coordinator@demo.example.jp", "coordinator"),
    ("coordinator2@demo.example.jp", "coordinator"),
    ("viewer@demo.example.jp", "viewer"),
];

/// The audit row that marks the data set as loaded: entity and entity id.
pub const MARKER: (&str, &str) = ("dataset", "demo");

/// The date the tables were written for ("today" in the demo): no event lies after it.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 25);

/// The seed of the drawn support records (fixed: the demo is the same everywhere).
const SUPPORT_SEED: u64 = 20_261_125;

/// What [`load`] did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The data set was written.
    Loaded(Summary),
    /// The marker row exists: nothing was written.
    AlreadyLoaded,
}

/// Counts of what the demo load wrote, and the KPI figures it checked.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub users: usize,
    pub ventures: usize,
    pub tenancies: usize,
    pub programs: usize,
    pub stage_events: usize,
    pub notifications: usize,
    pub approvals: usize,
    pub extensions: usize,
    pub working_group_members: usize,
    pub meetings: usize,
    pub support_logs: usize,
    pub fund_supports: usize,
    pub fund_support_links: usize,
    /// Ventures located in the prefecture by the end of FY2021 (31 March 2022).
    pub located_by_fy2021: usize,
    /// Ventures located by the end of FY2025 (31 March 2026).
    pub located_by_fy2025: usize,
    /// Trial notifications by the end of FY2021.
    pub notifications_by_fy2021: usize,
    /// Trial notifications by the end of FY2025.
    pub notifications_by_fy2025: usize,
    /// Programs by current stage code.
    pub programs_by_stage: BTreeMap<&'static str, usize>,
    /// Programs by status code (active and the exits).
    pub programs_by_status: BTreeMap<&'static str, usize>,
    pub elapsed: Duration,
}

impl Summary {
    /// Programs per current stage and per status, one line each.
    pub fn breakdown(&self) -> String {
        let list = |m: &BTreeMap<&str, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "programs by stage: {}\nprograms by status: {}",
            list(&self.programs_by_stage),
            list(&self.programs_by_status)
        )
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ventures ({} located by the end of FY2021, {} by the end of FY2025), {} hub tenancies, \
             {} programs, {} stage events, {} trial notifications ({} by the end of FY2021, {} by the end of FY2025), \
             {} approvals ({} extensions), {} support logs, {} fund supports ({} links to support logs), \
             {} working-group members, {} meetings, {} users; {:.1} s",
            self.ventures,
            self.located_by_fy2021,
            self.located_by_fy2025,
            self.tenancies,
            self.programs,
            self.stage_events,
            self.notifications,
            self.notifications_by_fy2021,
            self.notifications_by_fy2025,
            self.approvals,
            self.extensions,
            self.support_logs,
            self.fund_supports,
            self.fund_support_links,
            self.working_group_members,
            self.meetings,
            self.users,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Whether the demo data set is loaded (its marker row exists).
pub async fn is_loaded<C: ConnectionTrait>(c: &C) -> anyhow::Result<bool> {
    let n = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq(MARKER.0))
        .filter(audit_events::Column::EntityId.eq(MARKER.1))
        .count(c)
        .await
        .context("looking for the demo data set's marker")?;
    Ok(n > 0)
}

/// Loads the demo data set in one transaction, unless it is loaded already.
pub async fn load(db: &Db) -> anyhow::Result<Outcome> {
    if is_loaded(db.read()).await? {
        return Ok(Outcome::AlreadyLoaded);
    }
    let started = Instant::now();
    // Argon2id is slow on purpose: hash once, share the hash.
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(DEMO_PASSWORD))
        .await
        .context("hashing the demo password")?;
    let now = Utc::now();

    let txn = db.write().begin().await.context("starting the demo load")?;
    if is_loaded(&txn).await? {
        txn.rollback().await?;
        return Ok(Outcome::AlreadyLoaded);
    }
    let mut summary = Loader::new(&txn).await?.run(&hash).await?;
    summary.elapsed = started.elapsed();
    audit::record(
        &txn,
        Entry {
            actor: None,
            at: now,
            entity: MARKER.0,
            entity_id: MARKER.1.to_string(),
            action: Action::Import,
            changes: Changes::new(),
            note: format!("demo data set loaded (fictional ventures, demo users): {summary}"),
        },
    )
    .await
    .map_err(|e| anyhow!("writing the demo marker: {e}"))?;
    txn.commit().await.context("committing the demo load")?;
    Ok(Outcome::Loaded(summary))
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("valid date")
}

fn later(a: DateTime<Utc>, b: DateTime<Utc>) -> DateTime<Utc> {
    a.max(b)
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d + TimeDelta::days(1)
}

/// A venture as written, for the later tables.
#[derive(Debug, Clone, Copy)]
struct VentureInfo {
    id: Uuid,
    def: &'static VentureDef,
    created_at: DateTime<Utc>,
    /// Located on, or founded on when not located: the first day it is in the prefecture.
    since: NaiveDate,
    left: Option<NaiveDate>,
}

/// One support record, written out or drawn.
#[derive(Debug, Clone)]
struct Log {
    key: &'static str,
    venture: &'static str,
    wg: &'static str,
    by: &'static str,
    on: NaiveDate,
    kind: &'static str,
    summary: &'static str,
    outcome: &'static str,
    follow_up: Option<NaiveDate>,
    done: Option<(NaiveDate, &'static str)>,
}

struct Loader<'a> {
    txn: &'a DatabaseTransaction,
    hubs: HashMap<String, Uuid>,
    wgs: HashMap<String, Uuid>,
    funds: HashMap<String, Uuid>,
    users: HashMap<&'static str, Uuid>,
    ventures: HashMap<&'static str, VentureInfo>,
    summary: Summary,
}

impl<'a> Loader<'a> {
    async fn new(txn: &'a DatabaseTransaction) -> anyhow::Result<Self> {
        let hubs: HashMap<String, Uuid> = hubs::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|h| (h.code, h.id))
            .collect();
        for code in ["tonomachi", "shonan", "ksp", "elsewhere"] {
            ensure!(
                hubs.contains_key(code),
                "hub {code} is missing: run the migrations first"
            );
        }
        let wgs = working_groups::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|w| (w.code, w.id))
            .collect();
        let funds = funds::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|f| (f.code, f.id))
            .collect();
        Ok(Self {
            txn,
            hubs,
            wgs,
            funds,
            users: HashMap::new(),
            ventures: HashMap::new(),
            summary: Summary::default(),
        })
    }

    async fn run(mut self, password_hash: &str) -> anyhow::Result<Summary> {
        self.users(password_hash).await?;
        self.ventures().await?;
        self.programs().await?;
        self.working_groups().await?;
        let logs = self.support_logs().await?;
        self.fund_supports(&logs).await?;
        self.check_kpis()?;
        Ok(self.summary)
    }

    fn user(&self, handle: &str) -> anyhow::Result<Uuid> {
        self.users
            .get(handle)
            .copied()
            .ok_or_else(|| anyhow!("unknown demo user {handle}"))
    }

    fn venture(&self, key: &str) -> anyhow::Result<VentureInfo> {
        self.ventures
            .get(key)
            .copied()
            .ok_or_else(|| anyhow!("unknown demo venture {key}"))
    }

    fn hub(&self, code: &str) -> anyhow::Result<Uuid> {
        self.hubs
            .get(code)
            .copied()
            .ok_or_else(|| anyhow!("unknown hub {code}"))
    }

    fn wg(&self, code: &str) -> anyhow::Result<Option<Uuid>> {
        if code.is_empty() {
            return Ok(None);
        }
        self.wgs
            .get(code)
            .copied()
            .map(Some)
            .ok_or_else(|| anyhow!("unknown working group {code}"))
    }

    // ---- users ---------------------------------------------------------------------------

    async fn users(&mut self, password_hash: &str) -> anyhow::Result<()> {
        let emails: Vec<&str> = users::USERS.iter().map(|u| u.email).collect();
        let existing: HashMap<String, Uuid> = user_rows::Entity::find()
            .filter(user_rows::Column::Email.is_in(emails))
            .all(self.txn)
            .await?
            .into_iter()
            .map(|u| (u.email, u.id))
            .collect();
        for u in users::USERS {
            if let Some(&id) = existing.get(u.email) {
                tracing::warn!(
                    email = u.email,
                    "a user with a demo email exists; left as it is"
                );
                self.users.insert(u.handle, id);
                continue;
            }
            let created_at = jst(day(u.since)?, 9, 0);
            let creator = self.users.get("admin").copied();
            let id = Uuid::now_v7();
            user_rows::Entity::insert(
                user_rows::Model {
                    id,
                    email: u.email.to_string(),
                    display_name: u.display_name.to_string(),
                    role: u.role.to_string(),
                    password_hash: Some(password_hash.to_string()),
                    locale: u.locale.to_string(),
                    disabled_at: None,
                    last_sign_in_at: None,
                    version: 1,
                    created_at,
                    updated_at: created_at,
                    created_by: creator,
                    updated_by: creator,
                    archived_at: None,
                }
                .into_active_model(),
            )
            .exec_without_returning(self.txn)
            .await
            .with_context(|| format!("inserting demo user {}", u.email))?;
            self.users.insert(u.handle, id);
            self.summary.users += 1;
        }
        Ok(())
    }

    // ---- ventures and tenancies ----------------------------------------------------------

    async fn ventures(&mut self) -> anyhow::Result<()> {
        let staff = Some(self.user("staff")?);
        let mut rows = Vec::new();
        let mut tenancy_rows = Vec::new();
        let mut keys = HashMap::new();
        for v in ventures::VENTURES {
            ensure!(
                keys.insert(v.key, ()).is_none(),
                "duplicate venture key {}",
                v.key
            );
            let founded = day(v.founded)?;
            let located = opt_day(v.located)?;
            let since = located.unwrap_or(founded);
            ensure!(founded <= since, "{}: located before it was founded", v.key);
            let created_at = jst(since + TimeDelta::days(3), 10, 0);
            let id = Uuid::now_v7();

            // Tenancies: the first from `since`, one per move, the last ended when it left.
            let tenancy = |hub_id: Uuid, on: NaiveDate, note: &str, at: DateTime<Utc>| {
                venture_hub_tenancies::Model {
                    id: Uuid::now_v7(),
                    venture_id: id,
                    hub_id,
                    started_on: on,
                    ended_on: None,
                    note: note.to_string(),
                    created_at: at,
                    created_by: staff,
                }
            };
            let mut spans = vec![tenancy(self.hub(v.hub)?, since, "", created_at)];
            for m in v.moves {
                let on = day(m.on)?;
                let last = spans.last_mut().expect("one tenancy at least");
                ensure!(
                    on > last.started_on,
                    "{}: move on {on} is not after {}",
                    v.key,
                    last.started_on
                );
                last.ended_on = Some(on - TimeDelta::days(1));
                spans.push(tenancy(self.hub(m.to)?, on, m.note, jst(on, 10, 0)));
            }
            let left = opt_day(v.left)?;
            let mut updated_at = spans.last().expect("one tenancy").created_at;
            if let Some(left) = left {
                let last = spans.last_mut().expect("one tenancy at least");
                ensure!(
                    left >= last.started_on,
                    "{}: left before its last tenancy began",
                    v.key
                );
                last.ended_on = Some(left);
                updated_at = jst(next_day(left), 10, 0);
            }
            let current_hub_id = spans.last().expect("one tenancy").hub_id;
            tenancy_rows.extend(spans.into_iter().map(IntoActiveModel::into_active_model));
            rows.push(
                venture_rows::Model {
                    id,
                    corporate_number: v.corp.map(corporate_number).transpose()?,
                    name_ja: v.name_ja.to_string(),
                    name_en: v.name_en.to_string(),
                    name_kana: v.name_kana.to_string(),
                    name_key: name_key(v.name_ja),
                    search_text: search_text(v.name_ja, v.name_en, v.name_kana),
                    founded_on: Some(founded),
                    located_on: located,
                    origin_institution: v.origin.to_string(),
                    modality: v.modality.to_string(),
                    status: v.status.to_string(),
                    website: format!("https://example.jp/{}/", v.key),
                    summary: v.summary.to_string(),
                    current_hub_id,
                    current_stage: None,
                    current_stage_rank: None,
                    is_generated: false,
                    version: 1,
                    created_at,
                    updated_at,
                    created_by: staff,
                    updated_by: staff,
                    archived_at: None,
                }
                .into_active_model(),
            );
            self.ventures.insert(
                v.key,
                VentureInfo {
                    id,
                    def: v,
                    created_at,
                    since,
                    left,
                },
            );
            if let Some(located) = located {
                if located <= FiscalYear(2021).end() {
                    self.summary.located_by_fy2021 += 1;
                }
                if located <= FiscalYear(2025).end() {
                    self.summary.located_by_fy2025 += 1;
                }
            }
        }
        self.summary.ventures = insert_all(self.txn, rows).await?;
        self.summary.tenancies = insert_all(self.txn, tenancy_rows).await?;
        Ok(())
    }

    // ---- programs, stage events, notifications, approvals ---------------------------------

    async fn programs(&mut self) -> anyhow::Result<()> {
        let mut names = HashMap::new();
        for p in programs::PROGRAMS {
            ensure!(
                names.insert((p.venture, p.name), ()).is_none(),
                "duplicate program {} of {}",
                p.name,
                p.venture
            );
            self.program(p)
                .await
                .with_context(|| format!("demo program {} ({})", p.name, p.venture))?;
        }
        Ok(())
    }

    async fn program(&mut self, p: &'static ProgramDef) -> anyhow::Result<()> {
        let venture = self.venture(p.venture)?;
        let staff = Some(self.user("staff")?);
        ensure!(
            (p.track == Track::SafetyAct) == p.risk_class.is_some(),
            "a risk class is set exactly for Safety Act programs"
        );

        // The history as domain events, replayed before anything is written.
        let (events, state) = replay(p.track, p.events)?;

        // When each event was recorded: after the period it dates (and after the venture and
        // program records exist), strictly increasing in replay order.
        let first_known = events
            .first()
            .map(|(e, _)| jst(next_day(e.precision.last_day(e.occurred_on)), 9, 30));
        let program_created = later(
            venture.created_at + TimeDelta::minutes(1),
            first_known.unwrap_or(venture.created_at),
        );
        let program_id = Uuid::now_v7();
        let mut recorded = program_created;
        let mut event_rows = Vec::new();
        for (e, def) in &events {
            let known = jst(next_day(e.precision.last_day(e.occurred_on)), 10, 0);
            recorded = later(recorded + TimeDelta::minutes(5), known);
            let (kind, stage, exit_kind, retracts, reason) = match &e.body {
                EventBody::Stage { stage } => ("stage", Some(stage.as_str()), None, None, None),
                EventBody::Exit { exit_kind } => {
                    ("exit", None, Some(exit_kind.as_str()), None, None)
                }
                EventBody::Resumed => ("resumed", None, None, None, None),
                EventBody::Retraction {
                    retracts_event_id,
                    reason,
                } => (
                    "retraction",
                    None,
                    None,
                    Some(*retracts_event_id),
                    Some(reason.clone()),
                ),
            };
            event_rows.push(
                stage_events::Model {
                    id: e.id,
                    program_id,
                    kind: kind.to_string(),
                    stage: stage.map(str::to_string),
                    exit_kind: exit_kind.map(str::to_string),
                    occurred_on: e.occurred_on,
                    date_precision: e.precision.as_str().to_string(),
                    source_url: def.source.to_string(),
                    note: def.note.to_string(),
                    retracts_event_id: retracts,
                    reason,
                    recorded_by: staff,
                    recorded_at: recorded,
                    is_generated: false,
                }
                .into_active_model(),
            );
        }

        program_rows::Entity::insert(
            program_rows::Model {
                id: program_id,
                venture_id: venture.id,
                name: p.name.to_string(),
                modality: p.modality.unwrap_or(venture.def.modality).to_string(),
                indication: p.indication.to_string(),
                track: p.track.as_str().to_string(),
                risk_class: p.risk_class.map(str::to_string),
                current_stage: Stage::Research.as_str().to_string(),
                current_stage_rank: 0,
                stage_reached_on: None,
                status: ProgramStatus::Active.as_str().to_string(),
                last_event_on: None,
                version: 1,
                created_at: program_created,
                updated_at: recorded,
                created_by: staff,
                updated_by: staff,
                archived_at: None,
            }
            .into_active_model(),
        )
        .exec_without_returning(self.txn)
        .await?;
        self.summary.stage_events += insert_all(self.txn, event_rows).await?;
        let stored = rebuild_program(self.txn, program_id)
            .await
            .map_err(|e| anyhow!("rebuilding the program's journey: {e}"))?;
        ensure!(
            StoredJourney::from_state(&stored) == StoredJourney::from_state(&state),
            "the stored journey differs from the replay"
        );
        self.summary.programs += 1;
        *self
            .summary
            .programs_by_stage
            .entry(state.current_stage().as_str())
            .or_default() += 1;
        *self
            .summary
            .programs_by_status
            .entry(state.status().as_str())
            .or_default() += 1;

        self.notifications(p, &venture, program_id).await?;
        self.approvals(p, &venture, program_id, &state).await?;
        Ok(())
    }

    async fn notifications(
        &mut self,
        p: &ProgramDef,
        venture: &VentureInfo,
        program_id: Uuid,
    ) -> anyhow::Result<()> {
        let staff = Some(self.user("staff")?);
        let mut rows = Vec::new();
        for t in p.trials {
            let on = day(t.on)?;
            ensure!(on <= as_of(), "notification {} is after {}", t.on, as_of());
            let registry = RegistryId::parse(t.registry)
                .map_err(|e| anyhow!("registry id {}: {e}", t.registry))?;
            ensure!(
                registry.as_str() == t.registry,
                "registry id {} is not in its normal form",
                t.registry
            );
            ensure!(
                t.phase.is_clinical_phase(),
                "a notification's phase must be a clinical phase"
            );
            ensure!(
                p.track == Track::PmdAct,
                "only PMD Act programs have trials"
            );
            let created_at = later(
                venture.created_at + TimeDelta::minutes(2),
                jst(on + TimeDelta::days(2), 10, 30),
            );
            rows.push(
                trial_notifications::Model {
                    id: Uuid::now_v7(),
                    program_id,
                    venture_id: venture.id,
                    notified_on: on,
                    sponsor: t.sponsor.as_str().to_string(),
                    registry_id: t.registry.to_string(),
                    phase: t.phase.as_str().to_string(),
                    title: t.title.to_string(),
                    note: t.note.to_string(),
                    version: 1,
                    created_at,
                    updated_at: created_at,
                    created_by: staff,
                    updated_by: staff,
                    archived_at: None,
                }
                .into_active_model(),
            );
            if on <= FiscalYear(2021).end() {
                self.summary.notifications_by_fy2021 += 1;
            }
            if on <= FiscalYear(2025).end() {
                self.summary.notifications_by_fy2025 += 1;
            }
        }
        self.summary.notifications += insert_all(self.txn, rows).await?;
        Ok(())
    }

    async fn approvals(
        &mut self,
        p: &ProgramDef,
        venture: &VentureInfo,
        program_id: Uuid,
        state: &ProgramState,
    ) -> anyhow::Result<()> {
        let staff = Some(self.user("staff")?);
        let today = as_of();
        let err = |what: &str, e: app::domain::approval::ApprovalError| anyhow!("{what}: {e}");
        for a in p.approvals {
            let approved = day(a.approved)?;
            let applied = opt_day(a.applied)?;
            let term = opt_day(a.term_expires)?;
            let reapplied = opt_day(a.reapplied)?;
            let outcome_on = opt_day(a.outcome_on)?;
            validate_approval_dates(applied, approved, today).map_err(|e| err("dates", e))?;
            validate_term(a.kind, approved, term).map_err(|e| err("term", e))?;
            // The stage event of the approval must carry the same date.
            let stage = match a.kind {
                ApprovalType::Conditional => Stage::ApprovedConditional,
                ApprovalType::Full => Stage::Approved,
            };
            ensure!(
                state.reached_on(stage) == Some(approved),
                "approval of {approved} has no matching {stage} stage event"
            );
            let approval_id = Uuid::now_v7();
            let mut expires = term;
            let mut extension_rows = Vec::new();
            let mut last_change = approved;
            for x in a.extensions {
                let on = day(x.on)?;
                let new_expires = day(x.new_expires)?;
                let current = expires.ok_or_else(|| anyhow!("an extension needs a term"))?;
                validate_extension(approved, current, on, new_expires, today)
                    .map_err(|e| err("extension", e))?;
                expires = Some(new_expires);
                last_change = last_change.max(on);
                extension_rows.push(
                    approval_extensions::Model {
                        id: Uuid::now_v7(),
                        approval_id,
                        extended_on: on,
                        new_expires_on: new_expires,
                        note: x.note.to_string(),
                        created_at: jst(next_day(on), 11, 0),
                        created_by: staff,
                    }
                    .into_active_model(),
                );
            }
            if let Some(r) = reapplied {
                // Within the term as it stood on the day of the reapplication.
                let at_the_time = a
                    .extensions
                    .iter()
                    .filter(|x| day(x.on).is_ok_and(|on| on <= r))
                    .filter_map(|x| day(x.new_expires).ok())
                    .max()
                    .or(term)
                    .ok_or_else(|| anyhow!("a reapplication needs a conditional approval"))?;
                validate_reapplication(approved, at_the_time, r, today)
                    .map_err(|e| err("reapplication", e))?;
                last_change = last_change.max(r);
            }
            validate_outcome(a.kind, approved, a.outcome, outcome_on, today)
                .map_err(|e| err("outcome", e))?;
            if let Some(o) = outcome_on {
                last_change = last_change.max(o);
            }
            let created_at = later(
                venture.created_at + TimeDelta::minutes(3),
                jst(next_day(approved), 11, 0),
            );
            approvals::Entity::insert(
                approvals::Model {
                    id: approval_id,
                    program_id,
                    approval_type: a.kind.as_str().to_string(),
                    brand_name: a.brand.to_string(),
                    applied_on: applied,
                    approved_on: approved,
                    term_expires_on: term,
                    expires_on: expires,
                    reapplied_on: reapplied,
                    outcome: a.outcome.as_str().to_string(),
                    outcome_on,
                    shipment_restricted: a.shipment_restricted,
                    shipment_restriction_note: a.restriction_note.to_string(),
                    sakigake: a.sakigake,
                    orphan: a.orphan,
                    note: a.note.to_string(),
                    version: 1,
                    created_at,
                    updated_at: later(created_at, jst(next_day(last_change), 11, 0)),
                    created_by: staff,
                    updated_by: staff,
                    archived_at: None,
                }
                .into_active_model(),
            )
            .exec_without_returning(self.txn)
            .await?;
            self.summary.approvals += 1;
            self.summary.extensions += insert_all(self.txn, extension_rows).await?;
        }
        Ok(())
    }

    // ---- RINK ----------------------------------------------------------------------------

    async fn working_groups(&mut self) -> anyhow::Result<()> {
        let staff = Some(self.user("staff")?);
        let mut rows = Vec::new();
        for m in rink::MEMBERS {
            let joined = day(m.joined)?;
            let left = opt_day(m.left)?;
            let (kind, user_id, venture_id, organisation) = match m.member {
                Member::Coordinator(handle) => {
                    ("coordinator", Some(self.user(handle)?), None, None)
                }
                Member::Venture(key) => ("venture", None, Some(self.venture(key)?.id), None),
                Member::Organisation(name) => ("organisation", None, None, Some(name.to_string())),
            };
            let created_at = jst(joined, 10, 0);
            rows.push(
                working_group_members::Model {
                    id: Uuid::now_v7(),
                    working_group_id: self
                        .wg(m.wg)?
                        .ok_or_else(|| anyhow!("a member needs a working group"))?,
                    member_kind: kind.to_string(),
                    user_id,
                    venture_id,
                    organisation_name: organisation,
                    role: m.role.to_string(),
                    joined_on: Some(joined),
                    left_on: left,
                    version: 1,
                    created_at,
                    updated_at: left.map_or(created_at, |l| jst(next_day(l), 10, 0)),
                    created_by: staff,
                    updated_by: staff,
                    archived_at: None,
                }
                .into_active_model(),
            );
        }
        self.summary.working_group_members = insert_all(self.txn, rows).await?;

        let mut rows = Vec::new();
        for m in rink::MEETINGS {
            let held = day(m.on)?;
            let created_at = jst(next_day(held), 10, 0);
            let by = Some(
                self.user(if m.wg == "free_treatment" || m.wg == "manufacturing" {
                    "coordinator"
                } else {
                    "coordinator2"
                })?,
            );
            rows.push(
                meetings::Model {
                    id: Uuid::now_v7(),
                    working_group_id: self
                        .wg(m.wg)?
                        .ok_or_else(|| anyhow!("a meeting needs a working group"))?,
                    held_on: held,
                    title: m.title.to_string(),
                    agenda: m.agenda.to_string(),
                    attendees: m.attendees.to_string(),
                    minutes_summary: m.minutes.to_string(),
                    version: 1,
                    created_at,
                    updated_at: created_at,
                    created_by: by,
                    updated_by: by,
                    archived_at: None,
                }
                .into_active_model(),
            );
        }
        self.summary.meetings = insert_all(self.txn, rows).await?;
        Ok(())
    }

    /// The written-out support records plus the drawn ones, by date. Returns key → id.
    async fn support_logs(&mut self) -> anyhow::Result<HashMap<&'static str, Uuid>> {
        let mut logs = Vec::new();
        for l in rink::SUPPORT_LOGS {
            logs.push(written_log(l)?);
        }
        logs.extend(self.drawn_logs()?);
        logs.sort_by_key(|l| l.on);

        let mut keys = HashMap::new();
        let mut rows = Vec::new();
        for l in &logs {
            let venture = self.venture(l.venture)?;
            ensure!(
                l.on >= venture.since && venture.left.is_none_or(|left| l.on <= left),
                "support for {} on {} while it is not in the prefecture",
                l.venture,
                l.on
            );
            ensure!(
                l.on <= as_of(),
                "support record on {} is after {}",
                l.on,
                as_of()
            );
            if let Some(f) = l.follow_up {
                ensure!(f >= l.on, "follow-up before the support date ({})", l.on);
            }
            let id = Uuid::now_v7();
            if !l.key.is_empty() {
                ensure!(
                    keys.insert(l.key, id).is_none(),
                    "duplicate log key {}",
                    l.key
                );
            }
            let by = self.user(l.by)?;
            let created_at = jst(l.on, 18, 0);
            let done_at = l.done.map(|(d, _)| jst(d, 17, 0));
            rows.push(
                support_logs::Model {
                    id,
                    venture_id: venture.id,
                    working_group_id: self.wg(l.wg)?,
                    coordinator_id: by,
                    supported_on: l.on,
                    kind: l.kind.to_string(),
                    summary: l.summary.to_string(),
                    outcome: l.outcome.to_string(),
                    follow_up_on: l.follow_up,
                    follow_up_done_at: done_at,
                    follow_up_outcome: l.done.map_or("", |(_, o)| o).to_string(),
                    is_generated: false,
                    version: 1,
                    created_at,
                    updated_at: done_at.map_or(created_at, |d| later(created_at, d)),
                    created_by: Some(by),
                    updated_by: Some(by),
                    archived_at: None,
                }
                .into_active_model(),
            );
        }
        self.summary.support_logs = insert_all(self.txn, rows).await?;
        Ok(keys)
    }

    /// Support records drawn from the templates with a fixed seed, spread over FY2021 to the
    /// demo's "today", each for a venture that was in the prefecture at the time.
    fn drawn_logs(&self) -> anyhow::Result<Vec<Log>> {
        let mut rng = StdRng::seed_from_u64(SUPPORT_SEED);
        let first = FiscalYear(2021).start();
        let last = as_of() - TimeDelta::days(5);
        let span = (last - first).num_days();
        let done_outcomes = [
            "先方から進捗の報告を受領",
            "面談を実施し対応済み",
            "提出書類を確認",
            "紹介先との面談が実現",
        ];
        let mut keys: Vec<&'static str> = ventures::VENTURES.iter().map(|v| v.key).collect();
        keys.sort_unstable();
        let mut out = Vec::new();
        while out.len() < rink::GENERATED_LOGS {
            let on = first + TimeDelta::days(rng.random_range(0..=span));
            let present: Vec<&'static str> = keys
                .iter()
                .copied()
                .filter(|k| {
                    self.ventures
                        .get(k)
                        .is_some_and(|v| v.since <= on && v.left.is_none_or(|left| on <= left))
                })
                .collect();
            if present.is_empty() {
                continue;
            }
            let venture = present[rng.random_range(0..present.len())];
            let (kind, wg, summary, outcome) =
                rink::SUPPORT_TEMPLATES[rng.random_range(0..rink::SUPPORT_TEMPLATES.len())];
            let by = if rng.random_bool(0.5) {
                "coordinator"
            } else {
                "coordinator2"
            };
            let mut follow_up = None;
            let mut done = None;
            if rng.random_bool(0.65) {
                let f = on + TimeDelta::days(rng.random_range(14..=90));
                follow_up = Some(f);
                if f < as_of() - TimeDelta::days(14) && rng.random_bool(0.85) {
                    let d = (f - TimeDelta::days(rng.random_range(0..=7))).max(on);
                    done = Some((d, done_outcomes[rng.random_range(0..done_outcomes.len())]));
                }
            }
            out.push(Log {
                key: "",
                venture,
                wg,
                by,
                on,
                kind,
                summary,
                outcome,
                follow_up,
                done,
            });
        }
        Ok(out)
    }

    async fn fund_supports(&mut self, logs: &HashMap<&'static str, Uuid>) -> anyhow::Result<()> {
        let staff = Some(self.user("staff")?);
        let admin = Some(self.user("admin")?);
        // The private fund of this data set (created unless a fund with its code exists).
        let (code, name_ja, name_en, manager) = rink::PRIVATE_FUND;
        if !self.funds.contains_key(code) {
            let id = Uuid::now_v7();
            let at = jst(day("2020-04-01")?, 10, 0);
            funds::Entity::insert(
                funds::Model {
                    id,
                    code: code.to_string(),
                    kind: "private".to_string(),
                    name_ja: name_ja.to_string(),
                    name_en: name_en.to_string(),
                    manager: manager.to_string(),
                    version: 1,
                    created_at: at,
                    updated_at: at,
                    created_by: admin,
                    updated_by: admin,
                    archived_at: None,
                }
                .into_active_model(),
            )
            .exec_without_returning(self.txn)
            .await?;
            self.funds.insert(code.to_string(), id);
        }

        let mut rows = Vec::new();
        let mut links = Vec::new();
        for f in rink::FUND_SUPPORTS {
            let fund_id = *self
                .funds
                .get(f.fund)
                .ok_or_else(|| anyhow!("unknown fund {}", f.fund))?;
            let venture = self.venture(f.venture)?;
            let on = day(f.on)?;
            ensure!(on <= as_of(), "fund support on {on} is after {}", as_of());
            ensure!(
                (0..=1_000_000_000_000).contains(&f.amount_yen),
                "amount out of range"
            );
            let id = Uuid::now_v7();
            let created_at = later(
                venture.created_at + TimeDelta::minutes(4),
                jst(next_day(on), 10, 0),
            );
            rows.push(
                fund_supports::Model {
                    id,
                    fund_id,
                    venture_id: venture.id,
                    supported_on: on,
                    amount_yen: f.amount_yen,
                    instrument: f.instrument.to_string(),
                    round: f.round.to_string(),
                    note: f.note.to_string(),
                    is_generated: false,
                    version: 1,
                    created_at,
                    updated_at: created_at,
                    created_by: staff,
                    updated_by: staff,
                    archived_at: None,
                }
                .into_active_model(),
            );
            for key in f.logs {
                let log = *logs
                    .get(key)
                    .ok_or_else(|| anyhow!("fund support links unknown support log {key}"))?;
                links.push(
                    fund_support_links::Model {
                        fund_support_id: id,
                        support_log_id: log,
                    }
                    .into_active_model(),
                );
            }
        }
        self.summary.fund_supports = insert_all(self.txn, rows).await?;
        self.summary.fund_support_links = insert_all(self.txn, links).await?;
        Ok(())
    }

    /// The policy's FY2021 baselines must come out of the tables exactly.
    fn check_kpis(&self) -> anyhow::Result<()> {
        let s = &self.summary;
        if s.located_by_fy2021 != 51 {
            bail!(
                "the demo tables give {} ventures located by the end of FY2021, not 51",
                s.located_by_fy2021
            );
        }
        if s.notifications_by_fy2021 != 18 {
            bail!(
                "the demo tables give {} trial notifications by the end of FY2021, not 18",
                s.notifications_by_fy2021
            );
        }
        Ok(())
    }
}

fn written_log(l: &LogDef) -> anyhow::Result<Log> {
    Ok(Log {
        key: l.key,
        venture: l.venture,
        wg: l.wg,
        by: l.by,
        on: day(l.on)?,
        kind: l.kind,
        summary: l.summary,
        outcome: l.outcome,
        follow_up: opt_day(l.follow_up)?,
        done: l.done.map(|(d, o)| day(d).map(|d| (d, o))).transpose()?,
    })
}

/// Turns a program's event table into domain events (fresh UUID v7 ids, in order) and
/// replays them with [`derive_state`]; an event the rules refuse, or one dated after the
/// demo's "today", is an error.
fn replay(
    track: Track,
    defs: &'static [Ev],
) -> anyhow::Result<(Vec<(StageEvent, &'static Ev)>, ProgramState)> {
    let mut events: Vec<(StageEvent, &'static Ev)> = Vec::with_capacity(defs.len());
    for (i, def) in defs.iter().enumerate() {
        let (date, precision) = parse_date(def.on)?;
        let body = match def.what {
            What::Stage(stage) => EventBody::Stage { stage },
            What::Exit(exit_kind) => EventBody::Exit { exit_kind },
            What::Resumed => EventBody::Resumed,
            What::Retract { target, reason } => {
                ensure!(target < i, "event #{i} retracts a later event");
                EventBody::Retraction {
                    retracts_event_id: events[target].0.id,
                    reason: reason.to_string(),
                }
            }
        };
        let event = StageEvent {
            id: Uuid::now_v7(),
            occurred_on: date,
            precision,
            body,
        };
        ensure!(
            event.compare_date() <= as_of(),
            "event #{i} ({}) is after {}",
            def.on,
            as_of()
        );
        events.push((event, def));
    }
    let state = derive_state(track, events.iter().map(|(e, _)| e.clone())).map_err(|e| {
        let index = events.iter().position(|(ev, _)| ev.id == e.event_id);
        anyhow!(
            "event #{} does not replay: {}",
            index.map_or_else(|| "?".to_string(), |i| i.to_string()),
            e.error
        )
    })?;
    Ok((events, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_history_replays() {
        for p in programs::PROGRAMS {
            if let Err(e) = replay(p.track, p.events) {
                panic!("{} ({}): {e:#}", p.name, p.venture);
            }
        }
    }

    #[test]
    fn every_venture_of_a_program_exists() {
        for p in programs::PROGRAMS {
            assert!(
                ventures::VENTURES.iter().any(|v| v.key == p.venture),
                "{}",
                p.venture
            );
        }
    }

    #[test]
    fn kpi_baselines_hold_in_the_tables() {
        let fy21 = FiscalYear(2021).end();
        let located = ventures::VENTURES
            .iter()
            .filter_map(|v| v.located)
            .filter(|d| day(d).unwrap() <= fy21)
            .count();
        assert_eq!(located, 51);
        let notified = programs::PROGRAMS
            .iter()
            .flat_map(|p| p.trials)
            .filter(|t| day(t.on).unwrap() <= fy21)
            .count();
        assert_eq!(notified, 18);
    }

    #[test]
    fn corporate_numbers_are_valid_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for v in ventures::VENTURES {
            if let Some(body) = v.corp {
                let n = corporate_number(body).unwrap();
                assert!(seen.insert(n), "{}", v.key);
            }
        }
    }
}
