//! Terminations through WorkUp's routes (an admin handles) and ours (the other party
//! decides), with the escrow of an unpaid funded milestone refunded.

use serde_json::json;

use super::{admin, assert_ledger_balanced, deal, milestone_uri, progress, wallet};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn an_admin_accepts_a_termination_and_the_funded_escrow_goes_back() {
    let app = TestApp::new().await;
    let d = deal(&app, "dan", &[3_000]).await;
    let m = d.milestones[0].clone();
    let funded = app
        .post(&milestone_uri(&m, "fund"), Some(&d.client.token), json!({}))
        .await;
    assert_eq!(funded.status, 200, "{}", funded.text);
    assert_eq!(wallet(&app, &d.client.token).await, (0, 3_000));

    let uri = format!("/api/v1/contracts/{}/terminations/request", d.contract);
    let filed = app
        .post(
            &uri,
            Some(&d.freelancer.token),
            json!({"reason": "no brief", "userId": "x"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.json["statusCode"], "CREATED");
    let request_id = filed.json["requestId"].as_str().unwrap().to_string();
    let second = app
        .post(&uri, Some(&d.client.token), json!({"reason": "agreed"}))
        .await;
    assert_eq!(
        (second.status.as_u16(), second.code()),
        (409, "termination_pending")
    );
    let listed = app
        .get(
            &format!("/api/v1/contracts/{}/terminations", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(
        listed.json["terminationRequests"],
        json!([{"requestId": request_id, "contractId": d.contract,
            "requesterId": d.freelancer.id, "reason": "no brief", "status": "PENDING"}])
    );

    let handle = format!("/api/v1/contracts/terminations/{request_id}/handle");
    let not_admin = app
        .post(
            &handle,
            Some(&d.client.token),
            json!({"chosenStatus": "ACCEPTED"}),
        )
        .await;
    assert_eq!(not_admin.status, 403, "{}", not_admin.text);
    let root = admin(&app).await;
    let pending = app
        .post(&handle, Some(&root), json!({"chosenStatus": "PENDING"}))
        .await;
    assert_eq!(pending.status, 400, "{}", pending.text);
    let handled = app
        .post(&handle, Some(&root), json!({"chosenStatus": "ACCEPTED"}))
        .await;
    assert_eq!(handled.status, 200, "{}", handled.text);
    assert_eq!(handled.json["requestStatus"], "ACCEPTED");
    let again = app
        .post(&handle, Some(&root), json!({"chosenStatus": "REJECTED"}))
        .await;
    assert_eq!(again.status, 409);

    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(contract.json["status"], "TERMINATED");
    assert_eq!(
        wallet(&app, &d.client.token).await,
        (3_000, 0),
        "the escrow came back"
    );
    let late = progress(&app, &d, &m).await;
    assert_eq!(
        (late.status.as_u16(), late.code()),
        (409, "contract_not_active")
    );
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn the_other_party_decides_on_our_route_and_the_requester_may_not() {
    let app = TestApp::new().await;
    let d = deal(&app, "eve", &[1_000]).await;
    let filed = app
        .post(
            &format!("/api/v1/contracts/{}/terminations/request", d.contract),
            Some(&d.client.token),
            json!({"reason": "budget cut"}),
        )
        .await;
    let id = filed.json["requestId"].as_str().unwrap().to_string();
    let decide = format!("/api/v1/contracts/terminations/{id}/decide");
    let own = app
        .post(
            &decide,
            Some(&d.client.token),
            json!({"decision": "ACCEPTED"}),
        )
        .await;
    assert_eq!(own.status, 403, "{}", own.text);
    let unknown = app
        .post(
            &decide,
            Some(&d.freelancer.token),
            json!({"decision": "REJECTED", "extra": 1}),
        )
        .await;
    assert_eq!(
        unknown.status, 400,
        "our routes refuse unknown fields: {}",
        unknown.text
    );
    let rejected = app
        .post(
            &decide,
            Some(&d.freelancer.token),
            json!({"decision": "REJECTED"}),
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);
    assert_eq!(rejected.json["status"], "REJECTED");
    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", d.contract),
            Some(&d.freelancer.token),
        )
        .await;
    assert_eq!(contract.json["status"], "ACTIVE");
}
