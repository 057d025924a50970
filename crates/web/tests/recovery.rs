//! A forgotten password and a confirmed e-mail address on the website (both engines): the
//! pages the e-mails link to work with the link's token, once; the forms need their CSRF
//! token; asking for a reset says the same whether or not the address is a member's.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use common::{get, id, post, post_without_csrf, site};
use openlance_bus::outbox::payloads_of_kind;
use openlance_http::testing::TestApp;

/// Mints the link of the latest event of `kind`, as the mailer does when it sends it.
async fn token(app: &TestApp, kind: &str) -> String {
    let events = payloads_of_kind(&app.state.db, kind).await.unwrap();
    let request = events.last().unwrap()["requestId"]
        .as_str()
        .unwrap()
        .to_string();
    let link = app
        .state
        .accounts
        .issue_account_link(&request)
        .await
        .unwrap()
        .unwrap();
    link.token
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_emailed_link_once() {
    let app = TestApp::new().await;
    let site = site(&app);
    app.register("ada@example.com", &["CLIENT"]).await;
    assert_eq!(
        get(&site, "/forgot-password", "").await.status,
        StatusCode::OK
    );
    let refused = post_without_csrf(&site, "/forgot-password", "", "email=ada%40example.com").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let member = post(&site, "/forgot-password", "", "email=ada%40example.com").await;
    let stranger = post(&site, "/forgot-password", "", "email=nobody%40example.com").await;
    assert_eq!(member.status, StatusCode::SEE_OTHER);
    assert_eq!(
        (member.location(), member.headers.get("set-cookie")),
        (stranger.location(), stranger.headers.get("set-cookie")),
        "the same answer for a member and a stranger"
    );

    let raw = token(&app, "accounts.password_reset_requested").await;
    let page = get(&site, &format!("/reset-password?token={raw}"), "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(&format!("value=\"{raw}\"")));
    let body = format!("token={raw}&password=a+brand+new+secret");
    let done = post(&site, "/reset-password", "", &body).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/login");
    let signed_in = app
        .state
        .accounts
        .login("ada@example.com", "a brand new secret", "test")
        .await;
    assert!(signed_in.is_ok(), "the new password works");
    let again = post(
        &site,
        "/reset-password",
        "",
        &body.replace("brand", "other"),
    )
    .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "the link works once");
    assert!(
        again.text.contains("invalid, already used or expired"),
        "{}",
        again.text
    );
}

#[tokio::test]
async fn an_email_address_is_confirmed_with_the_button_not_by_opening_the_link() {
    let app = TestApp::new().await;
    let site = site(&app);
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let account = get(&site, "/account", &ada.token).await;
    assert!(
        account.text.contains("E-mail me a link"),
        "{}",
        account.text
    );
    let refused = post_without_csrf(&site, "/account/verify-email", &ada.token, "").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let logged_out = post(&site, "/account/verify-email", "", "").await;
    assert!(logged_out.location().starts_with("/login"));
    let asked = post(&site, "/account/verify-email", &ada.token, "").await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);

    let raw = token(&app, "accounts.email_verification_requested").await;
    let opened = get(&site, &format!("/verify-email?token={raw}"), "").await;
    assert_eq!(opened.status, StatusCode::OK);
    let me = app.state.accounts.my_profile(id(&ada)).await.unwrap();
    assert!(!me.email_verified, "opening the link changes nothing");
    let refused = post_without_csrf(&site, "/verify-email", "", &format!("token={raw}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let confirmed = post(&site, "/verify-email", "", &format!("token={raw}")).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let me = app.state.accounts.my_profile(id(&ada)).await.unwrap();
    assert!(me.email_verified);
    let account = get(&site, "/account", &ada.token).await;
    assert!(!account.text.contains("E-mail me a link"));
}
