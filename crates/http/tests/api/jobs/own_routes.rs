//! Openlance's own jobs routes: search with filters and cursors, update, close, withdraw.

use serde_json::json;

use super::{assert_problem, client, freelancer, post_job, propose};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn search_finds_open_jobs_by_stemmed_keyword_and_skill_with_cursor_pages() {
    let app = TestApp::new().await;
    let c = client(&app, "client").await;
    let logo = post_job(&app, &c, json!({"title": "Logo design", "description": "A bakery logo", "skills": ["Illustrator"], "budget": {"amount": 50000, "currency": "USD"}, "duration": "LESS_THAN_A_MONTH"})).await;
    let site = post_job(&app, &c, json!({"title": "Shop", "description": "Designing a web shop", "skills": ["HTML", "CSS"], "budget": 900, "experience": "EXPERT"})).await;
    post_job(
        &app,
        &c,
        json!({"title": "Photos", "description": "Wedding photos"}),
    )
    .await;

    let res = app.get("/api/v1/jobs?q=designing", None).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let ids: Vec<_> = res.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [site.clone(), logo.clone()]);
    assert_eq!(
        res.json["items"][1]["budget"],
        json!({"amount": 50000, "currency": "USD"})
    );
    assert_eq!(
        res.json["items"][0]["budget"],
        json!({"amount": 90000, "currency": "USD"})
    );
    assert!(
        res.json.get("statusCode").is_none(),
        "our routes carry no WorkUp envelope"
    );

    let res = app.get("/api/v1/jobs?skills=css,html", None).await;
    assert_eq!(res.json["items"][0]["id"], site);
    assert_eq!(res.json["items"].as_array().unwrap().len(), 1);
    let res = app
        .get(
            "/api/v1/jobs?q=design&experience=EXPERT&minBudget=50000",
            None,
        )
        .await;
    assert_eq!(res.json["items"].as_array().unwrap().len(), 1);
    let res = app
        .get(
            "/api/v1/jobs?q=design&maxBudget=60000&duration=LESS_THAN_A_MONTH&sort=best",
            None,
        )
        .await;
    assert_eq!(res.json["items"][0]["id"], logo);

    let page = app.get("/api/v1/jobs?limit=2", None).await;
    assert_eq!(page.json["items"].as_array().unwrap().len(), 2);
    let cursor = page.json["nextCursor"].as_str().unwrap();
    let rest = app
        .get(&format!("/api/v1/jobs?limit=2&cursor={cursor}"), None)
        .await;
    assert_eq!(rest.json["items"][0]["id"], logo);
    assert_eq!(rest.json["nextCursor"], json!(null));

    for bad in [
        "/api/v1/jobs?limit=0",
        "/api/v1/jobs?experience=GURU",
        "/api/v1/jobs?sort=random",
        "/api/v1/jobs?cursor=zzz",
        "/api/v1/jobs?unknown=1",
        "/api/v1/jobs?minBudget=10&maxBudget=5",
    ] {
        assert_problem(&app.get(bad, None).await, 400, "validation_failed");
    }
}

#[tokio::test]
async fn the_owner_updates_and_closes_and_the_author_withdraws() {
    let app = TestApp::new().await;
    let (c, f) = (client(&app, "client").await, freelancer(&app, "free").await);
    let job = post_job(&app, &c, json!({"title": "Logo", "description": "A logo"})).await;
    let uri = format!("/api/v1/jobs/{job}");

    let res = app.patch(&uri, Some(&c.token), json!({"title": "Mascot", "skills": ["Drawing"], "budget": {"amount": 1000, "currency": "USD"}})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        (res.json["title"].clone(), res.json["status"].clone()),
        (json!("Mascot"), json!("OPEN"))
    );
    assert_problem(
        &app.patch(&uri, Some(&c.token), json!({"userId": "x"}))
            .await,
        400,
        "",
    );
    assert_problem(
        &app.patch(&uri, Some(&c.token), json!({"title": ""})).await,
        400,
        "validation_failed",
    );
    assert_problem(
        &app.patch(
            &uri,
            Some(&c.token),
            json!({"budget": {"amount": -1, "currency": "USD"}}),
        )
        .await,
        400,
        "",
    );
    let res = app.get("/api/v1/jobs?q=drawing", None).await;
    assert_eq!(res.json["items"][0]["title"], "Mascot");

    let proposal = propose(&app, &f, &job, &[json!(10)]).await;
    let withdraw = format!("/api/v1/proposals/{proposal}/withdraw");
    assert_problem(
        &app.post(&withdraw, Some(&c.token), json!(null)).await,
        403,
        "forbidden",
    );
    let res = app.post(&withdraw, Some(&f.token), json!(null)).await;
    assert_eq!(
        (res.status.as_u16(), res.json["status"].clone()),
        (200, json!("WITHDRAWN")),
        "{}",
        res.text
    );
    assert_problem(
        &app.post(&withdraw, Some(&f.token), json!(null)).await,
        409,
        "invalid_transition",
    );

    let close = format!("{uri}/close");
    let res = app.post(&close, Some(&c.token), json!(null)).await;
    assert_eq!(
        (res.status.as_u16(), res.json["status"].clone()),
        (200, json!("CLOSED")),
        "{}",
        res.text
    );
    assert_problem(
        &app.post(&close, Some(&c.token), json!(null)).await,
        409,
        "invalid_transition",
    );
    assert_problem(
        &app.patch(&uri, Some(&c.token), json!({"title": "Again"}))
            .await,
        409,
        "job_not_open",
    );
    assert_eq!(
        app.get("/api/v1/jobs?q=drawing", None).await.json["items"],
        json!([])
    );
}
