//! `trial_notifications` (editable): Clinical-trial notifications. `sponsor`: company,
//! investigator; `phase`: phase1, phase1_2, phase2, phase2_3, phase3. `venture_id` is denormalised
//! for the KPI.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "trial_notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub program_id: Uuid,
    pub venture_id: Uuid,
    pub notified_on: Date,
    #[sea_orm(column_type = "Text")]
    pub sponsor: String,
    #[sea_orm(column_type = "Text")]
    pub registry_id: String,
    #[sea_orm(column_type = "Text")]
    pub phase: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
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
    #[sea_orm(
        belongs_to = "super::ventures::Entity",
        from = "Column::VentureId",
        to = "super::ventures::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Ventures,
}

impl Related<super::programs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Programs.def()
    }
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
