//! Access and refresh tokens: rotation, replay detection, logout, expiry and forgery.

use axum::http::StatusCode;
use openlance_accounts::token::{Claims, sign};
use openlance_http::testing::TestApp;
use serde_json::{Value, json};

async fn refresh(app: &TestApp, token: &str) -> openlance_http::testing::TestResponse {
    app.post("/api/v1/auth/refresh", None, json!({"refreshToken": token}))
        .await
}

#[tokio::test]
async fn refresh_rotates_and_a_replayed_token_revokes_the_family() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;

    let first = refresh(&app, &ada.refresh_token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let r1 = first.json["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(r1, ada.refresh_token, "a new refresh token each time");
    let me = app
        .get("/api/v1/users/me", first.json["accessToken"].as_str())
        .await;
    assert_eq!(me.status, StatusCode::OK);

    // Presenting the first token again: replay. The whole family dies, including r1.
    let replay = refresh(&app, &ada.refresh_token).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.content_type(), "application/problem+json");
    let after = refresh(&app, &r1).await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the family was revoked"
    );

    // Another login is a separate family and still works.
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ada@example.com", "password": openlance_http::testing::TEST_PASSWORD}),
        )
        .await;
    let fresh = login.json["refreshToken"].as_str().unwrap();
    assert_eq!(refresh(&app, fresh).await.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let res = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refreshToken": ada.refresh_token}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(
        refresh(&app, &ada.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, "not-a-token").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn access_tokens_expire_after_15_minutes_and_refresh_tokens_after_30_days() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    app.clock.advance(chrono::Duration::minutes(14));
    assert_eq!(
        app.get("/api/v1/users/me", Some(&ada.token)).await.status,
        StatusCode::OK
    );
    app.clock.advance(chrono::Duration::minutes(2));
    let res = app.get("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.json["detail"].as_str().unwrap().contains("expired"));
    assert_eq!(res.headers["www-authenticate"], "Bearer");

    app.clock.advance(chrono::Duration::days(30));
    assert_eq!(
        refresh(&app, &ada.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding, written out so the test does not share the server's codec.
fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn b64_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

fn parts(token: &str) -> (String, Value, String) {
    let p: Vec<&str> = token.split('.').collect();
    assert_eq!(p.len(), 3);
    let claims = serde_json::from_slice(&b64_decode(p[1])).unwrap();
    (p[0].to_string(), claims, p[2].to_string())
}

fn b64(v: &Value) -> String {
    b64_encode(&serde_json::to_vec(v).unwrap())
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let bob = app.register("bob@example.com", &["FREELANCER"]).await;
    let (header, claims, sig) = parts(&ada.token);
    assert_eq!(claims["sub"], ada.id.as_str());
    assert_eq!(claims["roles"], json!(["CLIENT"]));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );

    // Changed payload (become Bob, or an admin), same signature.
    let mut as_bob = claims.clone();
    as_bob["sub"] = json!(bob.id);
    let mut as_admin = claims.clone();
    as_admin["roles"] = json!(["ADMIN"]);
    let mut forever = claims.clone();
    forever["exp"] = json!(i64::MAX / 2);
    // alg none, with and without a signature.
    let none = b64(&json!({"alg": "none", "typ": "JWT"}));
    let payload = b64(&claims);
    // Signed with another key.
    let genuine: Claims = serde_json::from_value(claims.clone()).unwrap();
    let other_key = sign(b"some other secret key of 32 bytes", &genuine).unwrap();
    assert_eq!(b64_decode(&b64_encode(b"round trip!")), b"round trip!");
    let forged = [
        format!("{header}.{}.{sig}", b64(&as_bob)),
        format!("{header}.{}.{sig}", b64(&as_admin)),
        format!("{header}.{}.{sig}", b64(&forever)),
        format!("{none}.{payload}."),
        format!("{none}.{payload}.{sig}"),
        format!("{}.{payload}.{sig}", b64(&json!({"alg": "HS512"}))),
        other_key,
        format!("{header}.{payload}"),
        String::new(),
    ];
    for token in &forged {
        let res = app.get("/api/v1/users/me", Some(token)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "accepted {token}");
        assert_eq!(res.content_type(), "application/problem+json");
    }
    // The genuine token still works.
    assert_eq!(
        app.get("/api/v1/users/me", Some(&ada.token)).await.status,
        StatusCode::OK
    );
}
