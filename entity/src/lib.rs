//! sea-orm entities for the tables of docs/schema.md (migration `m20261125_000001_initial`).
//!
//! Enumerated text columns are plain `String`s here; the domain layer maps them to enums.
//! Only the foreign keys that matter for queries have relations: the `created_by` / `updated_by`
//! audit columns of editable tables are left without one. A `belongs_to` relation is named after
//! the parent table (`ventures::Relation::Hubs`, `support_logs::Relation::Users` for
//! `coordinator_id`), except the self-references `working_groups::Relation::Parent` and
//! `stage_events::Relation::RetractsEvent`. `fund_supports` and `support_logs` are `Related` to
//! each other through `fund_support_links`.

pub mod prelude;

pub mod api_tokens;
pub mod approval_extensions;
pub mod approvals;
pub mod audit_events;
pub mod data_version;
pub mod fund_support_links;
pub mod fund_supports;
pub mod funds;
pub mod hubs;
pub mod meetings;
pub mod program_milestones;
pub mod programs;
pub mod sessions;
pub mod sign_in_attempts;
pub mod stage_events;
pub mod support_logs;
pub mod target_reported_figures;
pub mod targets;
pub mod trial_notifications;
pub mod users;
pub mod venture_hub_tenancies;
pub mod ventures;
pub mod working_group_members;
pub mod working_groups;
