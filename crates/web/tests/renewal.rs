//! An expired session renewed by several requests at once (two tabs, a page and a form):
//! every request is signed in, the sign-in survives — no request replays the single-use
//! refresh token, which would revoke it — and the renewed refresh token works (both
//! engines).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{send, site};
use futures_util::future::join_all;
use openlance_http::testing::{TEST_PASSWORD, TestApp};

#[tokio::test]
async fn concurrent_requests_renew_an_expired_session_once_and_stay_signed_in() {
    let app = TestApp::new().await;
    let site = site(&app);
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let session = app
        .state
        .accounts
        .login(&ada.email, TEST_PASSWORD, "test")
        .await
        .unwrap();
    // No access token (as after it expired): only the refresh cookie.
    let with_refresh = || {
        Request::get("/orders")
            .header(
                header::COOKIE,
                format!("openlance_refresh={}", session.refresh_token),
            )
            .body(Body::empty())
            .unwrap()
    };
    let replies = join_all((0..6).map(|_| send(&site, with_refresh()))).await;
    let mut renewed = Vec::new();
    for reply in &replies {
        assert_eq!(
            reply.status,
            200,
            "signed in, not sent to log in: {}",
            reply.location()
        );
        let refresh = reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("openlance_refresh="))
            .map(|v| v.split(';').next().unwrap().to_string())
            .unwrap();
        renewed.push(refresh);
    }
    renewed.dedup();
    assert_eq!(renewed.len(), 1, "one renewal for all of them");
    // The sign-in was not revoked: the renewed token renews again.
    app.state.accounts.refresh(&renewed[0]).await.unwrap();
}
