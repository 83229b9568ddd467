//! `fund_supports` (editable): Money from a fund to a venture (yen). `instrument`: equity,
//! convertible, loan, grant, hands_on.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "fund_supports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub fund_id: Uuid,
    pub venture_id: Uuid,
    pub supported_on: Date,
    pub amount_yen: i64,
    #[sea_orm(column_type = "Text")]
    pub instrument: String,
    #[sea_orm(column_type = "Text")]
    pub round: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
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
        belongs_to = "super::funds::Entity",
        from = "Column::FundId",
        to = "super::funds::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Funds,
    #[sea_orm(
        belongs_to = "super::ventures::Entity",
        from = "Column::VentureId",
        to = "super::ventures::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Ventures,
    #[sea_orm(has_many = "super::fund_support_links::Entity")]
    FundSupportLinks,
}

impl Related<super::funds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Funds.def()
    }
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl Related<super::fund_support_links::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FundSupportLinks.def()
    }
}

impl Related<super::support_logs::Entity> for Entity {
    fn to() -> RelationDef {
        super::fund_support_links::Relation::SupportLogs.def()
    }

    fn via() -> Option<RelationDef> {
        Some(
            super::fund_support_links::Relation::FundSupports
                .def()
                .rev(),
        )
    }
}

impl ActiveModelBehavior for ActiveModel {}
