//! `working_group_members` (editable): Members of a working group. `member_kind`: coordinator
//! (user_id), venture (venture_id), organisation (organisation_name).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "working_group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub working_group_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub member_kind: String,
    pub user_id: Option<Uuid>,
    pub venture_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub organisation_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub role: String,
    pub joined_on: Option<Date>,
    pub left_on: Option<Date>,
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
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Users,
    #[sea_orm(
        belongs_to = "super::ventures::Entity",
        from = "Column::VentureId",
        to = "super::ventures::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Ventures,
}

impl Related<super::working_groups::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroups.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
