//! Achievements, education and experience: create, list, update, delete, only one's own.

use axum::http::{Method, StatusCode};
use openlance_http::testing::TestApp;
use serde_json::{Value, json};

struct Kind {
    path: &'static str,
    list_key: &'static str,
    create: Value,
    update: Value,
    changed_field: &'static str,
    missing_required: Value,
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            path: "/api/v1/users/freelancer/achievements",
            list_key: "achievements",
            create: json!({"achievementName": "Turing Award", "awardedBy": "ACM",
                           "achievementDescription": "For compilers", "awardDate": "1990-01-01"}),
            update: json!({"awardedBy": "IEEE"}),
            changed_field: "awardedBy",
            missing_required: json!({"awardedBy": "ACM"}),
        },
        Kind {
            path: "/api/v1/users/freelancer/education",
            list_key: "educations",
            create: json!({"school": "Yale", "degree": "PhD", "major": "Mathematics",
                           "startDate": "1928-09-01", "endDate": "1934-06-01",
                           "educationDescription": "Thesis on irreducibility", "grade": "A"}),
            update: json!({"grade": "A+"}),
            changed_field: "grade",
            missing_required: json!({"degree": "PhD"}),
        },
        Kind {
            path: "/api/v1/users/freelancer/experience",
            list_key: "experiences",
            create: json!({"companyName": "US Navy", "jobTitle": "Rear Admiral",
                           "employmentStart": "1943-12-01", "employmentEnd": "1986-08-14",
                           "city": "Washington", "experienceDescription": "Mark I"}),
            update: json!({"city": "Arlington"}),
            changed_field: "city",
            missing_required: json!({"companyName": "Navy"}),
        },
    ]
}

#[tokio::test]
async fn items_round_trip_for_their_owner_and_are_404_for_everyone_else() {
    let app = TestApp::new().await;
    let grace = app.register("grace@example.com", &["FREELANCER"]).await;
    let mallory = app.register("mallory@example.com", &["FREELANCER"]).await;
    let (g, m) = (Some(grace.token.as_str()), Some(mallory.token.as_str()));

    for kind in kinds() {
        let res = app.post(kind.path, g, kind.create.clone()).await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "{}: {}",
            kind.path,
            res.text
        );
        let id = res.json["id"].as_str().unwrap().to_string();

        let list = app.get(kind.path, g).await;
        let items = list.json[kind.list_key].as_array().unwrap().clone();
        assert_eq!(items.len(), 1, "{}", list.text);
        assert_eq!(items[0]["id"], id.as_str());
        for (k, v) in kind.create.as_object().unwrap() {
            assert_eq!(&items[0][k], v, "{} {k}", kind.path);
        }

        // Another freelancer: cannot see, update or delete it.
        assert_eq!(app.get(kind.path, m).await.json[kind.list_key], json!([]));
        let mut update = kind.update.clone();
        update["id"] = json!(id);
        let res = app.put(kind.path, m, update.clone()).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", kind.path);
        let res = app
            .call(Method::DELETE, kind.path, m, Some(json!({"id": id})))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", kind.path);
        let res = app.delete(&format!("{}?id={id}", kind.path), m).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);

        // The owner updates only the fields sent.
        let res = app.put(kind.path, g, update.clone()).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(
            res.json[kind.changed_field],
            kind.update[kind.changed_field]
        );
        let items = app.get(kind.path, g).await.json[kind.list_key].clone();
        assert_eq!(
            items[0][kind.changed_field],
            kind.update[kind.changed_field]
        );
        let (first_key, first_value) = kind.create.as_object().unwrap().iter().next().unwrap();
        if first_key != kind.changed_field {
            assert_eq!(&items[0][first_key], first_value, "untouched fields stay");
        }

        // Public profile shows the items.
        let public = app.get(&format!("/api/v1/users/{}", grace.id), None).await;
        assert!(public.text.contains(&id), "{}", public.text);

        // Bad input.
        for bad in [kind.missing_required.clone(), json!({"unknown": 1}), {
            let mut b = kind.create.clone();
            b["id"] = json!(id);
            b
        }] {
            let res = app.post(kind.path, g, bad.clone()).await;
            assert_eq!(
                res.status,
                StatusCode::BAD_REQUEST,
                "{} {bad}: {}",
                kind.path,
                res.text
            );
        }
        let res = app.put(kind.path, g, kind.update.clone()).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "PUT needs an id");
        let res = app.put(kind.path, g, json!({"id": "not-an-id"})).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = app.delete(&format!("{}?id=nope", kind.path), g).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);

        // The owner deletes it (query form), then it is gone.
        let res = app.delete(&format!("{}?id={id}", kind.path), g).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
        assert_eq!(app.get(kind.path, g).await.json[kind.list_key], json!([]));
        let res = app
            .call(Method::DELETE, kind.path, g, Some(json!({"id": id})))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_date_that_is_not_a_date_is_refused() {
    let app = TestApp::new().await;
    let grace = app.register("grace@example.com", &["FREELANCER"]).await;
    let res = app
        .post(
            "/api/v1/users/freelancer/education",
            Some(&grace.token),
            json!({"school": "Vassar", "startDate": "September"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.json["errors"][0]["field"], "startDate");
}
