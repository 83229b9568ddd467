//! `approval_extensions`: Extensions of an approval's expiry.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "approval_extensions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub approval_id: Uuid,
    pub extended_on: Date,
    pub new_expires_on: Date,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::approvals::Entity",
        from = "Column::ApprovalId",
        to = "super::approvals::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Approvals,
}

impl Related<super::approvals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Approvals.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
