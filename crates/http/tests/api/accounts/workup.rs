//! WorkUp's user routes: registration and login bodies, profiles, links, skills and
//! languages, briefs, and who may touch what.

use axum::http::StatusCode;
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestUser};
use serde_json::json;

pub(super) async fn workup_freelancer(app: &TestApp, email: &str) -> TestUser {
    let res = app
        .post(
            "/api/v1/users/freelancers/register",
            None,
            json!({"email": email, "password": TEST_PASSWORD, "fullName": "Grace Hopper",
                   "jobTitle": "Compiler writer", "city": "Arlington", "birthDate": "1906-12-09"}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "WorkUp registers with a 200: {}",
        res.text
    );
    TestUser {
        id: res.json["userId"].as_str().unwrap().to_string(),
        email: email.to_string(),
        token: res.json["authToken"].as_str().unwrap().to_string(),
        refresh_token: res.json["refreshToken"].as_str().unwrap().to_string(),
    }
}

#[tokio::test]
async fn workup_registration_and_login_give_an_auth_token_that_works_on_our_routes() {
    let app = TestApp::new().await;
    let res = app
        .post(
            "/api/v1/users/clients/register",
            None,
            json!({"email": "Acme@Example.com", "password": TEST_PASSWORD, "clientName": "Acme",
                   "industry": "Rockets", "city": "Tucson", "description": "We build things",
                   "employeeCount": 40, "userId": "ignored"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["userType"], "CLIENT");
    let client_id = res.json["userId"].as_str().unwrap().to_string();
    let me = app
        .get("/api/v1/users/me", res.json["authToken"].as_str())
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json["id"], client_id.as_str());
    assert_eq!(me.json["roles"], json!(["CLIENT"]));
    assert_eq!(me.json["companyName"], "Acme");
    assert_eq!(me.json["employeeCount"], 40);

    let grace = workup_freelancer(&app, "grace@example.com").await;
    let me = app.get("/api/v1/users/me", Some(&grace.token)).await;
    assert_eq!(me.json["name"], "Grace Hopper");
    assert_eq!(me.json["jobTitle"], "Compiler writer");

    let login = app
        .post(
            "/api/v1/users/login",
            None,
            json!({"email": "grace@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(login.json["userType"], "FREELANCER");
    assert_eq!(login.json["userId"], grace.id.as_str());
    let me = app
        .get("/api/v1/users/me", login.json["authToken"].as_str())
        .await;
    assert_eq!(me.json["id"], grace.id.as_str());

    let wrong = app
        .post(
            "/api/v1/users/login",
            None,
            json!({"email": "grace@example.com", "password": "wrong password!"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    // Same email through the other form: 409.
    let dup = app
        .post(
            "/api/v1/users/clients/register",
            None,
            json!({"email": "GRACE@example.com", "password": TEST_PASSWORD, "clientName": "G"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    // A documented difference: WorkUp took any string as an e-mail address; we do not.
    let bad = app
        .post(
            "/api/v1/users/freelancers/register",
            None,
            json!({"email": "not an address", "password": TEST_PASSWORD, "fullName": "X"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert_eq!(bad.json["errors"][0]["field"], "email");
    assert_eq!(bad.json["statusCode"], "BAD_REQUEST");
    // Bad values name WorkUp's fields.
    let bad = app
        .post(
            "/api/v1/users/clients/register",
            None,
            json!({"email": "x@example.com", "password": TEST_PASSWORD, "clientName": "",
                   "employeeCount": -1}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = bad.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"clientName") && fields.contains(&"employeeCount"),
        "{fields:?}"
    );
    let bad = app
        .post(
            "/api/v1/users/freelancers/register",
            None,
            json!({"email": "y@example.com", "password": TEST_PASSWORD, "fullName": "Y",
                   "birthDate": "yesterday"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json["errors"][0]["field"], "birthDate");
}

#[tokio::test]
async fn freelancer_profile_photo_resume_skills_and_languages() {
    let app = TestApp::new().await;
    let grace = workup_freelancer(&app, "grace@example.com").await;
    let t = Some(grace.token.as_str());

    let p = app.get("/api/v1/users/freelancer/profile", t).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(p.json["fullName"], "Grace Hopper");
    assert_eq!(p.json["birthDate"], "1906-12-09");
    assert_eq!(p.json["email"], "grace@example.com");

    let p = app
        .post(
            "/api/v1/users/freelancer/profile",
            t,
            json!({"description": "COBOL", "city": "New York"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(p.json["description"], "COBOL");
    assert_eq!(p.json["city"], "New York");
    assert_eq!(p.json["jobTitle"], "Compiler writer");

    let photo = "https://cdn.example.com/grace.jpg";
    let res = app
        .post(
            "/api/v1/users/freelancer/photo",
            t,
            json!({"photoLink": photo}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        app.get("/api/v1/users/freelancer/photo", t).await.json["photoLink"],
        photo
    );
    let res = app
        .post(
            "/api/v1/users/freelancer/photo",
            t,
            json!({"photoLink": "ftp://x"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let resume = "https://cdn.example.com/grace.pdf";
    app.post(
        "/api/v1/users/freelancer/resume",
        t,
        json!({"resumeLink": resume}),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/users/freelancer/resume", t).await.json["resumeLink"],
        resume
    );

    for skill in ["COBOL", "Compilers", "cobol"] {
        let res = app
            .post(
                "/api/v1/users/freelancer/skills",
                t,
                json!({"newSkill": skill, "userId": grace.id}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        assert_eq!(res.json["statusCode"], "CREATED");
    }
    let skills = app.get("/api/v1/users/freelancer/skills", t).await;
    assert_eq!(skills.json["skills"], json!(["COBOL", "Compilers"]));
    let res = app
        .call(
            axum::http::Method::DELETE,
            "/api/v1/users/freelancer/skills",
            t,
            Some(json!({"skillToRemove": "cobol"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["skills"], json!(["Compilers"]));
    let res = app
        .delete("/api/v1/users/freelancer/skills?skillToRemove=Compilers", t)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["statusCode"], "OK");
    assert_eq!(res.json["skills"], json!([]));
    let res = app
        .delete("/api/v1/users/freelancer/skills?skillToRemove=Compilers", t)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.delete("/api/v1/users/freelancer/skills", t).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    let res = app
        .post(
            "/api/v1/users/freelancer/languages",
            t,
            json!({"newLanguage": "English", "userId": grace.id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let langs = app.get("/api/v1/users/freelancer/languages", t).await;
    assert_eq!(langs.json["languages"], json!(["English"]));
    let res = app
        .delete(
            "/api/v1/users/freelancer/languages?languageToRemove=english",
            t,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["languages"], json!([]));
    let res = app
        .post(
            "/api/v1/users/freelancer/languages",
            t,
            json!({"language": "French"}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::BAD_REQUEST,
        "WorkUp's name is newLanguage"
    );
}

#[tokio::test]
async fn client_profile_and_photo() {
    let app = TestApp::new().await;
    let acme = app.register("acme@example.com", &["CLIENT"]).await;
    let t = Some(acme.token.as_str());
    let res = app
        .post(
            "/api/v1/users/client/profile",
            t,
            json!({"name": "Acme Corp", "industry": "Rockets", "employeeCount": 12}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let p = app.get("/api/v1/users/client/profile", t).await;
    assert_eq!(p.json["name"], "Acme Corp");
    assert_eq!(p.json["industry"], "Rockets");
    assert_eq!(p.json["employeeCount"], 12);
    assert_eq!(p.json["email"], "acme@example.com");
    let res = app
        .post(
            "/api/v1/users/client/profile",
            t,
            json!({"employeeCount": "many"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let photo = "https://cdn.example.com/acme.png";
    app.post("/api/v1/users/client/photo", t, json!({"photoLink": photo}))
        .await;
    assert_eq!(
        app.get("/api/v1/users/client/photo", t).await.json["photoLink"],
        photo
    );
}
