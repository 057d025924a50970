//! Achievements, education and experience in WorkUp's shapes (snake_case fields, updates by
//! `<kind>_id` with `new_<field>` values, removal by `?<kind>Id=`): create, list, update,
//! delete, only one's own.

use axum::http::{Method, StatusCode};
use openlance_http::testing::TestApp;
use serde_json::{Value, json};

struct Kind {
    path: &'static str,
    list_key: &'static str,
    /// The id's name in bodies and lists, and in the delete query.
    id_field: &'static str,
    id_query: &'static str,
    create: Value,
    /// `new_<field>` values.
    update: Value,
    /// The field the update changes, and its new value.
    changed_field: &'static str,
    changed_to: Value,
    missing_required: Value,
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            path: "/api/v1/users/freelancer/achievements",
            list_key: "achievements",
            id_field: "achievement_id",
            id_query: "achievementId",
            create: json!({"achievement_name": "Turing Award", "awarded_by": "ACM",
                           "achievement_description": "For compilers", "award_date": "1990-01-01"}),
            update: json!({"new_awarded_by": "IEEE"}),
            changed_field: "awarded_by",
            changed_to: json!("IEEE"),
            missing_required: json!({"awarded_by": "ACM"}),
        },
        Kind {
            path: "/api/v1/users/freelancer/education",
            list_key: "educations",
            id_field: "education_id",
            id_query: "educationId",
            create: json!({"school_name": "Yale", "degree": "PhD", "major": "Mathematics",
                           "education_start_date": "1928-09-01", "end_date": "1934-06-01",
                           "city": "New Haven",
                           "education_description": "Thesis on irreducibility", "grade": "A"}),
            update: json!({"new_grade": "A+"}),
            changed_field: "grade",
            changed_to: json!("A+"),
            missing_required: json!({"degree": "PhD"}),
        },
        Kind {
            path: "/api/v1/users/freelancer/experience",
            list_key: "experiences",
            id_field: "experience_id",
            id_query: "experienceId",
            create: json!({"company_name": "US Navy", "job_title": "Rear Admiral",
                           "employment_start": "1943-12-01", "employment_end": "1986-08-14",
                           "city": "Washington", "experience_description": "Mark I"}),
            update: json!({"new_city": "Arlington"}),
            changed_field: "city",
            changed_to: json!("Arlington"),
            missing_required: json!({"company_name": "Navy"}),
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
        let mut create = kind.create.clone();
        // WorkUp sends fields we do not use; they are ignored.
        create["userId"] = json!(grace.id);
        create["freelancer_id"] = json!(grace.id);
        let res = app.post(kind.path, g, create).await;
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
        assert_eq!(items[0][kind.id_field], id.as_str());
        for (k, v) in kind.create.as_object().unwrap() {
            assert_eq!(&items[0][k], v, "{} {k}", kind.path);
        }

        // Another freelancer: cannot see, update or delete it.
        assert_eq!(app.get(kind.path, m).await.json[kind.list_key], json!([]));
        let mut update = kind.update.clone();
        update[kind.id_field] = json!(id);
        update["userId"] = json!(grace.id);
        let res = app.put(kind.path, m, update.clone()).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", kind.path);
        let res = app
            .call(
                Method::DELETE,
                kind.path,
                m,
                Some(json!({ kind.id_field: id })),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", kind.path);
        let res = app
            .delete(&format!("{}?{}={id}", kind.path, kind.id_query), m)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);

        // The owner updates only the fields sent.
        let res = app.put(kind.path, g, update.clone()).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(res.json[kind.changed_field], kind.changed_to);
        assert_eq!(res.json[kind.id_field], id.as_str());
        let items = app.get(kind.path, g).await.json[kind.list_key].clone();
        assert_eq!(items[0][kind.changed_field], kind.changed_to);
        let (first_key, first_value) = kind.create.as_object().unwrap().iter().next().unwrap();
        if first_key != kind.changed_field {
            assert_eq!(&items[0][first_key], first_value, "untouched fields stay");
        }

        // Public profile shows the items.
        let public = app.get(&format!("/api/v1/users/{}", grace.id), None).await;
        assert!(public.text.contains(&id), "{}", public.text);

        // Bad input.
        for bad in [
            kind.missing_required.clone(),
            json!({"userId": grace.id}),
            {
                // Our own camelCase names are not WorkUp's: the required field is missing.
                json!({"achievementName": "x", "school": "x", "companyName": "x", "jobTitle": "x"})
            },
        ] {
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
        let res = app
            .put(kind.path, g, json!({ kind.id_field: "not-an-id" }))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = app
            .delete(&format!("{}?{}=nope", kind.path, kind.id_query), g)
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);

        // The owner deletes it (WorkUp's query form): 200, then it is gone.
        let res = app
            .delete(&format!("{}?{}={id}", kind.path, kind.id_query), g)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(res.json["statusCode"], "OK");
        assert_eq!(app.get(kind.path, g).await.json[kind.list_key], json!([]));
        let res = app
            .call(
                Method::DELETE,
                kind.path,
                g,
                Some(json!({ kind.id_field: id })),
            )
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
            json!({"school_name": "Vassar", "education_start_date": "September"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
    assert_eq!(res.json["errors"][0]["field"], "education_start_date");
}
