//! A stranger's token on every jobs route: another user's job or proposal is a 404 (a
//! wrong role a 403), and nothing changes.

use std::sync::Arc;

use axum::http::Method;
use serde_json::json;

use super::{TestOpener, app_with, assert_problem, client, freelancer, post_job, propose};

#[tokio::test]
async fn a_stranger_gets_404_or_403_on_every_route_and_changes_nothing() {
    let app = app_with(Arc::new(TestOpener::default())).await;
    let (c, f) = (client(&app, "client").await, freelancer(&app, "free").await);
    let (eve_client, eve_free) = (client(&app, "eve").await, freelancer(&app, "mallory").await);
    let job = post_job(&app, &c, json!({"title": "Logo", "description": "A logo"})).await;
    let proposal = propose(&app, &f, &job, &[json!(10)]).await;
    let body = json!({"coverLetter": "mine now", "jobDuration": "LESS_THAN_A_MONTH"});

    let cases: Vec<(Method, String, Option<serde_json::Value>, &str, u16)> = vec![
        (
            Method::PATCH,
            format!("/api/v1/jobs/{job}"),
            Some(json!({"title": "Hacked"})),
            &eve_client.token,
            404,
        ),
        (
            Method::POST,
            format!("/api/v1/jobs/{job}/close"),
            None,
            &eve_client.token,
            404,
        ),
        (
            Method::GET,
            format!("/api/v1/jobs/{job}/proposals"),
            None,
            &eve_client.token,
            404,
        ),
        (
            Method::GET,
            format!("/api/v1/jobs/{job}/proposals"),
            None,
            &f.token,
            404,
        ),
        (
            Method::GET,
            format!("/api/v1/proposals/{proposal}"),
            None,
            &eve_client.token,
            404,
        ),
        (
            Method::GET,
            format!("/api/v1/proposals/{proposal}"),
            None,
            &eve_free.token,
            404,
        ),
        (
            Method::PUT,
            format!("/api/v1/proposals/{proposal}"),
            Some(body.clone()),
            &eve_free.token,
            404,
        ),
        (
            Method::PUT,
            format!("/api/v1/proposals/{proposal}"),
            Some(body.clone()),
            &c.token,
            403,
        ),
        (
            Method::POST,
            format!("/api/v1/proposals/{proposal}/withdraw"),
            None,
            &eve_free.token,
            404,
        ),
        (
            Method::POST,
            format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
            None,
            &eve_client.token,
            404,
        ),
        (
            Method::POST,
            format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
            None,
            &f.token,
            403,
        ),
        (
            Method::GET,
            "/api/v1/jobs/me".to_string(),
            None,
            &eve_free.token,
            403,
        ),
        (
            Method::GET,
            "/api/v1/jobs/me/proposals".to_string(),
            None,
            &eve_client.token,
            403,
        ),
    ];
    for (method, uri, body, token, status) in cases {
        let res = app
            .call(method.clone(), &uri, Some(token), body.clone())
            .await;
        assert_problem(&res, status, "");
        // And without a token, every one of them is a 401.
        let res = app.call(method, &uri, None, body).await;
        assert_problem(&res, 401, "unauthenticated");
    }
    // The stranger's lists are empty; the job and proposal are unchanged.
    assert_eq!(
        app.get("/api/v1/jobs/me", Some(&eve_client.token))
            .await
            .json["jobs"],
        json!([])
    );
    assert_eq!(
        app.get("/api/v1/jobs/me/proposals", Some(&eve_free.token))
            .await
            .json["proposals"],
        json!([])
    );
    let res = app
        .get(&format!("/api/v1/jobs/{job}"), Some(&eve_free.token))
        .await;
    assert_eq!(
        (res.json["title"].clone(), res.json["active"].clone()),
        (json!("Logo"), json!(true))
    );
    let res = app
        .get(&format!("/api/v1/proposals/{proposal}"), Some(&f.token))
        .await;
    assert_eq!(
        (res.json["coverLetter"].clone(), res.json["status"].clone()),
        (json!("I can do it"), json!("PENDING"))
    );
}
