//! Assembles the router: API routes collected with their OpenAPI descriptions, the
//! document and its browsable page, fallbacks, and the middleware stack.

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::PROBLEM_JSON;
use crate::{ApiError, AppState, api, metrics, ops};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Openlance API",
        description = "The REST API of the Openlance freelance marketplace, including the \
            WorkUp-compatible routes. Money in Openlance's own JSON is \
            `{\"amount\": <integer minor units>, \"currency\": \"USD\"}`; WorkUp's routes keep \
            WorkUp's whole-currency numbers (see each schema). Errors are RFC 9457 \
            problem+json documents with a stable `code`.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "accounts", description = "Registration, login, tokens and profiles"),
        (name = "workup-users", description = "WorkUp-compatible user routes"),
        (name = "payments", description = "Wallets, ledger and payment requests"),
        (name = "workup-payments", description = "WorkUp-compatible payment routes"),
        (name = "contracts", description = "Contracts: lists, history, milestone funding, termination decisions"),
        (name = "workup-contracts", description = "WorkUp-compatible contract and milestone routes"),
        (name = "reviews", description = "Double-blind reviews of completed orders, replies and ratings"),
        (name = "notifications", description = "In-app notifications, e-mail preferences and unsubscribe links"),
        (name = "orders", description = "Bookings of services: \"Get now\", confirm, deposit, deliver, complete, cancel, dispute"),
        (name = "admin", description = "Admins only: cancelling orders, resolving disputes"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

fn collect(state: Option<AppState>) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .merge(api::router(state))
        .split_for_parts();
    describe_responses(&mut doc);
    (router, doc)
}

/// OpenAPI requires a description on every response; where a handler gave none, use the
/// status's reason phrase ("Created", "Not Found"), so the document validates.
fn describe_responses(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            for (status, response) in operation.responses.responses.iter_mut() {
                if let utoipa::openapi::RefOr::T(response) = response
                    && response.description.is_empty()
                {
                    response.description = status
                        .parse::<u16>()
                        .ok()
                        .and_then(|code| StatusCode::from_u16(code).ok())
                        .and_then(|code| code.canonical_reason())
                        .unwrap_or("Response")
                        .to_string();
                }
            }
        }
    }
}

/// The OpenAPI document of every route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    collect(None).1
}

/// The whole HTTP application: the API alone.
pub fn router(state: AppState) -> Router {
    router_with_site(state, None)
}

/// The whole HTTP application, with the website (`site`, already given its state)
/// answering every path the API, the operations routes and the docs do not; unknown
/// paths under `/api/` stay problem+json 404s. The same middleware wraps both.
pub fn router_with_site(state: AppState, site: Option<Router>) -> Router {
    let (routes, doc) = collect(Some(state.clone()));
    let body_limit = state.http.body_limit;
    let timeout = state.http.request_timeout;
    let routes = routes.merge(SwaggerUi::new("/docs").url("/api/openapi.json", doc));
    let routes = match site {
        Some(site) => routes
            .route("/api/{*rest}", axum::routing::any(not_found))
            .fallback_service(site),
        None => routes.fallback(not_found),
    };
    routes
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::map_response(problem_for_bare_errors))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CompressionLayer::new())
                .layer(CatchPanicLayer::custom(panicked)),
        )
        .with_state(state)
}

fn request_span(req: &Request) -> tracing::Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str());
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), route, request_id = id)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "route_not_found", "no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not accept that method",
    )
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "an internal error occurred; it has been logged",
    )
    .into_response()
}

/// Errors produced by layers (timeouts, limits) carry no body; give them a problem document.
async fn problem_for_bare_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error())
        || res.headers().contains_key(header::CONTENT_TYPE)
    {
        return res;
    }
    let (code, detail) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "the request body is too large"),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => {
            ("timeout", "the request took too long")
        }
        _ => ("error", status.canonical_reason().unwrap_or("error")),
    };
    let mut out = ApiError::new(status, code, detail).into_response();
    for (name, value) in res.headers() {
        if name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    out
}
