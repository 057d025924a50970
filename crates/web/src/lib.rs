//! The website: server-rendered pages (askama templates) for people using a browser,
//! calling the domain services directly — the same ones the API handlers call. Sessions
//! live in cookies ([`session`]); every form carries a CSRF token and is accepted only
//! from this site ([`form`]). The stylesheet is compiled into the binary.
//!
//! [`site`] is handed to `openlance_http::router_with_site`, which answers with it every
//! path that is not the API's.

mod ctx;
mod error;
mod flash;
mod form;
mod pages;
mod renewal;
pub mod session;

use axum::Router;
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use openlance_http::AppState;

pub use session::{CSRF_COOKIE, FLASH_COOKIE, REFRESH_COOKIE};

const SITE_CSS: &str = include_str!("../assets/site.css");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SITE_CSS,
    )
}

/// The website's routes, with their session layer and the site's 404.
pub fn site(state: AppState) -> Router {
    use pages::{
        account, admin, auth, contracts, home, jobs, links, notifications, orders, sell, services,
        users, wallet,
    };
    Router::new()
        .route("/", get(home::show))
        .route("/login", get(auth::login::form).post(auth::login::submit))
        .route(
            "/signup",
            get(auth::signup::form).post(auth::signup::submit),
        )
        .route("/logout", post(auth::logout::submit))
        .route(
            "/forgot-password",
            get(auth::forgot::form).post(auth::forgot::submit),
        )
        .route(
            "/reset-password",
            get(auth::reset::form).post(auth::reset::submit),
        )
        .route(
            "/verify-email",
            get(auth::verify::form).post(auth::verify::submit),
        )
        .route("/account/verify-email", post(auth::verify::resend))
        .route("/services", get(services::browse::show))
        .route("/services/{id}", get(services::show::show))
        .route("/services/{id}/order", post(services::get_now::submit))
        .route("/sell", get(sell::list::show))
        .route("/sell/{id}/{action}", post(sell::status::submit))
        .route(
            "/sell/{id}/edit",
            get(services::edit::form).post(services::edit::submit),
        )
        .route(
            "/sell/new",
            get(services::create::form).post(services::create::submit),
        )
        .route("/jobs", get(jobs::browse::show))
        .route("/my-work", get(jobs::mine::show))
        .route(
            "/jobs/new",
            get(jobs::create::form).post(jobs::create::submit),
        )
        .route("/jobs/{id}", get(jobs::show::show))
        .route("/jobs/{id}/proposals", post(jobs::propose::submit))
        .route(
            "/jobs/{id}/proposals/{proposal}/accept",
            post(jobs::accept::submit),
        )
        .route("/contracts", get(contracts::list::show))
        .route("/contracts/{id}", get(contracts::show::show))
        .route("/contracts/{id}/terminations", get(links::terminations))
        .route(
            "/contracts/{id}/milestones/{milestone}",
            get(links::milestone),
        )
        .route("/proposals/{id}", get(links::proposal))
        .route(
            "/contracts/{id}/milestones/{milestone}/{action}",
            post(contracts::milestone::submit),
        )
        .route("/orders", get(orders::list::show))
        .route("/orders/{id}", get(orders::show::show))
        .route("/orders/{id}/checkout", get(orders::checkout::show))
        .route("/orders/{id}/pay", post(orders::pay::submit))
        .route("/orders/{id}/review", post(orders::review::submit))
        .route(
            "/orders/{id}/reviews/{review}/reply",
            post(orders::reply::submit),
        )
        .route("/orders/{id}/{action}", post(orders::act::submit))
        .route("/users/{id}", get(users::show::show))
        .route("/wallet", get(wallet::show::show))
        .route("/wallet/top-up", post(wallet::top_up::submit))
        .route("/wallet/withdraw", post(wallet::withdraw::submit))
        .route(
            "/account",
            get(account::edit::form).post(account::edit::submit),
        )
        .route("/notifications", get(notifications::list::show))
        .route(
            "/notifications/read-all",
            post(notifications::read_all::submit),
        )
        .route(
            "/notifications/{id}/read",
            post(notifications::read::submit),
        )
        .route(
            "/notifications/preferences",
            get(notifications::preferences::form).post(notifications::preferences::submit),
        )
        .route("/admin", get(admin::home))
        .route("/admin/disputes", get(admin::disputes::show))
        .route(
            "/admin/disputes/{id}/{action}",
            post(admin::resolve::submit),
        )
        .route("/admin/ledger", get(admin::ledger::show))
        .route("/admin/users", get(admin::users::show))
        .route("/admin/dead-letters", get(admin::dead_letters::show))
        .route(
            "/admin/dead-letters/{what}/{id}/retry",
            post(admin::retry::submit),
        )
        .route("/assets/site.css", get(stylesheet))
        .fallback(error::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::layer,
        ))
        .with_state(state)
}
