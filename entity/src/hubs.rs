//! `hubs` (editable): Hubs (seeded by the migration). `code`: tonomachi, shonan, ksp, elsewhere.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "hubs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique, column_type = "Text")]
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub name_ja: String,
    #[sea_orm(column_type = "Text")]
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub city_ja: String,
    #[sea_orm(column_type = "Text")]
    pub city_en: String,
    #[sea_orm(column_type = "Text")]
    pub description_ja: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: String,
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
    #[sea_orm(has_many = "super::ventures::Entity")]
    Ventures,
    #[sea_orm(has_many = "super::venture_hub_tenancies::Entity")]
    VentureHubTenancies,
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl Related<super::venture_hub_tenancies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VentureHubTenancies.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
