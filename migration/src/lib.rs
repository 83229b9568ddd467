//! Database migrations (sea-orm-migration). See docs/schema.md for the contract.
//!
//! This crate deliberately does not depend on the `entity` crate: migrations describe the schema
//! as it was at the time they were written, whatever the entities look like later.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261125_000002_append_only;
mod m20261201_000001_trial_target_per_year;
mod m20261202_000001_data_version;
mod m20261202_000002_live_ventures_by_name;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_append_only::Migration),
            Box::new(m20261201_000001_trial_target_per_year::Migration),
            Box::new(m20261202_000001_data_version::Migration),
            Box::new(m20261202_000002_live_ventures_by_name::Migration),
        ]
    }
}
