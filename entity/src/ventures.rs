//! `ventures` (editable): Ventures. `modality`: cell_therapy, gene_therapy, tissue_engineered,
//! regenerative_device, drug_discovery, platform, other; `status`: active, acquired, closed,
//! relocated_out. `current_hub_id`, `current_stage`, `current_stage_rank` are denormalised.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "ventures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique, column_type = "Text", nullable)]
    pub corporate_number: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub name_ja: String,
    #[sea_orm(column_type = "Text")]
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub name_kana: String,
    #[sea_orm(column_type = "Text")]
    pub name_key: String,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub founded_on: Option<Date>,
    pub located_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub origin_institution: String,
    #[sea_orm(column_type = "Text")]
    pub modality: String,
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub website: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub current_hub_id: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub current_stage: Option<String>,
    pub current_stage_rank: Option<i32>,
    pub is_generated: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::hubs::Entity",
        from = "Column::CurrentHubId",
        to = "super::hubs::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Hubs,
    #[sea_orm(has_many = "super::venture_hub_tenancies::Entity")]
    VentureHubTenancies,
    #[sea_orm(has_many = "super::programs::Entity")]
    Programs,
    #[sea_orm(has_many = "super::trial_notifications::Entity")]
    TrialNotifications,
    #[sea_orm(has_many = "super::working_group_members::Entity")]
    WorkingGroupMembers,
    #[sea_orm(has_many = "super::support_logs::Entity")]
    SupportLogs,
    #[sea_orm(has_many = "super::fund_supports::Entity")]
    FundSupports,
}

impl Related<super::hubs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Hubs.def()
    }
}

impl Related<super::venture_hub_tenancies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VentureHubTenancies.def()
    }
}

impl Related<super::programs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Programs.def()
    }
}

impl Related<super::trial_notifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TrialNotifications.def()
    }
}

impl Related<super::working_group_members::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroupMembers.def()
    }
}

impl Related<super::support_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SupportLogs.def()
    }
}

impl Related<super::fund_supports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FundSupports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
