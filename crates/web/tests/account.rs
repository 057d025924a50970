//! The profile edit page and the notifications pages (both engines): only for a signed-in
//! visitor, CSRF on every form, one's own data only; the header's unread badge.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use common::{get, id, post, post_without_csrf, site};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn logged_out_visitors_are_sent_to_log_in_and_forms_need_their_token() {
    let app = TestApp::new().await;
    let site = site(&app);
    let me = app.register("me@example.com", &["CLIENT"]).await;
    for path in ["/account", "/notifications", "/notifications/preferences"] {
        let res = get(&site, path, "").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            res.location().starts_with("/login?next=%2F"),
            "{path}: {}",
            res.location()
        );
        assert_eq!(
            get(&site, path, &me.token).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let forms = [
        ("/account", "name=Changed"),
        ("/notifications/read-all", ""),
        ("/notifications/preferences", ""),
        (
            "/notifications/00000000-0000-4000-8000-000000000000/read",
            "",
        ),
    ];
    for (path, body) in forms {
        let res = post_without_csrf(&site, path, &me.token, body).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        let res = post(&site, path, "", body).await;
        assert!(res.location().starts_with("/login"), "{path}");
    }
    let unchanged = app.state.accounts.me(id(&me)).await.unwrap();
    assert_ne!(unchanged.name, "Changed");
    let prefs = app.state.notifications.preferences(id(&me)).await.unwrap();
    assert!(prefs.iter().all(|p| p.email), "nothing turned off");
}

#[tokio::test]
async fn the_profile_is_edited_and_shown_publicly() {
    let app = TestApp::new().await;
    let site = site(&app);
    let me = app.register("me@example.com", &["FREELANCER"]).await;
    let body = "name=Ada+Lovelace&headline=Engines+and+notes&city=London&skills=math%2C+poetry\
        &hourly_rate=40.50&currency=EUR&birth_date=1815-12-10";
    let saved = post(&site, "/account", &me.token, body).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let form = get(&site, "/account", &me.token).await;
    assert!(form.text.contains("value=\"40.50\""), "{}", form.text);
    assert!(form.text.contains("value=\"math, poetry\""));
    let public = get(&site, &format!("/users/{}", me.id), "").await;
    assert!(public.text.contains("Ada Lovelace") && public.text.contains("Engines and notes"));
    assert!(!public.text.contains("1815"), "the birth date is private");

    let bad = post(
        &site,
        "/account",
        &me.token,
        "name=Ada&photo_link=ftp%3A%2F%2Fx",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text.contains("must be an http:// or https:// URL"),
        "{}",
        bad.text
    );
    assert!(bad.text.contains("ftp://x"), "keeps what was typed");
    let kept = app.state.accounts.me(id(&me)).await.unwrap();
    assert_eq!(kept.name, "Ada Lovelace", "nothing saved");
}

#[tokio::test]
async fn notifications_are_listed_badged_and_marked_read_by_their_owner_only() {
    let app = TestApp::new().await;
    let site = site(&app);
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    common::completed_order(&app, &seller, &buyer).await;
    common::relay_all(&app).await;

    let inbox = app
        .state
        .notifications
        .inbox(id(&seller), None, 50)
        .await
        .unwrap();
    assert!(inbox.unread > 1, "{inbox:?}");
    let home = get(&site, "/", &seller.token).await;
    assert!(
        home.text
            .contains(&format!("id=\"unread-badge\">{}<", inbox.unread)),
        "{}",
        home.text
    );
    let list = get(&site, "/notifications", &seller.token).await;
    assert!(list.text.contains("Mark all read"));
    let first = &inbox.page.items[0];
    assert!(list.text.contains(&first.title));

    let path = format!("/notifications/{}/read", first.id);
    let res = post(&site, &path, &buyer.token, "").await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "someone else's notification"
    );
    let res = post(&site, &path, &seller.token, "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let count = app
        .state
        .notifications
        .unread_count(id(&seller))
        .await
        .unwrap();
    assert_eq!(count, inbox.unread - 1);
    let res = post(&site, "/notifications/read-all", &seller.token, "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.state
            .notifications
            .unread_count(id(&seller))
            .await
            .unwrap(),
        0
    );
    let home = get(&site, "/", &seller.token).await;
    assert!(!home.text.contains("unread-badge"));
}

#[tokio::test]
async fn email_preferences_turn_kinds_off_but_never_security_ones() {
    let app = TestApp::new().await;
    let site = site(&app);
    let me = app.register("me@example.com", &["CLIENT"]).await;
    let page = get(&site, "/notifications/preferences", &me.token).await;
    assert!(
        page.text.contains("security: always e-mailed"),
        "{}",
        page.text
    );
    // Everything unchecked: the security kinds stay on.
    let res = post(&site, "/notifications/preferences", &me.token, "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let prefs = app.state.notifications.preferences(id(&me)).await.unwrap();
    assert!(
        prefs.iter().all(|p| p.email == p.kind.security),
        "{prefs:?}"
    );
    let some = prefs.iter().find(|p| !p.kind.security).unwrap().kind.name;
    let res = post(
        &site,
        "/notifications/preferences",
        &me.token,
        &format!("{some}=on"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let prefs = app.state.notifications.preferences(id(&me)).await.unwrap();
    assert!(prefs.iter().find(|p| p.kind.name == some).unwrap().email);
}
