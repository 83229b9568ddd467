//! `venture_hub_tenancies`: Which hub a venture is located at, over time (`ended_on` NULL = open
//! tenancy).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "venture_hub_tenancies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub venture_id: Uuid,
    pub hub_id: Uuid,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
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
        belongs_to = "super::hubs::Entity",
        from = "Column::HubId",
        to = "super::hubs::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Hubs,
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl Related<super::hubs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Hubs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
