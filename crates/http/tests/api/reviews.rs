//! Reviews routes over orders completed through the orders routes: both parties review,
//! double-blind over HTTP, replies, the ratings on listings, search results and profiles,
//! the window by the clock, strangers on every route, double clicks and bad input.

mod access;
mod bad_input;
mod journey;
mod window;

use openlance_http::testing::{TestApp, TestResponse, TestUser};
use serde_json::{Value, json};

use super::orders::{Shop, act, top_up, walk};

/// A new order of `s.service` walked to COMPLETED through the orders routes: the seller
/// accepts, the buyer pays the deposit, the seller delivers, the buyer completes and pays
/// the balance from the wallet.
pub(crate) async fn completed(app: &TestApp, s: &Shop) -> String {
    let order = walk(app, s, "DELIVERED").await;
    let read = app
        .get(&format!("/api/v1/orders/{order}"), Some(&s.buyer.token))
        .await;
    top_up(
        app,
        &s.buyer,
        read.json["balance"]["amount"].as_i64().unwrap(),
    )
    .await;
    let done = act(app, &s.buyer, &order, "complete").await;
    assert_eq!(done.json["status"], "COMPLETED", "{}", done.text);
    order
}

fn reviews_uri(order: &str) -> String {
    format!("/api/v1/orders/{order}/reviews")
}

/// `who` reviews `order` with `rating` stars and `text`.
async fn review(
    app: &TestApp,
    who: &TestUser,
    order: &str,
    rating: i64,
    text: &str,
) -> TestResponse {
    app.post(
        &reviews_uri(order),
        Some(&who.token),
        json!({"rating": rating, "text": text}),
    )
    .await
}

/// The authors of the reviews `who` sees on `order`, in order.
async fn seen_by(app: &TestApp, who: &TestUser, order: &str) -> Vec<String> {
    let res = app.get(&reviews_uri(order), Some(&who.token)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["authorId"].as_str().unwrap().to_string())
        .collect()
}

/// `(average, count)` of a `rating` object.
fn rating(v: &Value) -> (Option<f64>, i64) {
    (v["average"].as_f64(), v["count"].as_i64().unwrap())
}
