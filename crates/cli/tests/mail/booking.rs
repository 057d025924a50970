//! A booking through the binary with a real SMTP server: nine e-mails, each once.

use openlance_notifications::testing::SmtpServer;
use serde_json::{Value, json};

use super::{PASSWORD, Server, assert_delivered};

#[test]
fn a_booking_with_an_smtp_server_delivers_every_expected_email_once() {
    let dir = std::env::temp_dir().join(format!("openlance-cli-booking-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let smtp = SmtpServer::start();
    let server = Server::start(&dir, &smtp.url());
    let register = |email: &str, role: &str| {
        let json = server.ok("POST", "/api/v1/auth/register", None,
            Some(json!({"email": email, "password": PASSWORD, "name": email.split('@').next(), "roles": [role]})));
        json["accessToken"].as_str().unwrap().to_string()
    };
    let (seller_email, buyer_email) = ("seller@example.com", "buyer@example.com");
    let seller = register(seller_email, "FREELANCER");
    let buyer = register(buyer_email, "CLIENT");
    let service = server.ok(
        "POST",
        "/api/v1/services",
        Some(&seller),
        Some(json!({
        "title": "Dog walking", "description": "An hour's walk, twice a day, for friendly dogs.",
        "category": "HOME_AND_PETS", "price": {"amount": 8000, "currency": "USD"},
        "depositPercent": 50, "delivery": {"days": 2}, "remote": false, "location": "Lisbon"})),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let order = server.ok(
        "POST",
        &format!("/api/v1/services/{service}/orders"),
        Some(&buyer),
        Some(json!({"requirements": "Mornings please"})),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let act = |token: &str, action: &str, body: Option<Value>| {
        server.ok(
            "POST",
            &format!("/api/v1/orders/{order}/{action}"),
            Some(token),
            body,
        )
    };
    act(&seller, "accept", None);
    act(
        &buyer,
        "pay-deposit",
        Some(json!({"paymentMethod": "pm_card_visa"})),
    );
    act(&seller, "deliver", None);
    server.ok(
        "POST",
        "/api/v1/wallet/top-ups",
        Some(&buyer),
        Some(
            json!({"amount": {"amount": 5000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}),
        ),
    );
    let done = act(&buyer, "complete", Some(json!({})));
    assert_eq!(done["status"], "COMPLETED", "{done}");

    let order_link = format!("https://work.example/orders/{order}");
    let wallet = "https://work.example/wallet".to_string();
    let expected = [
        (
            seller_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            buyer_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            seller_email,
            "New order for “Dog walking”",
            order_link.clone(),
        ),
        (buyer_email, "Your order was accepted", order_link.clone()),
        (
            buyer_email,
            "Receipt: 40.00 USD added to your wallet",
            wallet.clone(),
        ),
        (
            seller_email,
            "Deposit paid: you can start",
            order_link.clone(),
        ),
        (buyer_email, "Your order was delivered", order_link.clone()),
        (
            buyer_email,
            "Receipt: 50.00 USD added to your wallet",
            wallet,
        ),
        (
            seller_email,
            "Order completed: 72.00 USD paid to you",
            order_link,
        ),
    ];
    assert_delivered(&smtp.wait_for(expected.len()), &expected);
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
