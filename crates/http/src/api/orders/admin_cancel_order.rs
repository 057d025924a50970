//! `POST /api/v1/admin/orders/{orderId}/cancel`: an admin cancels an order that is not
//! yet delivered, with a note; what its escrow holds goes back to the buyer. Anyone
//! else gets a 403.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::OrderId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::OrderView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AdminNote {
    /// Why, 1 to 5000 characters; recorded in the order's history and told to both parties.
    pub note: String,
}

/// Cancels any order before delivery (admins only), refunding its deposit.
#[utoipa::path(post, path = "/api/v1/admin/orders/{orderId}/cancel", tag = "admin",
    security(("bearer" = [])), request_body = AdminNote,
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "not an admin"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "delivered or finished")))]
pub async fn admin_cancel_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<AdminNote>,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    let admin = me.is_admin();
    idem.run(&state, me.user_id, |_| async move {
        let order = orders
            .admin_cancel(me.user_id, admin, id, &body.note)
            .await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
