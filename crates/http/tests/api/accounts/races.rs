//! Refresh, logout and password reset serialise on the account: whichever runs first,
//! no refresh token works once a logout or reset has completed.

use std::sync::Arc;

use openlance_http::testing::{TEST_PASSWORD, TestApp};

/// Mints the link of the latest password-reset e-mail, as the mailer does, and returns
/// its token.
async fn reset_token(app: &TestApp, email: &str, addr: &str) -> String {
    assert!(
        app.state
            .accounts
            .request_password_reset(email, addr)
            .await
            .unwrap()
    );
    let events =
        openlance_bus::outbox::payloads_of_kind(&app.state.db, "accounts.password_reset_requested")
            .await
            .unwrap();
    let last = events.last().expect("a reset event");
    let request = last["requestId"].as_str().expect("requestId");
    let link = app
        .state
        .accounts
        .issue_account_link(request)
        .await
        .unwrap();
    link.expect("a live request").token
}

async fn sign_in(app: &TestApp, addr: &str) -> String {
    let session = app
        .state
        .accounts
        .login("ada@example.com", TEST_PASSWORD, addr)
        .await
        .expect("login");
    session.refresh_token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_racing_a_logout_never_leaves_a_working_token() {
    let app = Arc::new(TestApp::new().await);
    app.register("ada@example.com", &["CLIENT"]).await;
    for round in 0..30 {
        let refresh_token = sign_in(&app, "10.0.0.1").await;
        let (a, b) = (app.clone(), app.clone());
        let (t1, t2) = (refresh_token.clone(), refresh_token.clone());
        let refreshed = tokio::spawn(async move { a.state.accounts.refresh(&t1).await });
        let logout = tokio::spawn(async move { b.state.accounts.logout(&t2).await });
        logout.await.unwrap().expect("logout");
        if let Ok(session) = refreshed.await.unwrap() {
            let again = app.state.accounts.refresh(&session.refresh_token).await;
            assert!(again.is_err(), "round {round}: a token outlived the logout");
        }
        assert!(app.state.accounts.refresh(&refresh_token).await.is_err());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_racing_a_password_reset_never_leaves_a_working_token() {
    let app = Arc::new(TestApp::new().await);
    app.register("ada@example.com", &["CLIENT"]).await;
    for round in 0..15 {
        let addr = format!("10.0.1.{round}");
        let refresh_token = sign_in(&app, &addr).await;
        let token = reset_token(&app, "ada@example.com", &addr).await;
        let (a, b) = (app.clone(), app.clone());
        let refreshed = tokio::spawn(async move { a.state.accounts.refresh(&refresh_token).await });
        let reset = tokio::spawn(async move {
            b.state
                .accounts
                .reset_password(&token, TEST_PASSWORD, &addr)
                .await
        });
        reset.await.unwrap().expect("reset");
        if let Ok(session) = refreshed.await.unwrap() {
            let again = app.state.accounts.refresh(&session.refresh_token).await;
            assert!(again.is_err(), "round {round}: a token outlived the reset");
        }
    }
}

#[tokio::test]
async fn a_reset_revokes_every_other_reset_link() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    let first = reset_token(&app, "ada@example.com", "10.0.0.1").await;
    let second = reset_token(&app, "ada@example.com", "10.0.0.1").await;
    app.state
        .accounts
        .reset_password(&second, "a brand new secret", "10.0.0.1")
        .await
        .expect("reset with the newest link");
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            serde_json::json!({"token": first, "newPassword": "another new secret"}),
        )
        .await;
    assert_eq!(
        res.status,
        axum::http::StatusCode::BAD_REQUEST,
        "{}",
        res.text
    );
    let login = app
        .state
        .accounts
        .login("ada@example.com", "a brand new secret", "10.0.0.1")
        .await;
    assert!(
        login.is_ok(),
        "the password is the one set by the second link"
    );
}
