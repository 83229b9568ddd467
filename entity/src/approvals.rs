//! `approvals` (editable): Marketing approvals. `approval_type`: full, conditional; `outcome`:
//! in_force, full_approval, not_granted, withdrawn, expired.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "approvals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub program_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub approval_type: String,
    #[sea_orm(column_type = "Text")]
    pub brand_name: String,
    pub applied_on: Option<Date>,
    pub approved_on: Date,
    pub term_expires_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub reapplied_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub outcome_on: Option<Date>,
    pub shipment_restricted: bool,
    #[sea_orm(column_type = "Text")]
    pub shipment_restriction_note: String,
    pub sakigake: bool,
    pub orphan: bool,
    #[sea_orm(column_type = "Text")]
    pub note: String,
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
        belongs_to = "super::programs::Entity",
        from = "Column::ProgramId",
        to = "super::programs::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Programs,
    #[sea_orm(has_many = "super::approval_extensions::Entity")]
    ApprovalExtensions,
}

impl Related<super::programs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Programs.def()
    }
}

impl Related<super::approval_extensions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApprovalExtensions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
