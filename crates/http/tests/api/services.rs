//! Service listing routes: a seller's whole listing life over HTTP, bad input (a 4xx
//! problem and nothing written), strangers and the wrong role, and search.

mod access;
mod bad_input;
mod lifecycle;
mod search;

use openlance_http::testing::{TestApp, TestResponse, TestUser};
use serde_json::{Value, json};

pub async fn seller(app: &TestApp, name: &str) -> TestUser {
    app.register(&format!("{name}@example.com"), &["FREELANCER"])
        .await
}

pub async fn client(app: &TestApp, name: &str) -> TestUser {
    app.register(&format!("{name}@example.com"), &["CLIENT"])
        .await
}

/// A valid listing body; `extra` fields replace its own.
pub fn body(title: &str, extra: Value) -> Value {
    let mut body = json!({
        "title": title,
        "description": "Done with care",
        "category": "OTHER",
        "price": {"amount": 5000, "currency": "USD"},
        "delivery": {"days": 3},
        "remote": true,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// Lists a service; returns its JSON.
pub async fn list(app: &TestApp, seller: &TestUser, body: Value) -> Value {
    let res = app
        .post("/api/v1/services", Some(&seller.token), body)
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json
}

pub fn uri(service: &Value) -> String {
    format!("/api/v1/services/{}", service["id"].as_str().unwrap())
}

pub fn assert_problem(res: &TestResponse, status: u16, code: &str) {
    assert_eq!(res.status.as_u16(), status, "{}", res.text);
    assert_eq!(
        res.content_type(),
        "application/problem+json",
        "{}",
        res.text
    );
    if !code.is_empty() {
        assert_eq!(res.code(), code, "{}", res.text);
    }
}

/// The titles of a page of listings.
pub fn titles(res: &TestResponse) -> Vec<String> {
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}
