//! `use entity::prelude::*;` brings every entity in as `Users`, `Hubs`, ….

pub use super::api_tokens::Entity as ApiTokens;
pub use super::approval_extensions::Entity as ApprovalExtensions;
pub use super::approvals::Entity as Approvals;
pub use super::audit_events::Entity as AuditEvents;
pub use super::data_version::Entity as DataVersion;
pub use super::fund_support_links::Entity as FundSupportLinks;
pub use super::fund_supports::Entity as FundSupports;
pub use super::funds::Entity as Funds;
pub use super::hubs::Entity as Hubs;
pub use super::meetings::Entity as Meetings;
pub use super::program_milestones::Entity as ProgramMilestones;
pub use super::programs::Entity as Programs;
pub use super::sessions::Entity as Sessions;
pub use super::sign_in_attempts::Entity as SignInAttempts;
pub use super::stage_events::Entity as StageEvents;
pub use super::support_logs::Entity as SupportLogs;
pub use super::target_reported_figures::Entity as TargetReportedFigures;
pub use super::targets::Entity as Targets;
pub use super::trial_notifications::Entity as TrialNotifications;
pub use super::users::Entity as Users;
pub use super::venture_hub_tenancies::Entity as VentureHubTenancies;
pub use super::ventures::Entity as Ventures;
pub use super::working_group_members::Entity as WorkingGroupMembers;
pub use super::working_groups::Entity as WorkingGroups;
