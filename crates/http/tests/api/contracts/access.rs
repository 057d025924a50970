//! Every contracts route with no token, a stranger's token, the wrong role and bad
//! input: 401, 404, 403 and 400, and nothing changes.

use axum::http::Method;
use serde_json::{Value, json};

use super::{deal, milestone_status, milestone_uri, progress};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn a_stranger_finds_nothing_and_changes_nothing() {
    let app = TestApp::new().await;
    let d = deal(&app, "fay", &[1_000]).await;
    let m = d.milestones[0].clone();
    let filed = app
        .post(
            &format!("/api/v1/contracts/{}/terminations/request", d.contract),
            Some(&d.client.token),
            json!({"reason": "why not"}),
        )
        .await;
    let t = filed.json["requestId"].as_str().unwrap().to_string();
    let stranger = app
        .register("stranger@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let c = &d.contract;
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/api/v1/contracts/{c}"), None),
        (
            Method::GET,
            format!("/api/v1/contracts/{c}/milestones"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/contracts/milestones/{m}"),
            None,
        ),
        (Method::GET, format!("/api/v1/contracts/{c}/history"), None),
        (
            Method::GET,
            format!("/api/v1/contracts/{c}/terminations"),
            None,
        ),
        (Method::POST, milestone_uri(&m, "progress"), Some(json!({}))),
        (
            Method::POST,
            milestone_uri(&m, "evaluate"),
            Some(json!({"evaluatedState": "ACCEPTED"})),
        ),
        (Method::POST, milestone_uri(&m, "fund"), Some(json!({}))),
        (
            Method::POST,
            format!("/api/v1/contracts/{c}/terminations/request"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/contracts/terminations/{t}/decide"),
            Some(json!({"decision": "ACCEPTED"})),
        ),
    ];
    for (method, uri, body) in &routes {
        let res = app
            .call(method.clone(), uri, Some(&stranger.token), body.clone())
            .await;
        assert_eq!(res.status, 404, "{method} {uri}: {}", res.text);
        let res = app.call(method.clone(), uri, None, body.clone()).await;
        assert_eq!(res.status, 401, "{method} {uri}: {}", res.text);
    }
    let handle = format!("/api/v1/contracts/terminations/{t}/handle");
    let res = app
        .post(
            &handle,
            Some(&stranger.token),
            json!({"chosenStatus": "ACCEPTED"}),
        )
        .await;
    assert_eq!(res.status, 403, "only an admin handles: {}", res.text);
    let mine = app.get("/api/v1/contracts", Some(&stranger.token)).await;
    assert_eq!(mine.json["items"], json!([]));
    assert_eq!(milestone_status(&app, &d, &m).await, "OPEN");
    assert_eq!(
        app.state
            .payments
            .wallet(openlance_core::id::UserId::parse(&stranger.id).unwrap())
            .await
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn wrong_roles_are_403_and_bad_input_is_400() {
    let app = TestApp::new().await;
    let d = deal(&app, "gus", &[1_000]).await;
    let m = d.milestones[0].clone();
    // WorkUp's role rules: the client may not progress, the freelancer may not evaluate.
    let res = app
        .post(
            &milestone_uri(&m, "progress"),
            Some(&d.client.token),
            json!({}),
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.text);
    assert_eq!(res.json["statusCode"], "FORBIDDEN");
    progress(&app, &d, &m).await;
    progress(&app, &d, &m).await;
    let res = app
        .post(
            &milestone_uri(&m, "evaluate"),
            Some(&d.freelancer.token),
            json!({"evaluatedState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.text);
    let res = app
        .post(
            &milestone_uri(&m, "fund"),
            Some(&d.freelancer.token),
            json!({}),
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.text);

    let bad: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/contracts/not-an-id".into(), None),
        (Method::GET, "/api/v1/contracts/milestones/42".into(), None),
        (Method::GET, "/api/v1/contracts?status=SIGNED".into(), None),
        (Method::GET, "/api/v1/contracts?role=boss".into(), None),
        (
            Method::GET,
            "/api/v1/contracts?cursor=garbage!".into(),
            None,
        ),
        (Method::GET, "/api/v1/contracts?limit=0".into(), None),
        (
            Method::POST,
            milestone_uri(&m, "evaluate"),
            Some(json!({"evaluatedState": "PAID"})),
        ),
        (
            Method::POST,
            milestone_uri(&m, "evaluate"),
            Some(json!({"evaluatedState": "OPEN"})),
        ),
        (
            Method::POST,
            milestone_uri(&m, "evaluate"),
            Some(json!({"evaluatedState": "DONE"})),
        ),
        (Method::POST, milestone_uri(&m, "evaluate"), Some(json!({}))),
        (
            Method::POST,
            milestone_uri(&m, "fund"),
            Some(json!({"amount": 5})),
        ),
        (
            Method::POST,
            format!("/api/v1/contracts/{}/terminations/request", d.contract),
            Some(json!({"reason": "  "})),
        ),
        (
            Method::POST,
            format!("/api/v1/contracts/{}/terminations/request", d.contract),
            Some(json!({})),
        ),
    ];
    for (method, uri, body) in &bad {
        let res = app
            .call(method.clone(), uri, Some(&d.client.token), body.clone())
            .await;
        assert_eq!(res.status, 400, "{method} {uri} {body:?}: {}", res.text);
        assert!(
            res.content_type().starts_with("application/problem+json"),
            "{uri}"
        );
    }
    assert_eq!(
        milestone_status(&app, &d, &m).await,
        "IN_REVIEW",
        "nothing changed"
    );
    let terminations = app
        .get(
            &format!("/api/v1/contracts/{}/terminations", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(terminations.json["terminationRequests"], json!([]));
    assert!(
        app.state
            .payments
            .wallet(openlance_core::id::UserId::parse(&d.client.id).unwrap())
            .await
            .unwrap()
            .is_empty()
    );
}
