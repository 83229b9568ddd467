//! Initial schema: every table of docs/schema.md, with its constraints and indexes, plus the
//! reference rows the application relies on (hubs, working groups, funds, targets).
//!
//! Portable between SQLite and PostgreSQL:
//! - foreign keys, CHECKs and composite UNIQUE/PRIMARY KEY constraints are declared inside
//!   `CREATE TABLE` (SQLite cannot add constraints to an existing table);
//! - CHECK expressions use only standard SQL (double-quoted identifiers, `IN`, `IS NULL`,
//!   `length()`, comparisons), which both databases accept;
//! - seed rows are inserted with bound parameters (`uuid::Uuid`, `chrono::DateTime<Utc>`), so each
//!   driver stores its own encoding (a 16-byte BLOB for UUIDs on SQLite, `uuid` on PostgreSQL) and the
//!   entity layer reads them back on both.
//!
//! Constraint and index names: `fk_<table>_<column>`, `uq_<table>_<columns>`, `pk_<table>` (composite
//! keys) and `idx_<table>_<columns>`; single-column UNIQUEs and CHECKs are left to the database.
//!
//! Choices the spec leaves open: `ventures.current_stage` carries the stage-code CHECK (the "every
//! enumerated text column" convention; NULL passes); the seeded working groups get `sort_order`
//! 1..5 in the order the spec lists them and no `parent_id`; `down` on SQLite first undoes the
//! self-references that would make `DROP TABLE` fail (see `release_self_references`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Timestamp written into `created_at` / `updated_at` of the seeded rows.
const SEEDED_AT: &str = "2026-11-25T00:00:00Z";

/// Tables in creation (dependency) order; `down` drops them in reverse.
const TABLES: &[&str] = &[
    "users",
    "sessions",
    "sign_in_attempts",
    "api_tokens",
    "hubs",
    "ventures",
    "venture_hub_tenancies",
    "programs",
    "stage_events",
    "program_milestones",
    "trial_notifications",
    "approvals",
    "approval_extensions",
    "working_groups",
    "working_group_members",
    "meetings",
    "support_logs",
    "funds",
    "fund_supports",
    "fund_support_links",
    "targets",
    "target_reported_figures",
    "audit_events",
];

const USER_ROLES: &[&str] = &["admin", "staff", "coordinator", "viewer"];
const LOCALES: &[&str] = &["ja", "en"];
const HUB_CODES: &[&str] = &["tonomachi", "shonan", "ksp", "elsewhere"];
const MODALITIES: &[&str] = &[
    "cell_therapy",
    "gene_therapy",
    "tissue_engineered",
    "regenerative_device",
    "drug_discovery",
    "platform",
    "other",
];
const VENTURE_STATUSES: &[&str] = &["active", "acquired", "closed", "relocated_out"];
const TRACKS: &[&str] = &["pmd_act", "safety_act"];
const RISK_CLASSES: &[&str] = &["class1", "class2", "class3"];
const STAGES: &[&str] = &[
    "research",
    "trial_notified",
    "phase1",
    "phase1_2",
    "phase2",
    "phase2_3",
    "phase3",
    "applied",
    "approved_conditional",
    "approved",
    "launched",
    "implemented",
    "plan_submitted",
    "providing",
];
const PROGRAM_STATUSES: &[&str] = &[
    "active",
    "suspended",
    "discontinued",
    "not_granted",
    "expired",
    "withdrawn",
];
const EVENT_KINDS: &[&str] = &["stage", "exit", "resumed", "retraction"];
const EXIT_KINDS: &[&str] = &[
    "suspended",
    "discontinued",
    "not_granted",
    "expired",
    "withdrawn",
];
const DATE_PRECISIONS: &[&str] = &["day", "month", "year"];
const SPONSORS: &[&str] = &["company", "investigator"];
const TRIAL_PHASES: &[&str] = &["phase1", "phase1_2", "phase2", "phase2_3", "phase3"];
const APPROVAL_TYPES: &[&str] = &["full", "conditional"];
const APPROVAL_OUTCOMES: &[&str] = &[
    "in_force",
    "full_approval",
    "not_granted",
    "withdrawn",
    "expired",
];
const WORKING_GROUP_KINDS: &[&str] = &["working_group", "sub_committee"];
const MEMBER_KINDS: &[&str] = &["coordinator", "venture", "organisation"];
const SUPPORT_KINDS: &[&str] = &[
    "consultation",
    "matching",
    "regulatory",
    "evaluation",
    "facility_use",
    "technology_ip",
    "international",
    "training",
];
const FUND_KINDS: &[&str] = &["prefectural", "incubation", "private"];
const INSTRUMENTS: &[&str] = &["equity", "convertible", "loan", "grant", "hands_on"];
const TARGET_METRICS: &[&str] = &["ventures_located", "trial_notifications"];
const COUNTINGS: &[&str] = &["cumulative", "per_year"];
const YEAR_BASES: &[&str] = &["fiscal", "calendar"];
const AUDIT_ACTIONS: &[&str] = &[
    "create", "update", "archive", "restore", "retract", "sign_in", "sign_out", "generate",
    "import", "freeze",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            table.create(manager).await?;
        }
        seed(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        for table in TABLES.iter().rev() {
            if sqlite {
                release_self_references(manager, table).await?;
            }
            manager
                .drop_table(Table::drop().table(Alias::new(*table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// With foreign keys enforced, SQLite runs `DROP TABLE` as an implicit `DELETE FROM`, and an
/// ON DELETE RESTRICT self-reference fails that delete as soon as a referenced row goes before
/// the row pointing at it. Undo the self-references first (SQLite only; PostgreSQL drops tables
/// without deleting rows).
async fn release_self_references(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match table {
        // Nullable and free of CHECKs: clear them (this also breaks cycles such as two admins
        // who updated each other).
        "users" => {
            db.execute_unprepared(
                "UPDATE \"users\" SET \"created_by\" = NULL, \"updated_by\" = NULL",
            )
            .await?;
        }
        "working_groups" => {
            db.execute_unprepared("UPDATE \"working_groups\" SET \"parent_id\" = NULL")
                .await?;
        }
        // A retraction must keep `retracts_event_id`: delete the events that nothing retracts,
        // until none are left (append-only rows cannot form a cycle; a row pointing at itself
        // is deletable).
        "stage_events" => loop {
            let deleted = db
                .execute_unprepared(
                    "DELETE FROM \"stage_events\" WHERE \"id\" NOT IN \
                     (SELECT \"retracts_event_id\" FROM \"stage_events\" \
                     WHERE \"retracts_event_id\" IS NOT NULL AND \"retracts_event_id\" <> \"id\")",
                )
                .await?
                .rows_affected();
            if deleted == 0 {
                break;
            }
        },
        _ => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Table definitions
// ---------------------------------------------------------------------------------------------

fn tables() -> Vec<NewTable> {
    let restrict = ForeignKeyAction::Restrict;
    let cascade = ForeignKeyAction::Cascade;
    vec![
        // ## Accounts
        NewTable::with_uuid_id("users")
            .col(text("email").unique_key())
            .col(text("display_name"))
            .col(text("role"))
            .one_of("role", USER_ROLES)
            .col(text_null("password_hash"))
            .col(text_default("locale", "ja"))
            .one_of("locale", LOCALES)
            .col(ts_null("disabled_at"))
            .col(ts_null("last_sign_in_at"))
            .editable(),
        NewTable::new("sessions")
            .col(text("id").primary_key())
            .col(uuid_null("user_id"))
            .fk("user_id", "users", cascade)
            .col(ColumnDef::new(Alias::new("data")).binary().not_null())
            .col(ts("expires_at"))
            .col(ts("created_at"))
            .index(&["expires_at"])
            .index(&["user_id"]),
        NewTable::with_uuid_id("sign_in_attempts")
            .col(text("email"))
            .col(uuid_null("user_id"))
            .fk("user_id", "users", cascade)
            .col(text_null("ip"))
            .col(boolean("succeeded"))
            .col(ts("attempted_at"))
            .index(&["email", "attempted_at"])
            .index(&["ip", "attempted_at"]),
        NewTable::with_uuid_id("api_tokens")
            .col(uuid("user_id"))
            .fk("user_id", "users", cascade)
            .col(text("name"))
            .col(text("token_prefix"))
            .col(text("token_hash").unique_key())
            .col(ts("created_at"))
            .col(ts_null("last_used_at"))
            .col(ts_null("expires_at"))
            .col(ts_null("revoked_at"))
            .index(&["user_id"]),
        // ## Places and ventures
        NewTable::with_uuid_id("hubs")
            .col(text("code").unique_key())
            .one_of("code", HUB_CODES)
            .col(text("name_ja"))
            .col(text("name_en"))
            .col(text("city_ja"))
            .col(text("city_en"))
            .col(text_default("description_ja", ""))
            .col(text_default("description_en", ""))
            .col(int("sort_order"))
            .editable(),
        NewTable::with_uuid_id("ventures")
            .col(text_null("corporate_number").unique_key())
            .check("length(\"corporate_number\") = 13")
            .col(text("name_ja"))
            .col(text_default("name_en", ""))
            .col(text_default("name_kana", ""))
            .col(text("name_key"))
            .col(text("search_text"))
            .col(date_null("founded_on"))
            .col(date_null("located_on"))
            .col(text_default("origin_institution", ""))
            .col(text("modality"))
            .one_of("modality", MODALITIES)
            .col(text_default("status", "active"))
            .one_of("status", VENTURE_STATUSES)
            .col(text_default("website", ""))
            .col(text_default("summary", ""))
            .col(uuid("current_hub_id"))
            .fk("current_hub_id", "hubs", restrict)
            .col(text_null("current_stage"))
            .one_of("current_stage", STAGES)
            .col(int_null("current_stage_rank"))
            .col(boolean_default("is_generated", false))
            .editable()
            .index(&["name_key"])
            .index(&["current_hub_id", "current_stage_rank"])
            .index(&["located_on"])
            .index(&["name_kana"])
            .index(&["archived_at"]),
        NewTable::with_uuid_id("venture_hub_tenancies")
            .col(uuid("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(uuid("hub_id"))
            .fk("hub_id", "hubs", restrict)
            .col(date("started_on"))
            .col(date_null("ended_on"))
            .check("\"ended_on\" IS NULL OR \"ended_on\" >= \"started_on\"")
            .col(text_default("note", ""))
            .col(ts("created_at"))
            .col(uuid_null("created_by"))
            .fk("created_by", "users", restrict)
            .index(&["venture_id", "started_on"])
            .index(&["hub_id", "started_on"]),
        // ## Programs and the journey
        NewTable::with_uuid_id("programs")
            .col(uuid("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(text("name"))
            .col(text("modality"))
            .one_of("modality", MODALITIES)
            .col(text_default("indication", ""))
            .col(text("track"))
            .one_of("track", TRACKS)
            .col(text_null("risk_class"))
            .one_of("risk_class", RISK_CLASSES)
            .col(text_default("current_stage", "research"))
            .one_of("current_stage", STAGES)
            .col(int_default("current_stage_rank", 0))
            .col(date_null("stage_reached_on"))
            .col(text_default("status", "active"))
            .one_of("status", PROGRAM_STATUSES)
            .col(date_null("last_event_on"))
            .editable()
            .unique(&["venture_id", "name"])
            .index(&["venture_id"])
            .index(&["current_stage_rank", "status"]),
        NewTable::with_uuid_id("stage_events")
            .col(uuid("program_id"))
            .fk("program_id", "programs", restrict)
            .col(text("kind"))
            .one_of("kind", EVENT_KINDS)
            .col(text_null("stage"))
            .one_of("stage", STAGES)
            .col(text_null("exit_kind"))
            .one_of("exit_kind", EXIT_KINDS)
            .col(date("occurred_on"))
            .col(text_default("date_precision", "day"))
            .one_of("date_precision", DATE_PRECISIONS)
            .col(text_default("source_url", ""))
            .col(text_default("note", ""))
            .col(uuid_null("retracts_event_id").unique_key())
            .fk("retracts_event_id", "stage_events", restrict)
            .col(text_null("reason"))
            .col(uuid_null("recorded_by"))
            .fk("recorded_by", "users", restrict)
            .col(ts("recorded_at"))
            .col(boolean_default("is_generated", false))
            .check("(\"kind\" = 'stage') = (\"stage\" IS NOT NULL)")
            .check("(\"kind\" = 'exit') = (\"exit_kind\" IS NOT NULL)")
            .check("(\"kind\" = 'retraction') = (\"retracts_event_id\" IS NOT NULL)")
            .check("\"kind\" <> 'retraction' OR \"reason\" IS NOT NULL")
            .index(&["program_id", "occurred_on"])
            .index(&["occurred_on"]),
        NewTable::new("program_milestones")
            .col(uuid("program_id"))
            .fk("program_id", "programs", cascade)
            .col(text("stage"))
            .one_of("stage", STAGES)
            .col(date("reached_on"))
            .col(uuid("event_id"))
            .fk("event_id", "stage_events", restrict)
            .primary_key(&["program_id", "stage"])
            .index(&["stage", "reached_on"]),
        NewTable::with_uuid_id("trial_notifications")
            .col(uuid("program_id"))
            .fk("program_id", "programs", restrict)
            .col(uuid("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(date("notified_on"))
            .col(text("sponsor"))
            .one_of("sponsor", SPONSORS)
            .col(text_default("registry_id", ""))
            .col(text("phase"))
            .one_of("phase", TRIAL_PHASES)
            .col(text_default("title", ""))
            .col(text_default("note", ""))
            .editable()
            .index(&["notified_on"])
            .index(&["venture_id"])
            .index(&["program_id"]),
        NewTable::with_uuid_id("approvals")
            .col(uuid("program_id"))
            .fk("program_id", "programs", restrict)
            .col(text("approval_type"))
            .one_of("approval_type", APPROVAL_TYPES)
            .col(text_default("brand_name", ""))
            .col(date_null("applied_on"))
            .col(date("approved_on"))
            .col(date_null("term_expires_on"))
            .check("(\"approval_type\" = 'conditional') = (\"term_expires_on\" IS NOT NULL)")
            .col(date_null("expires_on"))
            .col(date_null("reapplied_on"))
            .col(text_default("outcome", "in_force"))
            .one_of("outcome", APPROVAL_OUTCOMES)
            .col(date_null("outcome_on"))
            .col(boolean_default("shipment_restricted", false))
            .col(text_default("shipment_restriction_note", ""))
            .col(boolean_default("sakigake", false))
            .col(boolean_default("orphan", false))
            .col(text_default("note", ""))
            .editable()
            .index(&["program_id"])
            .index(&["expires_on"]),
        NewTable::with_uuid_id("approval_extensions")
            .col(uuid("approval_id"))
            .fk("approval_id", "approvals", restrict)
            .col(date("extended_on"))
            .col(date("new_expires_on"))
            .col(text_default("note", ""))
            .col(ts("created_at"))
            .col(uuid_null("created_by"))
            .fk("created_by", "users", restrict)
            .index(&["approval_id"]),
        // ## RINK support and money
        NewTable::with_uuid_id("working_groups")
            .col(text("code").unique_key())
            .col(text("kind"))
            .one_of("kind", WORKING_GROUP_KINDS)
            .col(uuid_null("parent_id"))
            .fk("parent_id", "working_groups", restrict)
            .col(text("name_ja"))
            .col(text("name_en"))
            .col(text_default("description", ""))
            .col(date_null("closed_on"))
            .col(int_default("sort_order", 0))
            .editable(),
        NewTable::with_uuid_id("working_group_members")
            .col(uuid("working_group_id"))
            .fk("working_group_id", "working_groups", restrict)
            .col(text("member_kind"))
            .one_of("member_kind", MEMBER_KINDS)
            .col(uuid_null("user_id"))
            .fk("user_id", "users", restrict)
            .col(uuid_null("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(text_null("organisation_name"))
            .col(text_default("role", ""))
            .col(date_null("joined_on"))
            .col(date_null("left_on"))
            .check("(\"member_kind\" = 'coordinator') = (\"user_id\" IS NOT NULL)")
            .check("(\"member_kind\" = 'venture') = (\"venture_id\" IS NOT NULL)")
            .check("(\"member_kind\" = 'organisation') = (\"organisation_name\" IS NOT NULL)")
            .editable()
            .index(&["working_group_id"]),
        NewTable::with_uuid_id("meetings")
            .col(uuid("working_group_id"))
            .fk("working_group_id", "working_groups", restrict)
            .col(date("held_on"))
            .col(text("title"))
            .col(text_default("agenda", ""))
            .col(text_default("attendees", ""))
            .col(text_default("minutes_summary", ""))
            .editable()
            .index(&["working_group_id", "held_on"]),
        NewTable::with_uuid_id("support_logs")
            .col(uuid("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(uuid_null("working_group_id"))
            .fk("working_group_id", "working_groups", restrict)
            .col(uuid("coordinator_id"))
            .fk("coordinator_id", "users", restrict)
            .col(date("supported_on"))
            .col(text("kind"))
            .one_of("kind", SUPPORT_KINDS)
            .col(text("summary"))
            .col(text_default("outcome", ""))
            .col(date_null("follow_up_on"))
            .check("\"follow_up_on\" IS NULL OR \"follow_up_on\" >= \"supported_on\"")
            .col(ts_null("follow_up_done_at"))
            .col(text_default("follow_up_outcome", ""))
            .col(boolean_default("is_generated", false))
            .editable()
            .index(&["venture_id", "supported_on"])
            .index(&["working_group_id", "supported_on"])
            .index(&["coordinator_id", "follow_up_on"])
            .index(&["supported_on"]),
        NewTable::with_uuid_id("funds")
            .col(text("code").unique_key())
            .col(text("kind"))
            .one_of("kind", FUND_KINDS)
            .col(text("name_ja"))
            .col(text("name_en"))
            .col(text_default("manager", ""))
            .editable(),
        NewTable::with_uuid_id("fund_supports")
            .col(uuid("fund_id"))
            .fk("fund_id", "funds", restrict)
            .col(uuid("venture_id"))
            .fk("venture_id", "ventures", restrict)
            .col(date("supported_on"))
            .col(
                ColumnDef::new(Alias::new("amount_yen"))
                    .big_integer()
                    .not_null(),
            )
            .check("\"amount_yen\" >= 0 AND \"amount_yen\" <= 1000000000000")
            .col(text("instrument"))
            .one_of("instrument", INSTRUMENTS)
            .col(text_default("round", ""))
            .col(text_default("note", ""))
            .col(boolean_default("is_generated", false))
            .editable()
            .index(&["venture_id", "supported_on"])
            .index(&["fund_id", "supported_on"])
            .index(&["supported_on"]),
        NewTable::new("fund_support_links")
            .col(uuid("fund_support_id"))
            .fk("fund_support_id", "fund_supports", cascade)
            .col(uuid("support_log_id"))
            .fk("support_log_id", "support_logs", cascade)
            .primary_key(&["fund_support_id", "support_log_id"]),
        // ## Targets and audit
        NewTable::with_uuid_id("targets")
            .col(text("metric"))
            .one_of("metric", TARGET_METRICS)
            .col(text("name_ja"))
            .col(text("name_en"))
            .col(text("counting"))
            .one_of("counting", COUNTINGS)
            .col(text("year_basis"))
            .one_of("year_basis", YEAR_BASES)
            .col(int("baseline_year"))
            .col(int("baseline_value"))
            .col(int("target_year"))
            .check("\"target_year\" > \"baseline_year\"")
            .col(int("target_value"))
            .col(text_default("note", ""))
            .editable()
            .unique(&["metric", "target_year"]),
        NewTable::with_uuid_id("target_reported_figures")
            .col(uuid("target_id"))
            .fk("target_id", "targets", restrict)
            .col(int("year"))
            .col(int("value"))
            .col(text_default("note", ""))
            .col(uuid_null("frozen_by"))
            .fk("frozen_by", "users", restrict)
            .col(ts("frozen_at"))
            .unique(&["target_id", "year"]),
        NewTable::with_uuid_id("audit_events")
            .col(ts("occurred_at"))
            .col(uuid_null("actor_id"))
            .fk("actor_id", "users", restrict)
            .col(text("entity"))
            .col(text("entity_id"))
            .col(text("action"))
            .one_of("action", AUDIT_ACTIONS)
            .col(ColumnDef::new(Alias::new("changes")).json().not_null())
            .col(text_default("note", ""))
            .index(&["entity", "entity_id"])
            .index(&["actor_id", "occurred_at"])
            .index(&["occurred_at"]),
    ]
}

// ---------------------------------------------------------------------------------------------
// Seed rows
// ---------------------------------------------------------------------------------------------

async fn seed(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let at: DateTimeUtc = SEEDED_AT
        .parse()
        .map_err(|e| DbErr::Custom(format!("bad SEEDED_AT: {e}")))?;

    // (id, code, name_ja, name_en, city_ja, city_en, sort_order)
    let hubs: [(u128, &str, &str, &str, &str, &str, i32); 4] = [
        (
            0x0193a000_0000_7000_8000_000000000001,
            "tonomachi",
            "殿町",
            "Tonomachi",
            "川崎市",
            "Kawasaki",
            1,
        ),
        (
            0x0193a000_0000_7000_8000_000000000002,
            "shonan",
            "湘南",
            "Shonan",
            "藤沢市・鎌倉市",
            "Fujisawa and Kamakura",
            2,
        ),
        (
            0x0193a000_0000_7000_8000_000000000003,
            "ksp",
            "KSP（かながわサイエンスパーク）",
            "KSP (Kanagawa Science Park)",
            "川崎市",
            "Kawasaki",
            3,
        ),
        (
            0x0193a000_0000_7000_8000_000000000004,
            "elsewhere",
            "県内その他",
            "Elsewhere in the prefecture",
            "神奈川県",
            "Kanagawa",
            4,
        ),
    ];
    insert(
        manager,
        "hubs",
        &[
            "id",
            "code",
            "name_ja",
            "name_en",
            "city_ja",
            "city_en",
            "sort_order",
        ],
        at,
        hubs.iter()
            .map(
                |&(id, code, name_ja, name_en, city_ja, city_en, sort_order)| {
                    vec![
                        Uuid::from_u128(id).into(),
                        code.into(),
                        name_ja.into(),
                        name_en.into(),
                        city_ja.into(),
                        city_en.into(),
                        sort_order.into(),
                    ]
                },
            )
            .collect(),
    )
    .await?;

    // (id, code, kind, name_ja, name_en, sort_order)
    let working_groups: [(u128, &str, &str, &str, &str, i32); 5] = [
        (
            0x0193a000_0000_7000_8000_000000000101,
            "free_treatment",
            "working_group",
            "自由診療WG",
            "Free-treatment WG",
            1,
        ),
        (
            0x0193a000_0000_7000_8000_000000000102,
            "evaluation_wg",
            "working_group",
            "評価WG",
            "Evaluation WG",
            2,
        ),
        (
            0x0193a000_0000_7000_8000_000000000103,
            "manufacturing",
            "sub_committee",
            "製造分科会",
            "Manufacturing sub-committee",
            3,
        ),
        (
            0x0193a000_0000_7000_8000_000000000104,
            "transport",
            "sub_committee",
            "輸送分科会",
            "Transport sub-committee",
            4,
        ),
        (
            0x0193a000_0000_7000_8000_000000000105,
            "evaluation_sc",
            "sub_committee",
            "評価分科会",
            "Evaluation sub-committee",
            5,
        ),
    ];
    insert(
        manager,
        "working_groups",
        &["id", "code", "kind", "name_ja", "name_en", "sort_order"],
        at,
        working_groups
            .iter()
            .map(|&(id, code, kind, name_ja, name_en, sort_order)| {
                vec![
                    Uuid::from_u128(id).into(),
                    code.into(),
                    kind.into(),
                    name_ja.into(),
                    name_en.into(),
                    sort_order.into(),
                ]
            })
            .collect(),
    )
    .await?;

    // (id, code, kind, name_ja, name_en)
    let funds: [(u128, &str, &str, &str, &str); 2] = [
        (
            0x0193a000_0000_7000_8000_000000000201,
            "healthcare_fund",
            "prefectural",
            "かながわヘルスケア・ニューフロンティアファンド",
            "Kanagawa Healthcare New Frontier Fund",
        ),
        (
            0x0193a000_0000_7000_8000_000000000202,
            "ksp_fund",
            "incubation",
            "KSPファンド（インキュベーション・キャピタル）",
            "KSP incubation-capital fund",
        ),
    ];
    insert(
        manager,
        "funds",
        &["id", "code", "kind", "name_ja", "name_en"],
        at,
        funds
            .iter()
            .map(|&(id, code, kind, name_ja, name_en)| {
                vec![
                    Uuid::from_u128(id).into(),
                    code.into(),
                    kind.into(),
                    name_ja.into(),
                    name_en.into(),
                ]
            })
            .collect(),
    )
    .await?;

    // (id, metric, name_ja, name_en, counting, year_basis,
    //  baseline_year, baseline_value, target_year, target_value)
    type TargetRow<'a> = (
        u128,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        i32,
        i32,
        i32,
        i32,
    );
    let targets: [TargetRow; 2] = [
        (
            0x0193a000_0000_7000_8000_000000000301,
            "ventures_located",
            "県内に新たに立地した最先端医療関連ベンチャー企業数",
            "New cutting-edge-medicine ventures located in the prefecture",
            "cumulative",
            "fiscal",
            2021,
            51,
            2025,
            75,
        ),
        (
            0x0193a000_0000_7000_8000_000000000302,
            "trial_notifications",
            "最先端医療関連の治験届出件数",
            "Clinical-trial notifications for cutting-edge medicine",
            "cumulative",
            "fiscal",
            2021,
            18,
            2025,
            22,
        ),
    ];
    insert(
        manager,
        "targets",
        &[
            "id",
            "metric",
            "name_ja",
            "name_en",
            "counting",
            "year_basis",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ],
        at,
        targets
            .iter()
            .map(|t| {
                vec![
                    Uuid::from_u128(t.0).into(),
                    t.1.into(),
                    t.2.into(),
                    t.3.into(),
                    t.4.into(),
                    t.5.into(),
                    t.6.into(),
                    t.7.into(),
                    t.8.into(),
                    t.9.into(),
                ]
            })
            .collect(),
    )
    .await
}

/// Inserts seed rows into an editable table; `version`, `created_at` and `updated_at` are appended
/// to the given columns (version 1, both timestamps `at`). Values are bound as parameters.
async fn insert(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
    at: DateTimeUtc,
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<(), DbErr> {
    let mut stmt = Query::insert();
    stmt.into_table(Alias::new(table)).columns(
        columns
            .iter()
            .chain(&["version", "created_at", "updated_at"])
            .map(|c| Alias::new(*c)),
    );
    for mut row in rows {
        row.extend([1i32.into(), at.into(), at.into()]);
        stmt.values(row)
            .map_err(|e| DbErr::Custom(format!("seed row for {table}: {e}")))?;
    }
    manager.exec_stmt(stmt).await
}

// ---------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------

/// A table under construction: its `CREATE TABLE` plus the plain indexes created after it.
struct NewTable {
    name: &'static str,
    create: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

impl NewTable {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            create: Table::create().table(Alias::new(name)).to_owned(),
            indexes: Vec::new(),
        }
    }

    /// A table whose primary key is `id uuid` (generated by the application).
    fn with_uuid_id(name: &'static str) -> Self {
        Self::new(name).col(uuid("id").primary_key())
    }

    fn col(mut self, def: impl IntoColumnDef) -> Self {
        self.create.col(def);
        self
    }

    /// `FOREIGN KEY (column) REFERENCES parent (id) ON DELETE on_delete`.
    fn fk(mut self, column: &str, parent: &str, on_delete: ForeignKeyAction) -> Self {
        self.create.foreign_key(
            ForeignKey::create()
                .name(format!("fk_{}_{column}", self.name))
                .from(Alias::new(self.name), Alias::new(column))
                .to(Alias::new(parent), Alias::new("id"))
                .on_delete(on_delete),
        );
        self
    }

    fn check(mut self, sql: &str) -> Self {
        self.create.check(Expr::cust(sql.to_owned()));
        self
    }

    /// `CHECK (column IN (...))`; a NULL passes, as in any CHECK.
    fn one_of(self, column: &str, codes: &[&str]) -> Self {
        let list = codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        self.check(&format!("\"{column}\" IN ({list})"))
    }

    /// The columns and foreign keys shared by every "editable" table.
    fn editable(self) -> Self {
        self.col(int_default("version", 1))
            .col(ts("created_at"))
            .col(ts("updated_at"))
            .col(uuid_null("created_by"))
            .fk("created_by", "users", ForeignKeyAction::Restrict)
            .col(uuid_null("updated_by"))
            .fk("updated_by", "users", ForeignKeyAction::Restrict)
            .col(ts_null("archived_at"))
    }

    fn primary_key(mut self, columns: &[&str]) -> Self {
        let mut index = Index::create();
        index.name(format!("pk_{}", self.name));
        for c in columns {
            index.col(Alias::new(*c));
        }
        self.create.primary_key(&mut index);
        self
    }

    /// A named UNIQUE constraint over several columns, declared inside `CREATE TABLE`.
    fn unique(mut self, columns: &[&str]) -> Self {
        let mut index = Index::create();
        index
            .name(format!("uq_{}_{}", self.name, columns.join("_")))
            .unique();
        for c in columns {
            index.col(Alias::new(*c));
        }
        self.create.index(&mut index);
        self
    }

    /// A plain index `idx_<table>_<columns>`, created after the table.
    fn index(mut self, columns: &[&str]) -> Self {
        let mut index = Index::create();
        index
            .name(format!("idx_{}_{}", self.name, columns.join("_")))
            .table(Alias::new(self.name));
        for c in columns {
            index.col(Alias::new(*c));
        }
        self.indexes.push(index);
        self
    }

    async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager.create_table(self.create).await?;
        for index in self.indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

fn column(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

fn text(name: &str) -> ColumnDef {
    column(name).text().not_null().to_owned()
}

fn text_null(name: &str) -> ColumnDef {
    column(name).text().null().to_owned()
}

fn text_default(name: &str, default: &str) -> ColumnDef {
    column(name).text().not_null().default(default).to_owned()
}

fn uuid(name: &str) -> ColumnDef {
    column(name).uuid().not_null().to_owned()
}

fn uuid_null(name: &str) -> ColumnDef {
    column(name).uuid().null().to_owned()
}

fn ts(name: &str) -> ColumnDef {
    column(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(name: &str) -> ColumnDef {
    column(name).timestamp_with_time_zone().null().to_owned()
}

fn date(name: &str) -> ColumnDef {
    column(name).date().not_null().to_owned()
}

fn date_null(name: &str) -> ColumnDef {
    column(name).date().null().to_owned()
}

fn int(name: &str) -> ColumnDef {
    column(name).integer().not_null().to_owned()
}

fn int_null(name: &str) -> ColumnDef {
    column(name).integer().null().to_owned()
}

fn int_default(name: &str, default: i32) -> ColumnDef {
    column(name)
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

fn boolean(name: &str) -> ColumnDef {
    column(name).boolean().not_null().to_owned()
}

fn boolean_default(name: &str, default: bool) -> ColumnDef {
    column(name)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}
