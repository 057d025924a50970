//! `GET /api/v1/notifications`: the caller's notifications, newest first, with how many
//! are unread.

use axum::Json;
use axum::extract::State;
use openlance_core::{Problem, page_limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::NotificationView;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many of the caller's notifications are unread, on every page.
    pub unread_count: i64,
}

/// The caller's notifications, newest first, cursor-paginated.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    security(("bearer" = [])), params(NotificationQuery),
    responses((status = 200, body = NotificationPage), (status = 400, body = Problem),
        (status = 401, body = Problem)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let limit = page_limit(query.limit)?;
    let inbox = state
        .notifications
        .inbox(me.user_id, query.cursor.as_deref(), limit)
        .await?;
    Ok(Json(NotificationPage {
        next_cursor: inbox.page.next_cursor,
        items: inbox.page.items.into_iter().map(Into::into).collect(),
        unread_count: inbox.unread,
    }))
}
