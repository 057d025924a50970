//! The context registry: every bounded context the marketplace runs, with what it brings
//! to the one process — its migrations, its API routes and its event consumers. The
//! migration list, the API router and `serve`'s consumer list are all derived from this
//! one list, so adding a context is its crate plus one line here (see "Adding a context"
//! in docs/ARCHITECTURE.md).

use std::sync::Arc;

use openlance_bus::Consumer;
use openlance_storage::Migration;
use utoipa_axum::router::OpenApiRouter;

use crate::{App, AppState, api};

/// What one context contributes to the assembled application.
pub struct Context {
    pub name: &'static str,
    /// Its schema changes, in order; contexts' lists run in registry order.
    pub migrations: &'static [Migration],
    /// Its API routes with their OpenAPI descriptions. Without a state (when only the
    /// OpenAPI document is built) no route layer may need one.
    pub routes: fn(Option<AppState>) -> OpenApiRouter<AppState>,
    /// Its event consumers, built from the application's parts (mailer, services).
    pub consumers: fn(&App) -> Vec<Arc<dyn Consumer>>,
}

/// Every context, in migration order: the bus's outbox and receipts first, then each
/// context after the ones whose interfaces it calls.
const CONTEXTS: &[Context] = &[
    Context {
        name: "bus",
        migrations: openlance_bus::MIGRATIONS,
        routes: no_routes,
        consumers: no_consumers,
    },
    Context {
        name: "accounts",
        migrations: openlance_accounts::MIGRATIONS,
        routes: api::accounts::router,
        consumers: no_consumers,
    },
    Context {
        name: "payments",
        migrations: openlance_payments::MIGRATIONS,
        routes: payments_routes,
        consumers: no_consumers,
    },
    Context {
        name: "contracts",
        migrations: openlance_contracts::MIGRATIONS,
        routes: contracts_routes,
        consumers: contract_consumers,
    },
    Context {
        name: "jobs",
        migrations: openlance_jobs::MIGRATIONS,
        routes: jobs_routes,
        consumers: no_consumers,
    },
    Context {
        name: "catalog",
        migrations: openlance_catalog::MIGRATIONS,
        routes: catalog_routes,
        consumers: no_consumers,
    },
    Context {
        name: "orders",
        migrations: openlance_orders::MIGRATIONS,
        routes: orders_routes,
        consumers: no_consumers,
    },
    Context {
        name: "reviews",
        migrations: openlance_reviews::MIGRATIONS,
        routes: reviews_routes,
        consumers: no_consumers,
    },
    Context {
        name: "http",
        migrations: crate::idempotency::MIGRATIONS,
        routes: no_routes,
        consumers: no_consumers,
    },
    Context {
        name: "notifications",
        migrations: openlance_notifications::MIGRATIONS,
        routes: notifications_routes,
        consumers: notification_consumers,
    },
];

/// Every context the marketplace runs.
pub fn contexts() -> &'static [Context] {
    CONTEXTS
}

/// Every migration of every context, in the order they must run.
pub fn migrations() -> Vec<Migration> {
    contexts()
        .iter()
        .flat_map(|c| c.migrations.iter().copied())
        .collect()
}

/// Every event consumer of every context, for the bus to run.
pub fn consumers(app: &App) -> Vec<Arc<dyn Consumer>> {
    contexts().iter().flat_map(|c| (c.consumers)(app)).collect()
}

fn no_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

fn payments_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::payments::router()
}

fn jobs_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::jobs::router()
}

fn catalog_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::services::router()
}

fn contracts_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::contracts::router()
}

fn orders_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::orders::router()
}

fn reviews_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::reviews::router()
}

fn contract_consumers(app: &App) -> Vec<Arc<dyn Consumer>> {
    // A paid payment request marks its milestone PAID (and the contract COMPLETED).
    vec![Arc::new(openlance_contracts::MilestonePayments(
        app.contracts.clone(),
    ))]
}

fn no_consumers(_: &App) -> Vec<Arc<dyn Consumer>> {
    Vec::new()
}

fn notifications_routes(_: Option<AppState>) -> OpenApiRouter<AppState> {
    api::notifications::router()
}

fn notification_consumers(app: &App) -> Vec<Arc<dyn Consumer>> {
    // Every event the table knows becomes in-app rows and queued e-mails, once.
    vec![app.notifications.consumer()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_names_are_unique_and_migrations_come_from_every_context() {
        let mut names: Vec<_> = contexts().iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), contexts().len());
        let total: usize = contexts().iter().map(|c| c.migrations.len()).sum();
        assert_eq!(migrations().len(), total);
        assert!(total >= 3);
    }
}
