//! One app assembly: the harness builds the app with `assemble` from adjustable parts, and
//! migrations, routes and consumers all come from the one context registry.

use axum::http::StatusCode;
use openlance_http::testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn the_registry_supplies_every_contexts_migrations_routes_and_consumers() {
    let names: Vec<_> = openlance_http::contexts().iter().map(|c| c.name).collect();
    for name in ["bus", "accounts", "payments", "contracts", "notifications"] {
        assert!(names.contains(&name), "{name} is registered: {names:?}");
    }
    let migrations = openlance_http::migrations();
    for context in openlance_http::contexts() {
        for migration in context.migrations {
            assert!(
                migrations.iter().any(|m| m.id == migration.id),
                "{}'s migration {} runs",
                context.name,
                migration.id
            );
        }
    }

    let app = TestApp::new().await;
    let consumers: Vec<_> = openlance_http::consumers(&app.state)
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(consumers, ["contracts.milestone_payments", "notifications"]);

    let doc = serde_json::to_value(openlance_http::openapi()).unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/wallet",
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        "/api/v1/contracts/{contractId}",
        "/api/v1/contracts/milestones/{milestoneId}/evaluate",
        "/api/v1/notifications",
        "/api/v1/notifications/preferences",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is routed");
    }
}

#[tokio::test]
async fn a_test_assembles_the_app_from_parts_it_adjusts() {
    let app = TestApp::with_parts(|parts| parts.http.body_limit = 64).await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "a@example.com", "password": "x".repeat(100)}),
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.text);
}
