//! `GET/POST /login`: email and password; on success the session cookies are set and the
//! visitor goes back where they were sent from.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use openlance_http::{AppState, ClientAddr};
use serde::Deserialize;

use crate::ctx::{Ctx, local_path};
use crate::flash;
use crate::form::WebForm;
use crate::session::{over_tls, session_cookies};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    ctx: Ctx,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn form(ctx: Ctx, Query(q): Query<Next>) -> LoginPage {
    LoginPage {
        ctx,
        next: local_path(q.next.as_deref()),
        email: String::new(),
        error: None,
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    WebForm(f): WebForm<LoginForm>,
) -> Response {
    let next = local_path(f.next.as_deref());
    match state.accounts.login(&f.email, &f.password, &addr).await {
        Ok(session) => {
            let mut res = flash::ok(&next, format!("Welcome back, {}.", session.user.name));
            for cookie in session_cookies(Some(&session), over_tls(&headers)) {
                res.headers_mut().append(header::SET_COOKIE, cookie);
            }
            res
        }
        Err(e) => LoginPage {
            ctx,
            next,
            email: f.email,
            error: Some(e.to_string()),
        }
        .into_response(),
    }
}
