//! Cross-cutting behaviour every route shares: health, readiness, metrics, the OpenAPI
//! document and its page, request ids, and problem+json for bad requests.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::new().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json["status"], "ok");
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json["status"], "ready");
}

#[tokio::test]
async fn readiness_fails_naming_a_consumer_while_it_is_down_and_recovers() {
    let app = TestApp::new().await;
    app.state.consumers.down("notifications", "stream deleted");
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.code(), "not_ready");
    assert_eq!(res.content_type(), "application/problem+json");
    assert!(
        res.json["detail"]
            .as_str()
            .unwrap()
            .contains("notifications"),
        "{}",
        res.json
    );
    app.state.consumers.up("notifications");
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let res = app.get("/healthz", None).await;
    let id = res
        .headers
        .get("x-request-id")
        .expect("request id")
        .to_str()
        .unwrap();
    assert_eq!(id.len(), 36);
    let req = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.headers["x-request-id"], "abc-123");
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_are_problem_json() {
    let app = TestApp::new().await;
    let res = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.content_type(), "application/problem+json");
    assert_eq!(res.json["status"], 404);
    assert_eq!(res.code(), "route_not_found");

    let res = app.call(Method::DELETE, "/healthz", None, None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.content_type(), "application/problem+json");
    assert_eq!(res.code(), "method_not_allowed");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = TestApp::new().await;
    app.get("/healthz", None).await;
    app.get("/healthz", None).await;
    app.get("/no/such/route", None).await;
    let res = app.get("/metrics", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.text.contains(
            r#"openlance_http_requests_total{method="GET",route="/healthz",status="200"} 2"#
        ),
        "{}",
        res.text
    );
    assert!(res.text.contains(r#"route="unmatched",status="404"} 1"#));
    assert!(res.text.contains("openlance_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"} 2"));
    assert!(
        res.text.contains("openlance_outbox_pending 0"),
        "{}",
        res.text
    );
}

#[tokio::test]
async fn the_openapi_document_is_openapi_3_and_the_docs_page_is_served_offline() {
    let app = TestApp::new().await;
    let res = app.get("/api/openapi.json", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.json["openapi"].as_str().unwrap().starts_with("3."));
    assert!(res.json["paths"]["/healthz"]["get"].is_object());
    assert!(res.json["components"]["securitySchemes"]["bearer"].is_object());
    for (path, item) in res.json["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let described = response["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty());
                assert!(described, "{method} {path} {status} has no description");
            }
        }
    }

    let res = app.get("/docs/", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text.contains("swagger"), "{}", res.text);
    let res = app.get("/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "the UI's scripts are served from the binary"
    );
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_gzip() {
    let app = TestApp::new().await;
    let req = Request::get("/api/openapi.json")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.headers[header::CONTENT_ENCODING], "gzip");
}
