//! The iFreelance journey end to end through our own routes, on either engine: a seller
//! signs up and lists a service; a buyer signs up, finds it by keyword and by category,
//! clicks "Get now"; the seller confirms; the buyer pays the deposit by card (held in
//! escrow); the seller delivers; the buyer completes and pays the balance; both review
//! (hidden from each other until both have written); the seller's wallet holds the price
//! minus the platform fee and withdraws it; the listing shows its rating; the ledger
//! balances.

use serde_json::{Value, json};

use axum::http::Method;
use openlance_http::testing::{TestApp, TestResponse};

async fn sign_up(app: &TestApp, name: &str, role: &str) -> (String, String) {
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": format!("{name}@example.com"), "password": "correct horse battery",
                   "name": name, "roles": [role]}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    (
        res.json["user"]["id"].as_str().unwrap().to_string(),
        res.json["accessToken"].as_str().unwrap().to_string(),
    )
}

/// One order action; `accept` and `deliver` take no body.
async fn step(app: &TestApp, token: &str, order: &str, action: &str, body: Option<Value>) -> Value {
    let res = app
        .call(
            Method::POST,
            &format!("/api/v1/orders/{order}/{action}"),
            Some(token),
            body,
        )
        .await;
    assert!(res.status.is_success(), "{action}: {}", res.text);
    res.json
}

fn titles(res: &TestResponse) -> Vec<String> {
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

async fn usd_wallet(app: &TestApp, token: &str) -> (i64, i64) {
    let res = app.get("/api/v1/wallet", Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency"] == "USD")
        .map_or((0, 0), |b| {
            (
                b["available"]["amount"].as_i64().unwrap(),
                b["inEscrow"]["amount"].as_i64().unwrap(),
            )
        })
}

#[tokio::test]
async fn a_service_is_listed_found_booked_paid_delivered_completed_reviewed_and_paid_out() {
    let app = TestApp::new().await;
    let (seller_id, seller) = sign_up(&app, "nadia", "FREELANCER").await;
    let (_, buyer) = sign_up(&app, "oscar", "CLIENT").await;

    // The seller lists a tutoring service: 120.00, 25% deposit.
    let listed = app
        .post(
            "/api/v1/services",
            Some(&seller),
            json!({"title": "Maths tutoring for teenagers",
                   "description": "Algebra and geometry lessons, patient and exam-focused.",
                   "category": "TUTORING", "price": {"amount": 12_000, "currency": "USD"},
                   "depositPercent": 25, "delivery": {"days": 7}, "remote": true,
                   "tags": ["maths", "exams"]}),
        )
        .await;
    assert_eq!(listed.status, 201, "{}", listed.text);
    let service = listed.json["id"].as_str().unwrap().to_string();

    // The buyer finds it by a stemmed keyword and by its category, anonymously.
    let wanted = vec!["Maths tutoring for teenagers".to_string()];
    assert_eq!(
        titles(&app.get("/api/v1/services?q=lesson", None).await),
        wanted
    );
    assert_eq!(
        titles(&app.get("/api/v1/services?category=TUTORING", None).await),
        wanted
    );
    assert!(titles(&app.get("/api/v1/services?category=DESIGN", None).await).is_empty());

    // "Get now", then the seller's "Confirm request".
    let placed = app
        .post(
            &format!("/api/v1/services/{service}/orders"),
            Some(&buyer),
            json!({"requirements": "Two lessons a week before the June exams."}),
        )
        .await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    assert_eq!(placed.json["status"], "REQUESTED");
    let order = placed.json["id"].as_str().unwrap().to_string();
    let card = json!({"paymentMethod": "pm_card_visa"});
    assert_eq!(
        step(&app, &seller, &order, "accept", None).await["status"],
        "ACCEPTED"
    );

    // The deposit (25% of 120.00) is charged to the card and held in escrow.
    let deposit = step(&app, &buyer, &order, "pay-deposit", Some(card.clone())).await;
    assert_eq!(deposit["status"], "DEPOSIT_PAID");
    assert_eq!(usd_wallet(&app, &buyer).await, (0, 3_000));
    assert_eq!(usd_wallet(&app, &seller).await, (0, 0));

    assert_eq!(
        step(&app, &seller, &order, "deliver", None).await["status"],
        "DELIVERED"
    );
    // Completing pays the balance (90.00) by card; escrow and balance go to the seller
    // minus the 10% platform fee.
    let done = step(&app, &buyer, &order, "complete", Some(card)).await;
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(usd_wallet(&app, &buyer).await, (0, 0));
    assert_eq!(usd_wallet(&app, &seller).await, (10_800, 0));

    // The history names every step in order.
    let read = app
        .get(&format!("/api/v1/orders/{order}"), Some(&buyer))
        .await;
    let moves: Vec<_> = read.json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        moves,
        [
            "REQUESTED",
            "ACCEPTED",
            "DEPOSIT_PAID",
            "DELIVERED",
            "COMPLETED"
        ]
    );

    // Both review; neither sees the other's until both have written.
    let reviews = format!("/api/v1/orders/{order}/reviews");
    let first = app
        .post(
            &reviews,
            Some(&buyer),
            json!({"rating": 5, "text": "Patient and clear."}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let hidden = app.get(&reviews, Some(&seller)).await;
    assert_eq!(hidden.json["reviews"], json!([]), "{}", hidden.text);
    let second = app
        .post(
            &reviews,
            Some(&seller),
            json!({"rating": 4, "text": "Well prepared student."}),
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.text);
    let both = app.get(&reviews, Some(&seller)).await;
    assert_eq!(both.json["reviews"].as_array().unwrap().len(), 2);
    let page = app.get(&format!("/api/v1/services/{service}"), None).await;
    assert_eq!(page.json["rating"]["count"], 1, "{}", page.text);
    assert_eq!(page.json["rating"]["average"], 5.0);
    let profile = app.get(&format!("/api/v1/users/{seller_id}"), None).await;
    assert_eq!(profile.json["rating"]["count"], 1, "{}", profile.text);

    // The seller withdraws the earnings.
    let out = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&seller),
            json!({"amount": {"amount": 10_800, "currency": "USD"}}),
        )
        .await;
    assert!(out.status.is_success(), "{}", out.text);
    assert_eq!(usd_wallet(&app, &seller).await, (0, 0));

    // What `openlance admin ledger check` runs.
    let report = app.state.payments.check_ledger().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
