//! WorkUp's job and proposal routes: its bodies (extra fields ignored, amounts as
//! numbers or strings), its answers and its envelope.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::json;

use super::{TestOpener, app_with, assert_problem, client, due, freelancer, post_job, propose};

#[tokio::test]
async fn the_workup_journey_from_posting_to_accepting_answers_workups_json() {
    let opener = Arc::new(TestOpener::default());
    let app = app_with(opener.clone()).await;
    let (c, f) = (client(&app, "client").await, freelancer(&app, "free").await);

    // Only a title and a description, plus a field WorkUp sends that we do not use.
    let res = app
        .post(
            "/api/v1/jobs",
            Some(&c.token),
            json!({"title": "Logo design", "description": "A logo for a bakery", "userId": c.id}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.json["statusCode"], "CREATED");
    assert_eq!(res.json["errorMessage"], json!(null));
    let job = res.json["jobId"].as_str().unwrap().to_string();

    let res = app
        .get(&format!("/api/v1/jobs/{job}"), Some(&f.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    for key in [
        "id",
        "title",
        "description",
        "location",
        "budget",
        "skills",
        "experience",
        "clientId",
        "active",
        "createdAt",
        "modifiedAt",
    ] {
        assert!(res.json.get(key).is_some(), "{key} missing: {}", res.text);
    }
    assert_eq!(
        (res.json["active"].clone(), res.json["clientId"].clone()),
        (json!(true), json!(c.id))
    );
    assert_eq!(res.json["statusCode"], "OK");

    // A budget as a string of whole units; experience and skills.
    let second = post_job(
        &app,
        &c,
        json!({"title": "Website", "description": "Designing a shop", "budget": "50", "skills": ["HTML"], "experience": "EXPERT", "location": "Cairo"}),
    )
    .await;
    let res = app
        .get(&format!("/api/v1/jobs/{second}"), Some(&f.token))
        .await;
    assert_eq!(
        (res.json["budget"].clone(), res.json["experience"].clone()),
        (json!(50.0), json!("EXPERT"))
    );

    let res = app
        .get("/api/v1/jobs/search?query=design&pageLimit=1", None)
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let found = res.json["jobs"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], second);
    let mut keys: Vec<_> = found[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["description", "experience", "id", "skills", "title"]);
    let paging = res.json["pagingState"].as_str().unwrap().to_string();
    let res = app
        .get(
            &format!("/api/v1/jobs/search?query=design&pageLimit=1&pagingState={paging}"),
            None,
        )
        .await;
    assert_eq!(res.json["jobs"][0]["id"], job);
    assert_eq!(res.json["pagingState"], json!(null));

    let res = app.get("/api/v1/jobs/me", Some(&c.token)).await;
    assert_eq!(
        res.json["jobs"].as_array().unwrap().len(),
        2,
        "{}",
        res.text
    );

    // Propose with a string amount and WorkUp's extra fields.
    let res = app
        .post(
            &format!("/api/v1/jobs/{job}/proposals"),
            Some(&f.token),
            json!({"coverLetter": "I can", "jobDuration": "LESS_THAN_A_MONTH", "userId": f.id, "jobId": job, "freelancerId": f.id,
                   "milestones": [{"description": "sketches", "amount": "100", "dueDate": due(&app, 3)}],
                   "attachments": [{"name": "cv.pdf", "url": "https://example.com/cv.pdf"}]}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.json["statusCode"], "CREATED");
    let proposal = res.json["id"].as_str().unwrap().to_string();

    let res = app
        .get(&format!("/api/v1/jobs/{job}/proposals"), Some(&c.token))
        .await;
    let listed = &res.json["proposals"][0];
    for key in [
        "id",
        "jobId",
        "freelancerId",
        "coverLetter",
        "status",
        "createdAt",
        "modifiedAt",
        "duration",
        "attachments",
        "milestones",
    ] {
        assert!(listed.get(key).is_some(), "{key} missing: {}", res.text);
    }
    assert_eq!(listed["milestones"][0]["amount"], json!(100.0));
    assert_eq!(listed["status"], "PENDING");
    let res = app.get("/api/v1/jobs/me/proposals", Some(&f.token)).await;
    assert_eq!(res.json["proposals"][0]["id"], proposal);

    let res = app
        .put(
            &format!("/api/v1/proposals/{proposal}"),
            Some(&f.token),
            json!({"coverLetter": "Better", "jobDuration": "ONE_TO_THREE_MONTHS", "userId": f.id,
                   "milestones": [{"description": "a", "amount": 60, "dueDate": due(&app, 3)}, {"description": "b", "amount": 12.5, "dueDate": due(&app, 9)}]}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["milestones"][1]["amount"], json!(12.5));
    let res = app
        .get(&format!("/api/v1/proposals/{proposal}"), Some(&c.token))
        .await;
    assert_eq!(
        (
            res.json["coverLetter"].clone(),
            res.json["duration"].clone()
        ),
        (json!("Better"), json!("ONE_TO_THREE_MONTHS"))
    );

    // Accept: no body, no Content-Type.
    let req = Request::post(format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"))
        .header(header::AUTHORIZATION, format!("Bearer {}", c.token))
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["job"], json!({"id": job, "active": false}));
    assert_eq!(
        res.json["proposal"],
        json!({"id": proposal, "status": "ACCEPTED"})
    );
    assert_eq!(res.json["contractId"], format!("contract-for-{proposal}"));
    assert!(res.json["message"].is_string());
    assert_eq!(res.json["statusCode"], "OK");
    assert_eq!(opener.0.load(std::sync::atomic::Ordering::SeqCst), 1);

    let res = app
        .get(&format!("/api/v1/jobs/{job}"), Some(&f.token))
        .await;
    assert_eq!(
        (res.json["active"].clone(), res.json["status"].clone()),
        (json!(false), json!("FILLED"))
    );
    let res = app.get("/api/v1/jobs/search?query=logo", None).await;
    assert_eq!(res.json["jobs"], json!([]));
}

#[tokio::test]
async fn workup_bad_input_is_a_4xx_with_the_envelope_and_writes_nothing() {
    let app = app_with(Arc::new(TestOpener::default())).await;
    let (c, f) = (client(&app, "client").await, freelancer(&app, "free").await);
    let post = |body| app.post("/api/v1/jobs", Some(&c.token), body);
    for body in [
        json!({"title": "T"}),
        json!({"title": "", "description": "D"}),
        json!({"title": "T", "description": "D", "budget": 12.345}),
        json!({"title": "T", "description": "D", "budget": "fifty"}),
        json!({"title": "T", "description": "D", "budget": 0}),
        json!({"title": "T", "description": "D", "budget": -5}),
        json!({"title": "T", "description": "D", "experience": "GURU"}),
        json!({"title": "T", "description": "D", "skills": "not-a-list"}),
    ] {
        let res = post(body.clone()).await;
        assert_problem(&res, 400, "");
        assert_eq!(res.json["statusCode"], "BAD_REQUEST", "{body}");
        assert!(res.json["errorMessage"].is_string());
    }
    assert_eq!(
        app.get("/api/v1/jobs/me", Some(&c.token)).await.json["jobs"],
        json!([])
    );

    // Roles: a freelancer posts no job, a client sends no proposal.
    assert_problem(
        &app.post(
            "/api/v1/jobs",
            Some(&f.token),
            json!({"title": "T", "description": "D"}),
        )
        .await,
        403,
        "forbidden",
    );
    let job = post_job(&app, &c, json!({"title": "T", "description": "D"})).await;
    let uri = format!("/api/v1/jobs/{job}/proposals");
    let ok = json!({"coverLetter": "c", "jobDuration": "LESS_THAN_A_MONTH"});
    assert_problem(
        &app.post(&uri, Some(&c.token), ok.clone()).await,
        403,
        "forbidden",
    );
    for (milestone, field) in [
        (
            json!({"description": "m", "amount": 0, "dueDate": due(&app, 3)}),
            "milestones[0].amount",
        ),
        (
            json!({"description": "m", "amount": "-1", "dueDate": due(&app, 3)}),
            "milestones[0].amount",
        ),
        (
            json!({"description": "m", "amount": "ten", "dueDate": due(&app, 3)}),
            "milestones[0].amount",
        ),
        (
            json!({"description": "m", "amount": 10, "dueDate": "2000-01-01"}),
            "milestones[0].dueDate",
        ),
        (
            json!({"description": "m", "amount": 10, "dueDate": "tomorrow"}),
            "milestones[0].dueDate",
        ),
        (
            json!({"description": "", "amount": 10, "dueDate": due(&app, 3)}),
            "milestones[0].description",
        ),
    ] {
        let res = app
            .post(&uri, Some(&f.token), json!({"coverLetter": "c", "jobDuration": "LESS_THAN_A_MONTH", "milestones": [milestone]}))
            .await;
        assert_problem(&res, 400, "validation_failed");
        assert_eq!(res.json["errors"][0]["field"], field, "{}", res.text);
    }
    let res = app
        .post(
            &uri,
            Some(&f.token),
            json!({"coverLetter": "c", "jobDuration": "FOREVER"}),
        )
        .await;
    assert_problem(&res, 400, "");
    assert_eq!(
        app.get(&uri, Some(&c.token)).await.json["proposals"],
        json!([])
    );

    // Own job (a user with both roles), duplicate, closed job.
    let both = app
        .register("both@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let own = post_job(&app, &both, json!({"title": "Mine", "description": "D"})).await;
    assert_problem(
        &app.post(
            &format!("/api/v1/jobs/{own}/proposals"),
            Some(&both.token),
            ok.clone(),
        )
        .await,
        422,
        "own_job",
    );
    propose(&app, &f, &job, &[json!(10)]).await;
    assert_problem(
        &app.post(&uri, Some(&f.token), ok.clone()).await,
        409,
        "proposal_exists",
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/jobs/{job}/close"),
            Some(&c.token),
            json!(null)
        )
        .await
        .status,
        200
    );
    let other = freelancer(&app, "other").await;
    assert_problem(
        &app.post(&uri, Some(&other.token), ok).await,
        409,
        "job_not_open",
    );
    assert_problem(
        &app.get("/api/v1/jobs/not-an-id", Some(&c.token)).await,
        400,
        "validation_failed",
    );
    assert_problem(
        &app.get("/api/v1/jobs/search?pageLimit=0", None).await,
        400,
        "validation_failed",
    );
    assert_problem(
        &app.get("/api/v1/jobs/search?pagingState=bogus", None).await,
        400,
        "validation_failed",
    );
}
