//! `POST /api/v1/notifications/read-all`: marks every notification of the caller read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarkedRead {
    /// How many were unread until now.
    pub marked: u64,
    /// Always 0 right after.
    pub unread_count: i64,
}

/// Marks every notification of the caller read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = MarkedRead), (status = 401, body = Problem)))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let notifications = &state.notifications;
    idem.run(&state, me.user_id, |_| async move {
        let marked = notifications.mark_all_read(me.user_id).await?;
        let unread_count = notifications.unread_count(me.user_id).await?;
        Ok(Reply::json(
            StatusCode::OK,
            &MarkedRead {
                marked,
                unread_count,
            },
        ))
    })
    .await
}
