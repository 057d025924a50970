//! The unsubscribe link, without a login: opening it only shows a page with a button; the
//! button's POST, or a mail client's one-click POST, turns that kind off for that person; a
//! bad or foreign token changes nothing.

use axum::body::Body;
use axum::http::{Request, header};
use openlance_core::id::UserId;
use openlance_http::testing::TestApp;
use openlance_notifications::kinds;

use crate::jobs::assert_problem;

#[tokio::test]
async fn the_link_shows_a_button_and_a_one_click_post_turns_the_kind_off() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let user = UserId::parse(&ada.id).unwrap();
    let url = app
        .state
        .notifications
        .unsubscribe_url(user, &kinds::PROPOSAL_RECEIVED)
        .unwrap();
    let path = url
        .trim_start_matches(&app.state.notifications.config().public_url)
        .to_string();
    assert!(
        path.starts_with("/api/v1/notifications/unsubscribe?token="),
        "{path}"
    );

    let page = app.get(&path, None).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.text.contains("<form method=\"post\""), "{}", page.text);
    assert!(
        page.text
            .contains("A freelancer sent a proposal on your job")
    );
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let prefs = app
        .get("/api/v1/notifications/preferences", Some(&ada.token))
        .await;
    assert!(prefs.text.contains(r#""kind":"proposal_received","description":"A freelancer sent a proposal on your job","email":true"#), "opening it changes nothing: {}", prefs.text);

    // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` as a form.
    let one_click = Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let res = app.send(one_click).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res.text.contains("You are unsubscribed"));
    let prefs = app
        .get("/api/v1/notifications/preferences", Some(&ada.token))
        .await;
    assert!(prefs.text.contains(r#""kind":"proposal_received","description":"A freelancer sent a proposal on your job","email":false"#), "{}", prefs.text);
    // The page's button again (no body): still fine.
    let res = app
        .send(Request::post(&path).body(Body::empty()).unwrap())
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[tokio::test]
async fn a_bad_or_security_token_changes_nothing() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let user = UserId::parse(&ada.id).unwrap();
    let good = app
        .state
        .notifications
        .unsubscribe_url(user, &kinds::WELCOME)
        .unwrap();
    let token = good.split("?token=").nth(1).unwrap();
    let security = token.replacen("welcome", "password_changed", 1);
    let mut tampered = token.to_string();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    for bad in [security.as_str(), tampered.as_str(), "x.y.z.w", "%00"] {
        let path = format!("/api/v1/notifications/unsubscribe?token={bad}");
        let page = app.get(&path, None).await;
        assert!(page.status == 400, "{bad}: {}", page.text);
        let res = app
            .send(Request::post(&path).body(Body::empty()).unwrap())
            .await;
        assert_problem(&res, 400, "");
    }
    let res = app.get("/api/v1/notifications/unsubscribe", None).await;
    assert_problem(&res, 400, "");
    let prefs = app
        .get("/api/v1/notifications/preferences", Some(&ada.token))
        .await;
    assert!(!prefs.text.contains(r#""email":false"#), "{}", prefs.text);
}
