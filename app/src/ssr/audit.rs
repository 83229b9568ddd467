//! The audit trail: one append-only row per write, in the same transaction as the write.

use chrono::{DateTime, Utc};
use entity::audit_events;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppError;
use crate::ssr::state::internal;

/// What was done. The codes match the CHECK constraint of `audit_events.action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Archive,
    Restore,
    Retract,
    SignIn,
    SignOut,
    Generate,
    Import,
    Freeze,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Archive => "archive",
            Action::Restore => "restore",
            Action::Retract => "retract",
            Action::SignIn => "sign_in",
            Action::SignOut => "sign_out",
            Action::Generate => "generate",
            Action::Import => "import",
            Action::Freeze => "freeze",
        }
    }
}

/// The changed fields of a write: `field -> [before, after]`.
#[derive(Clone, Debug, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a field; unchanged values are left out.
    pub fn field(mut self, name: &str, before: impl Into<Value>, after: impl Into<Value>) -> Self {
        let (b, a) = (before.into(), after.into());
        if b != a {
            self.0.insert(name.to_string(), Value::Array(vec![b, a]));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

pub struct Entry<'a> {
    pub actor: Option<Uuid>,
    pub at: DateTime<Utc>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: Action,
    pub changes: Changes,
    pub note: String,
}

pub async fn record<C: ConnectionTrait>(c: &C, e: Entry<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    audit_events::Entity::insert(audit_events::ActiveModel {
        id: Set(id),
        occurred_at: Set(e.at),
        actor_id: Set(e.actor),
        entity: Set(e.entity.to_string()),
        entity_id: Set(e.entity_id),
        action: Set(e.action.as_str().to_string()),
        changes: Set(e.changes.into_value()),
        note: Set(e.note),
    })
    .exec(c)
    .await
    .map_err(internal("writing the audit trail"))?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_fields_are_left_out() {
        let c = Changes::new()
            .field("name_ja", "旧", "新")
            .field("hub", "ksp", "ksp");
        assert_eq!(c.into_value(), serde_json::json!({"name_ja": ["旧", "新"]}));
    }
}
