//! `fund_support_links`: Links a fund support to the support logs about it. Primary key
//! (fund_support_id, support_log_id).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "fund_support_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub fund_support_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub support_log_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::fund_supports::Entity",
        from = "Column::FundSupportId",
        to = "super::fund_supports::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    FundSupports,
    #[sea_orm(
        belongs_to = "super::support_logs::Entity",
        from = "Column::SupportLogId",
        to = "super::support_logs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    SupportLogs,
}

impl Related<super::fund_supports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FundSupports.def()
    }
}

impl Related<super::support_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SupportLogs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
