//! `targets` (editable): KPI targets (seeded by the migration). `metric`: ventures_located,
//! trial_notifications; `counting`: cumulative, per_year; `year_basis`: fiscal, calendar.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub metric: String,
    #[sea_orm(column_type = "Text")]
    pub name_ja: String,
    #[sea_orm(column_type = "Text")]
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub counting: String,
    #[sea_orm(column_type = "Text")]
    pub year_basis: String,
    pub baseline_year: i32,
    pub baseline_value: i32,
    pub target_year: i32,
    pub target_value: i32,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::target_reported_figures::Entity")]
    TargetReportedFigures,
}

impl Related<super::target_reported_figures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TargetReportedFigures.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
