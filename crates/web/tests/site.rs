//! The website in process (both engines): pages are HTML, unknown paths get the site's
//! 404 while the API's stay problem+json, a logged-out visitor is sent to log in, and
//! forms and cookie-authenticated API writes are refused unless they come from this site
//! with their CSRF token.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use openlance_http::testing::TestApp;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    text: String,
}

async fn send(site: &Router, req: Request<Body>) -> Reply {
    let res = site.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into(),
    }
}

fn site(app: &TestApp) -> Router {
    openlance_http::router_with_site(
        app.state.clone(),
        Some(openlance_web::site(app.state.clone())),
    )
}

/// The CSRF cookie the site hands a first-time visitor.
async fn csrf_token(site: &Router) -> String {
    let home = send(site, Request::get("/login").body(Body::empty()).unwrap()).await;
    home.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("openlance_csrf="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string()
}

fn login_post(token_cookie: &str, token_field: &str, origin: &str) -> Request<Body> {
    Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, origin)
        .header(header::COOKIE, format!("openlance_csrf={token_cookie}"))
        .body(Body::from(format!(
            "csrf={token_field}&email=nobody%40example.com&password=wrong-password-1&next=%2F"
        )))
        .unwrap()
}

#[tokio::test]
async fn pages_are_html_and_unknown_paths_get_the_sites_404() {
    let app = TestApp::new().await;
    let site = site(&app);
    let home = send(&site, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text.contains("Featured services"), "{}", home.text);
    let cookies: Vec<_> = home.headers.get_all(header::SET_COOKIE).iter().collect();
    assert!(
        cookies.iter().any(|c| {
            let c = c.to_str().unwrap();
            c.starts_with("openlance_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")
        }),
        "{cookies:?}"
    );
    let css = send(
        &site,
        Request::get("/assets/site.css")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(css.status, StatusCode::OK);

    let missing = send(
        &site,
        Request::get("/no/such/page").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Page not found"));
    let api = send(
        &site,
        Request::get("/api/v1/no-such-route")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.text.contains("route_not_found"), "{}", api.text);
    let docs = send(&site, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(docs.status, StatusCode::OK);
}

#[tokio::test]
async fn a_logged_out_visitor_is_sent_to_log_in() {
    let app = TestApp::new().await;
    let site = site(&app);
    for path in ["/orders", "/wallet", "/sell/new"] {
        let res = send(&site, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        let to = res.headers[header::LOCATION].to_str().unwrap();
        assert!(to.starts_with("/login?next=%2F"), "{path} → {to}");
    }
}

#[tokio::test]
async fn a_form_needs_its_csrf_token_and_this_sites_origin() {
    let app = TestApp::new().await;
    let site = site(&app);
    let token = csrf_token(&site).await;
    let ours = "http://127.0.0.1:8080";

    let missing = send(&site, login_post(&token, "", ours)).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = send(&site, login_post(&token, &"x".repeat(43), ours)).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let cross_site = send(&site, login_post(&token, &token, "https://evil.example")).await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);

    // With both, the form is judged on its content: a wrong password, shown on the page.
    let judged = send(&site, login_post(&token, &token, ours)).await;
    assert_eq!(judged.status, StatusCode::OK, "{}", judged.text);
    assert!(judged.text.contains("Log in"));
}

#[tokio::test]
async fn the_api_refuses_a_cookie_authenticated_write_from_another_site() {
    let app = TestApp::new().await;
    let user = app.register("cookie@example.com", &["CLIENT"]).await;
    let top_up = |origin: Option<&str>, by_cookie: bool| {
        let mut req = Request::post("/api/v1/wallet/top-ups")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "127.0.0.1:8080");
        if let Some(origin) = origin {
            req = req.header(header::ORIGIN, origin);
        }
        req = if by_cookie {
            req.header(header::COOKIE, format!("openlance_session={}", user.token))
        } else {
            req.header(header::AUTHORIZATION, format!("Bearer {}", user.token))
        };
        req.body(Body::from(
            r#"{"amount":{"amount":1000,"currency":"USD"},"paymentMethod":"pm_card_visa"}"#,
        ))
        .unwrap()
    };
    let forged = app.send(top_up(Some("https://evil.example"), true)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.text);
    let no_origin = app.send(top_up(None, true)).await;
    assert_eq!(no_origin.status, StatusCode::FORBIDDEN);
    let ours = app.send(top_up(Some("http://127.0.0.1:8080"), true)).await;
    assert!(ours.status.is_success(), "{} {}", ours.status, ours.text);
    let bearer = app.send(top_up(Some("https://evil.example"), false)).await;
    assert!(
        bearer.status.is_success(),
        "a bearer token is no ambient credential: {}",
        bearer.text
    );
    let reads = app
        .send(
            Request::get("/api/v1/wallet")
                .header(header::COOKIE, format!("openlance_session={}", user.token))
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        reads.status,
        StatusCode::OK,
        "a read changes nothing: {}",
        reads.text
    );
}
