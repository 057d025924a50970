//! Notifications routes (Openlance's own): the caller's in-app list with its unread count,
//! marking read, e-mail preferences per kind, and the unsubscribe link e-mails carry
//! (which needs no login: its token is signed by the server).

mod get_preferences;
mod list_notifications;
mod mark_all_read;
mod mark_read;
mod unsubscribe;
mod update_preferences;
mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications::list_notifications))
        .routes(routes!(mark_read::mark_read))
        .routes(routes!(mark_all_read::mark_all_read))
        .routes(routes!(
            get_preferences::get_preferences,
            update_preferences::update_preferences
        ))
        .routes(routes!(
            unsubscribe::unsubscribe_page,
            unsubscribe::unsubscribe
        ))
}
