//! `POST /api/v1/admin/disputes/{orderId}/release`: an admin releases a disputed order to
//! the seller (DISPUTED → COMPLETED) with a note: paid as the auto-complete timer pays, the
//! balance from the buyer's wallet when it holds enough, otherwise left as `balanceDue`.
//! Anyone else gets a 403.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::{OrderId, Resolution};

use super::admin_cancel_order::AdminNote;
use super::views::OrderView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Releases a dispute to the seller (admins only).
#[utoipa::path(post, path = "/api/v1/admin/disputes/{orderId}/release", tag = "admin",
    security(("bearer" = [])), request_body = AdminNote,
    params(("orderId" = String, Path, description = "the disputed order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "not an admin"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the order is not DISPUTED")))]
pub async fn release_dispute(
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
            .resolve_dispute(me.user_id, admin, id, Resolution::Release, &body.note)
            .await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
