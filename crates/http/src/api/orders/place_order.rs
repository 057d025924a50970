//! `POST /api/v1/services/{serviceId}/orders`: "Get now" — the caller orders a service;
//! the order copies its title, price and deposit and waits for the seller (REQUESTED).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use openlance_core::Problem;
use openlance_orders::NewOrder;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::OrderView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlaceOrder {
    /// What the seller needs to know, 1 to 5000 characters.
    pub requirements: String,
    /// When the buyer wants it done (RFC 3339); not in the past.
    pub scheduled_for: Option<DateTime<Utc>>,
}

/// Orders an ACTIVE service of another seller.
#[utoipa::path(post, path = "/api/v1/services/{serviceId}/orders", tag = "orders",
    security(("bearer" = [])), request_body = PlaceOrder,
    params(("serviceId" = String, Path, description = "the service"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 201, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "`service_not_orderable` (paused or archived) or `own_service`")))]
pub async fn place_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(service_id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<PlaceOrder>,
) -> Result<Response, ApiError> {
    let orders = &state.orders;
    idem.run(&state, me.user_id, |_| async move {
        let new = NewOrder {
            requirements: body.requirements,
            scheduled_for: body.scheduled_for,
        };
        let order = orders.place(me.user_id, &service_id, new).await?;
        Ok(Reply::json(StatusCode::CREATED, &OrderView::from(order)))
    })
    .await
}
