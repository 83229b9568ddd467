//! `program_milestones`: First date each stage was reached by a program (derived from
//! `stage_events`, rebuildable). Primary key (program_id, stage).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "program_milestones")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub program_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub stage: String,
    pub reached_on: Date,
    pub event_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::programs::Entity",
        from = "Column::ProgramId",
        to = "super::programs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Programs,
    #[sea_orm(
        belongs_to = "super::stage_events::Entity",
        from = "Column::EventId",
        to = "super::stage_events::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    StageEvents,
}

impl Related<super::programs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Programs.def()
    }
}

impl Related<super::stage_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StageEvents.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
