//! Accounts routes: our own `/api/v1/auth`, `/api/v1/users`, and WorkUp's user routes.

mod delete_me;
mod get_me;
mod get_user;
mod list_freelancers;
mod login;
pub mod profile_cache;
mod refresh;
mod register;
mod reset_password;
mod update_me;
mod verify_email;
mod workup;

use axum::middleware;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// The accounts routes; with `state`, wrapped in the middleware that forgets a changed
/// profile's cached copy (the OpenAPI document is built without one).
pub fn router(state: Option<AppState>) -> OpenApiRouter<AppState> {
    let routes = OpenApiRouter::new()
        .routes(routes!(register::register_user))
        .routes(routes!(login::login))
        .routes(routes!(refresh::refresh_session))
        .routes(routes!(refresh::logout))
        .routes(routes!(verify_email::request_email_verification))
        .routes(routes!(verify_email::verify_email))
        .routes(routes!(reset_password::request_password_reset))
        .routes(routes!(reset_password::reset_password))
        .routes(routes!(
            get_me::get_me,
            update_me::update_me,
            delete_me::delete_me
        ))
        .routes(routes!(get_user::get_user))
        .routes(routes!(list_freelancers::list_freelancers))
        .merge(workup::router().route_layer(axum::middleware::from_fn(
            super::workup_envelope::workup_envelope,
        )));
    match state {
        Some(state) => routes.route_layer(middleware::from_fn_with_state(
            state,
            profile_cache::forget_changed_profile,
        )),
        None => routes,
    }
}
