//! `POST /api/v1/notifications/{notificationId}/read`: marks one of the caller's
//! notifications read; another person's is a 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_notifications::in_app::NotificationId;

use super::views::NotificationView;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Marks a notification read (marking it again changes nothing).
#[utoipa::path(post, path = "/api/v1/notifications/{notificationId}/read", tag = "notifications",
    security(("bearer" = [])),
    params(("notificationId" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = NotificationView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn mark_read(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(notification_id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = NotificationId::parse(&notification_id)?;
    let notifications = &state.notifications;
    idem.run(&state, me.user_id, |_| async move {
        let read = notifications.mark_read(me.user_id, id).await?;
        Ok(Reply::json(StatusCode::OK, &NotificationView::from(read)))
    })
    .await
}
