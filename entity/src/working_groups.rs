//! `working_groups` (editable): RINK working groups and sub-committees (seeded by the migration).
//! `kind`: working_group, sub_committee.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "working_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique, column_type = "Text")]
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub parent_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub name_ja: String,
    #[sea_orm(column_type = "Text")]
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub closed_on: Option<Date>,
    pub sort_order: i32,
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
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Parent,
    #[sea_orm(has_many = "super::working_group_members::Entity")]
    WorkingGroupMembers,
    #[sea_orm(has_many = "super::meetings::Entity")]
    Meetings,
    #[sea_orm(has_many = "super::support_logs::Entity")]
    SupportLogs,
}

impl Related<super::working_group_members::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroupMembers.def()
    }
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::support_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SupportLogs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
