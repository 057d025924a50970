//! Helpers for the website's tests: the site over a `TestApp`, signed-in GETs and form
//! POSTs that carry (or leave out) the CSRF token, and an order walked to COMPLETED.

#![allow(dead_code, reason = "each test file uses some of the helpers")]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use openlance_bus::{Bus, InProcessBus, Relay, RelaySettings};
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::{TestApp, TestUser};
use openlance_orders::{NewOrder, OrderId};
use tower::ServiceExt;

pub const CSRF: &str = "cccccccccccccccccccccccccccccccccccccccccc";

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub fn site(app: &TestApp) -> Router {
    openlance_http::router_with_site(
        app.state.clone(),
        Some(openlance_web::site(app.state.clone())),
    )
}

pub async fn send(site: &Router, req: Request<Body>) -> Reply {
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

/// GET `path`, signed in with `token` (none when empty).
pub async fn get(site: &Router, path: &str, token: &str) -> Reply {
    let mut req = Request::get(path);
    if !token.is_empty() {
        req = req.header(header::COOKIE, format!("openlance_session={token}"));
    }
    send(site, req.body(Body::empty()).unwrap()).await
}

/// A form POST from this site's page, with its CSRF token; `token` empty = logged out.
pub async fn post(site: &Router, path: &str, token: &str, body: &str) -> Reply {
    send(site, form(path, token, &format!("csrf={CSRF}&{body}"))).await
}

/// The same POST without the CSRF field.
pub async fn post_without_csrf(site: &Router, path: &str, token: &str, body: &str) -> Reply {
    send(site, form(path, token, body)).await
}

fn form(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::COOKIE,
            format!("openlance_session={token}; openlance_csrf={CSRF}"),
        )
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub fn id(u: &TestUser) -> UserId {
    UserId::parse(&u.id).unwrap()
}

/// A listing of `seller`'s and an order of it by `buyer`, walked to COMPLETED (paid by
/// card); returns the listing's and the order's ids.
pub async fn completed_order(
    app: &TestApp,
    seller: &TestUser,
    buyer: &TestUser,
) -> (String, OrderId) {
    let (listing, order) = delivered_order(app, seller, buyer).await;
    app.state
        .orders
        .complete(id(buyer), order, Some("pm_card_visa"), None)
        .await
        .unwrap();
    (listing, order)
}

/// A listing of `seller`'s and an order of it by `buyer`, walked to DELIVERED (the
/// deposit paid by card); returns the listing's and the order's ids.
pub async fn delivered_order(
    app: &TestApp,
    seller: &TestUser,
    buyer: &TestUser,
) -> (String, OrderId) {
    let state = &app.state;
    let usd = Currency::parse("USD").unwrap();
    let listing = state
        .catalog
        .list_service(
            id(seller),
            NewListing {
                title: "Dog walking".into(),
                description: "An hour in the park.".into(),
                category: Category::HomeAndPets,
                price: Money::new(4000, usd),
                deposit_percent: Some(50),
                delivery: Delivery::Days(3),
                location: None,
                remote: true,
                tags: vec![],
                image_links: vec![],
            },
        )
        .await
        .unwrap();
    let new = NewOrder {
        requirements: "Rex".into(),
        scheduled_for: None,
    };
    let order = state
        .orders
        .place(id(buyer), &listing.id.to_string(), new)
        .await
        .unwrap();
    let orders = &state.orders;
    orders.accept(id(seller), order.id).await.unwrap();
    orders
        .pay_deposit(id(buyer), order.id, Some("pm_card_visa"), None)
        .await
        .unwrap();
    orders.deliver(id(seller), order.id).await.unwrap();
    (listing.id.to_string(), order.id)
}

/// Delivers what the outbox holds to every consumer the app runs (what `serve` does), so
/// the notifications exist.
pub async fn relay_all(app: &TestApp) {
    let bus = Arc::new(InProcessBus::new(app.state.db.clone(), app.clock.clone()));
    for consumer in openlance_http::consumers(&app.state) {
        bus.subscribe(consumer);
    }
    let relay = Relay::new(
        app.state.db.clone(),
        bus as Arc<dyn Bus>,
        app.clock.clone(),
        RelaySettings::default(),
    );
    while relay.run_once().await.unwrap() > 0 {}
}
