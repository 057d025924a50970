//! Accounts routes: our own `/api/v1/auth`, `/api/v1/users`, and WorkUp's user routes.

mod get_me;
mod login;
mod refresh;
mod register;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register::register_user))
        .routes(routes!(login::login))
        .routes(routes!(refresh::refresh_session))
        .routes(routes!(refresh::logout))
        .routes(routes!(get_me::get_me))
}
