//! `meetings` (editable): Working-group meetings.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub working_group_id: Uuid,
    pub held_on: Date,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub agenda: String,
    #[sea_orm(column_type = "Text")]
    pub attendees: String,
    #[sea_orm(column_type = "Text")]
    pub minutes_summary: String,
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
        belongs_to = "super::working_groups::Entity",
        from = "Column::WorkingGroupId",
        to = "super::working_groups::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    WorkingGroups,
}

impl Related<super::working_groups::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroups.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
