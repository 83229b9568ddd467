//! `programs` (editable): Development programs of a venture. `track`: pmd_act, safety_act;
//! `risk_class`: class1..class3 (safety_act only); `current_stage`: a stage code; `status`: active,
//! suspended, discontinued, not_granted, expired, withdrawn.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "programs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub venture_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub modality: String,
    #[sea_orm(column_type = "Text")]
    pub indication: String,
    #[sea_orm(column_type = "Text")]
    pub track: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub risk_class: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub current_stage: String,
    pub current_stage_rank: i32,
    pub stage_reached_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub last_event_on: Option<Date>,
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
    #[sea_orm(has_many = "super::stage_events::Entity")]
    StageEvents,
    #[sea_orm(has_many = "super::program_milestones::Entity")]
    ProgramMilestones,
    #[sea_orm(has_many = "super::trial_notifications::Entity")]
    TrialNotifications,
    #[sea_orm(has_many = "super::approvals::Entity")]
    Approvals,
}

impl Related<super::ventures::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ventures.def()
    }
}

impl Related<super::stage_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StageEvents.def()
    }
}

impl Related<super::program_milestones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProgramMilestones.def()
    }
}

impl Related<super::trial_notifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TrialNotifications.def()
    }
}

impl Related<super::approvals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Approvals.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
