//! `target_reported_figures`: Figures reported against a target for a year, frozen once reported.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "target_reported_figures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub target_id: Uuid,
    pub year: i32,
    pub value: i32,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub frozen_by: Option<Uuid>,
    pub frozen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::targets::Entity",
        from = "Column::TargetId",
        to = "super::targets::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Targets,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::FrozenBy",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Users,
}

impl Related<super::targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Targets.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
