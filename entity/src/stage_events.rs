//! `stage_events`: Append-only journey events of a program. `kind`: stage, exit, resumed,
//! retraction; `exit_kind`: suspended, discontinued, not_granted, expired, withdrawn;
//! `date_precision`: day, month, year.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "stage_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub program_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub stage: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub exit_kind: Option<String>,
    pub occurred_on: Date,
    #[sea_orm(column_type = "Text")]
    pub date_precision: String,
    #[sea_orm(column_type = "Text")]
    pub source_url: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    #[sea_orm(unique)]
    pub retracts_event_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
    pub is_generated: bool,
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
        belongs_to = "Entity",
        from = "Column::RetractsEventId",
        to = "Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    RetractsEvent,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::RecordedBy",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Users,
    #[sea_orm(has_many = "super::program_milestones::Entity")]
    ProgramMilestones,
}

impl Related<super::programs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Programs.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::program_milestones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProgramMilestones.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
