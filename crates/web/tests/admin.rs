//! The admin pages (both engines): a 404 for anyone but an admin, log in first when logged
//! out, CSRF on every form; an admin settles a dispute with a note, reads the ledger check,
//! the (empty) dead letters and the user directory with its search, and a retry of an unknown letter is a message.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use common::{get, id, post, post_without_csrf, site};
use openlance_accounts::Role;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use openlance_orders::OrderStatus;

#[tokio::test]
async fn only_admins_see_the_admin_pages_and_settle_disputes() {
    let app = TestApp::new().await;
    let site = site(&app);
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    app.state
        .accounts
        .create_user("root@example.com", TEST_PASSWORD, "Root", &[Role::Admin])
        .await
        .unwrap();
    let root = app
        .state
        .accounts
        .login("root@example.com", TEST_PASSWORD, "test")
        .await
        .unwrap()
        .access_token;
    let (_, order) = common::delivered_order(&app, &seller, &buyer).await;
    app.state
        .orders
        .dispute(id(&buyer), order, "It never came")
        .await
        .unwrap();

    let pages = [
        "/admin",
        "/admin/disputes",
        "/admin/ledger",
        "/admin/dead-letters",
        "/admin/users",
    ];
    let forms = [
        format!("/admin/disputes/{order}/release"),
        format!("/admin/disputes/{order}/refund"),
        "/admin/dead-letters/events/1/retry".to_string(),
        "/admin/dead-letters/emails/x/retry".to_string(),
    ];
    for who in [&buyer, &seller] {
        for path in pages {
            let res = get(&site, path, &who.token).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
        for path in &forms {
            let res = post(&site, path, &who.token, "note=Mine").await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
    }
    for path in pages {
        let res = get(&site, path, "").await;
        assert!(res.location().starts_with("/login"), "{path}");
    }
    for path in &forms {
        let res = post_without_csrf(&site, path, &root, "note=Forged").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
    let still = app.state.orders.order(id(&buyer), order).await.unwrap();
    assert_eq!(still.status, OrderStatus::Disputed, "nothing moved");

    let home = get(&site, "/", &root).await;
    assert!(home.text.contains("href=\"/admin/disputes\""));
    let list = get(&site, "/admin/disputes", &root).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text.contains("It never came"), "{}", list.text);
    let refund = format!("/admin/disputes/{order}/refund");
    let done = post(&site, &refund, &root, "note=Refunded+in+full").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let settled = app.state.orders.order(id(&buyer), order).await.unwrap();
    assert_eq!(settled.status, OrderStatus::Refunded);
    let again = post(
        &site,
        &format!("/admin/disputes/{order}/release"),
        &root,
        "note=Oops",
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "refused as a message");
    let settled = app.state.orders.order(id(&buyer), order).await.unwrap();
    assert_eq!(settled.status, OrderStatus::Refunded, "settled once");

    let ledger = get(&site, "/admin/ledger", &root).await;
    assert!(ledger.text.contains("The books balance"), "{}", ledger.text);
    let dead = get(&site, "/admin/dead-letters", &root).await;
    assert_eq!(dead.status, StatusCode::OK);
    assert!(dead.text.contains("E-mails that could not be sent"));
    // The user directory: everyone, newest first; a search on e-mail or name, where `%`
    // and `_` match only themselves.
    let users = get(&site, "/admin/users", &root).await;
    assert_eq!(users.status, StatusCode::OK);
    let (at_root, at_buyer, at_seller) = (
        users.text.find("root@example.com").unwrap(),
        users.text.find("buyer@example.com").unwrap(),
        users.text.find("seller@example.com").unwrap(),
    );
    assert!(at_root < at_buyer && at_buyer < at_seller, "{}", users.text);
    let found = get(&site, "/admin/users?q=BUYER", &root).await;
    assert!(found.text.contains("buyer@example.com"), "{}", found.text);
    assert!(!found.text.contains("seller@example.com"), "{}", found.text);
    let wild = get(&site, "/admin/users?q=%25", &root).await;
    assert!(wild.text.contains("No account matches"), "{}", wild.text);
    let retry = post(&site, "/admin/dead-letters/events/999/retry", &root, "").await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER);
    assert_eq!(retry.location(), "/admin/dead-letters");
}
