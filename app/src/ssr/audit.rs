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

/// The refusal of a save made over version `base` of a record that has moved on: which fields
/// changed since, their value in the user's version and now, and who changed them last, read from
/// the audit trail (every versioned update records its `version` change).
pub async fn stale_error<C: ConnectionTrait>(
    c: &C,
    entity: &str,
    entity_id: &str,
    base: i32,
) -> AppError {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let events = match audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq(entity))
        .filter(audit_events::Column::EntityId.eq(entity_id))
        .order_by_asc(audit_events::Column::OccurredAt)
        .order_by_asc(audit_events::Column::Id)
        .all(c)
        .await
    {
        Ok(events) => events,
        Err(e) => return internal("reading the audit trail")(e),
    };
    let newer: Vec<_> = events
        .into_iter()
        .filter(|e| {
            e.changes
                .get("version")
                .and_then(|v| v.get(1))
                .and_then(Value::as_i64)
                .is_some_and(|after| after > i64::from(base))
        })
        .collect();
    let actors: Vec<Uuid> = newer.iter().filter_map(|e| e.actor_id).collect();
    let names: std::collections::HashMap<Uuid, String> = entity::users::Entity::find()
        .filter(entity::users::Column::Id.is_in(actors))
        .all(c)
        .await
        .map(|us| us.into_iter().map(|u| (u.id, u.display_name)).collect())
        .unwrap_or_default();
    let mut changes: Vec<crate::error::StaleChange> = Vec::new();
    for e in &newer {
        let by = e
            .actor_id
            .and_then(|a| names.get(&a).cloned())
            .unwrap_or_default();
        let Some(fields) = e.changes.as_object() else {
            continue;
        };
        for (field, pair) in fields.iter().filter(|(f, _)| f.as_str() != "version") {
            let text = |i: usize| match pair.get(i) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            };
            match changes.iter_mut().find(|c| &c.field == field) {
                Some(c) => {
                    c.after = text(1);
                    c.by = by.clone();
                    c.at = e.occurred_at.to_rfc3339();
                }
                None => changes.push(crate::error::StaleChange {
                    field: field.clone(),
                    before: text(0),
                    after: text(1),
                    by: by.clone(),
                    at: e.occurred_at.to_rfc3339(),
                }),
            }
        }
    }
    AppError::Stale { changes }
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
