//! `support_logs` (editable): Support given to a venture by a coordinator. `kind`: consultation,
//! matching, regulatory, evaluation, facility_use, technology_ip, international, training.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "support_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub venture_id: Uuid,
    pub working_group_id: Option<Uuid>,
    pub coordinator_id: Uuid,
    pub supported_on: Date,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub follow_up_on: Option<Date>,
    pub follow_up_done_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub follow_up_outcome: String,
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
        belongs_to = "super::ventures::Entity",
        from = "Column::VentureId",
        to = "super::ventures::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Ventures,
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
        from = "Column::CoordinatorId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Users,
    #[sea_orm(has_many = "super::fund_support_links::Entity")]
    FundSupportLinks,
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
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

impl Related<super::fund_support_links::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FundSupportLinks.def()
    }
}

impl Related<super::fund_supports::Entity> for Entity {
    fn to() -> RelationDef {
        super::fund_support_links::Relation::FundSupports.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::fund_support_links::Relation::SupportLogs.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
